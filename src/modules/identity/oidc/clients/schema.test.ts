import { describe, expect, it } from 'vitest';
import { CreateClientBody } from './schema.js';

const base = { name: 'Cổng mẫu', purpose: 'Thử nghiệm', scopes: ['openid'] };

describe('client redirect URIs', () => {
  // A probe's fuzz got 500s here: new URL() threw inside the refine after .url() had already failed.
  it.each(['not a url', 'http//x', '::', ''])('refuses %j as a field error, never a throw', (uri) => {
    const parsed = CreateClientBody.safeParse({ ...base, redirectUris: [uri] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path)).toContainEqual(['redirectUris', 0]);
  });

  it('still refuses plain http off the loopback host and fragments, and accepts https', () => {
    const at = (uri: string) => CreateClientBody.safeParse({ ...base, redirectUris: [uri] }).success;
    expect(at('http://example.vn/cb')).toBe(false);
    expect(at('https://example.vn/cb#x')).toBe(false);
    expect(at('https://example.vn/cb')).toBe(true);
    expect(at('http://127.0.0.1:8976/cb')).toBe(true);
  });
});
