import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../../test/helpers/db.js';
import { ManualClock } from '../../../platform/clock.js';
import { createOidcStorage } from './adapter.js';

describe('oidc-provider storage on identity.oidc_payloads', () => {
  let db: Awaited<ReturnType<typeof testDb>>;
  const clock = new ManualClock('2026-03-02T09:00:00+07:00');
  const client = { client_id: 'c1', redirect_uris: ['https://a.example/cb'] };
  let storage: ReturnType<typeof createOidcStorage>;

  beforeAll(async () => {
    db = await testDb();
    storage = createOidcStorage(db, clock, { find: async (id) => (id === 'c1' ? client : undefined) });
  });
  afterAll(() => db.drop());

  it('stores, finds, consumes and destroys by model and id', async () => {
    const codes = new storage.Adapter('AuthorizationCode');
    const tokens = new storage.Adapter('AccessToken');
    await codes.upsert('x1', { grantId: 'g1', accountId: 'a' }, 60);
    await tokens.upsert('x1', { grantId: 'g2' }, 60);
    expect(await codes.find('x1')).toEqual({ grantId: 'g1', accountId: 'a' });
    await codes.upsert('x1', { grantId: 'g1', accountId: 'b' }, 60);
    expect(await codes.find('x1')).toMatchObject({ accountId: 'b' });
    await codes.consume('x1');
    expect(await codes.find('x1')).toMatchObject({ consumed: Math.floor(clock.now().getTime() / 1000) });
    await codes.destroy('x1');
    expect(await codes.find('x1')).toBeUndefined();
    expect(await tokens.find('x1')).toEqual({ grantId: 'g2' });
  });

  it('finds sessions by uid and device codes by user code', async () => {
    await new storage.Adapter('Session').upsert('s1', { uid: 'u-1', accountId: 'a' }, 600);
    await new storage.Adapter('DeviceCode').upsert('d1', { userCode: 'ABCD', grantId: 'g9' }, 600);
    expect(await new storage.Adapter('Session').findByUid('u-1')).toMatchObject({ accountId: 'a' });
    expect(await new storage.Adapter('DeviceCode').findByUserCode('ABCD')).toMatchObject({ grantId: 'g9' });
  });

  it('revokes everything of a grant across models', async () => {
    await new storage.Adapter('RefreshToken').upsert('r1', { grantId: 'g3' }, 600);
    await new storage.Adapter('AccessToken').upsert('a3', { grantId: 'g3' }, 600);
    await new storage.Adapter('AccessToken').upsert('a4', { grantId: 'g4' }, 600);
    await new storage.Adapter('AccessToken').revokeByGrantId('g3');
    expect(await new storage.Adapter('RefreshToken').find('r1')).toBeUndefined();
    expect(await new storage.Adapter('AccessToken').find('a3')).toBeUndefined();
    expect(await new storage.Adapter('AccessToken').find('a4')).toBeDefined();
  });

  it('hides expired rows and the purge job deletes them', async () => {
    const tokens = new storage.Adapter('AccessToken');
    await tokens.upsert('old', { grantId: 'g5' }, 60);
    clock.advance(61_000);
    expect(await tokens.find('old')).toBeUndefined();
    expect(await storage.purgeExpired(clock.now())).toBeGreaterThanOrEqual(1);
    const { rows } = await db.query("select 1 from identity.oidc_payloads where id = 'old'");
    expect(rows).toHaveLength(0);
  });

  it('tells which grants are live: stored as a Grant, without an expiry or not yet expired', async () => {
    const grants = new storage.Adapter('Grant');
    await grants.upsert('live-1', { accountId: 'a' });
    await grants.upsert('live-2', { accountId: 'a' }, 600);
    await grants.upsert('ending', { accountId: 'a' }, 60);
    await new storage.Adapter('AccessToken').upsert('token-1', { grantId: 'live-1' }, 600);
    clock.advance(61_000);
    const live = await storage.liveGrantIds(
      ['live-1', 'live-2', 'ending', 'token-1', 'unknown'],
      clock.now(),
    );
    expect([...live].sort()).toEqual(['live-1', 'live-2']);
    expect(await storage.liveGrantIds([], clock.now())).toEqual(new Set());
  });

  it('reads clients from the client source and never writes them', async () => {
    const clients = new storage.Adapter('Client');
    expect(await clients.find('c1')).toEqual(client);
    expect(await clients.find('nope')).toBeUndefined();
    await expect(clients.upsert('c2', {}, 0)).rejects.toThrow(/api\/v1\/identity\/clients/);
  });

  it('joins the ambient transaction: a rolled-back grant leaves nothing', async () => {
    await expect(
      storage.withTransaction(async () => {
        await new storage.Adapter('Grant').upsert('g-rolled', { accountId: 'a' }, 600);
        throw new Error('consent insert failed');
      }),
    ).rejects.toThrow('consent insert failed');
    expect(await new storage.Adapter('Grant').find('g-rolled')).toBeUndefined();
  });
});
