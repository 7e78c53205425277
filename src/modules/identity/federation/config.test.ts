import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../platform/config.js';

describe('federation configuration', () => {
  it('defaults VNeID to the simulator outside production, and turns everything off in production', () => {
    const dev = loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).federation;
    expect(dev.simulator).toBe(true);
    expect(dev.vneid).toMatchObject({ issuer: 'http://localhost:3000/dev/vneid', clientId: 'congdanso-dev' });
    expect(dev.dvcqg.issuer).toBeUndefined();
    const prod = loadConfig({ NODE_ENV: 'production' }).federation;
    expect(prod.simulator).toBe(false);
    expect(prod.vneid.issuer).toBeUndefined();
  });

  it('uses a configured provider instead of the simulator, and needs its client id and credentials', () => {
    const real = loadConfig({
      VNEID_ISSUER: 'https://sso.vneid.example',
      VNEID_CLIENT_ID: 'cds',
      VNEID_CLIENT_SECRET: 's',
      VNEID_LEVEL_CLAIM: 'acr_level',
    }).federation;
    expect(real.simulator).toBe(false);
    expect(real.vneid).toMatchObject({ issuer: 'https://sso.vneid.example', levelClaim: 'acr_level' });
    expect(() => loadConfig({ DVCQG_ISSUER: 'https://sso.dichvucong.example' })).toThrow(/DVCQG_CLIENT_ID/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        VNEID_ISSUER: 'https://sso.vneid.example',
        VNEID_CLIENT_ID: 'cds',
      }),
    ).toThrow(ConfigError);
  });
});
