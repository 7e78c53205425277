import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Sql, Tx } from '../../../platform/db/db.js';

/** What the provider stores: an opaque JSON object per artifact. */
export type Payload = Record<string, unknown>;

/** Where the `Client` model comes from: the `identity.api_clients` table, not `oidc_payloads`. */
export interface ClientSource {
  find(clientId: string): Promise<Payload | undefined>;
}

interface Row {
  payload: Payload | string;
  consumed_at: Date | string | null;
}

/**
 * oidc-provider's storage adapter on `identity.oidc_payloads`. Work done inside `withTransaction`
 * joins that transaction (so a grant and its consent record commit together); everything else runs
 * on the pool.
 */
export function createOidcStorage(db: Db, clock: Clock, clients: ClientSource) {
  const ambient = new AsyncLocalStorage<Tx>();
  const sql = (): Sql => ambient.getStore() ?? db;

  class PgAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') throw new Error('clients are managed through /api/v1/identity/clients');
      const expiresAt = expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000) : null;
      await sql().query(
        `insert into identity.oidc_payloads (id, model, payload, grant_id, user_code, uid, expires_at)
         values ($1, $2, $3::jsonb, $4, $5, $6, $7)
         on conflict (model, id) do update
           set payload = excluded.payload, grant_id = excluded.grant_id, user_code = excluded.user_code,
               uid = excluded.uid, expires_at = excluded.expires_at`,
        [
          id,
          this.model,
          JSON.stringify(payload),
          str(payload.grantId),
          str(payload.userCode),
          str(payload.uid),
          expiresAt,
        ],
      );
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return clients.find(id);
      return this.one('id = $2', id);
    }

    findByUid(uid: string): Promise<Payload | undefined> {
      return this.one('uid = $2', uid);
    }

    findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.one('user_code = $2', userCode);
    }

    async consume(id: string): Promise<void> {
      await sql().query(
        'update identity.oidc_payloads set consumed_at = $3 where model = $1 and id = $2 and consumed_at is null',
        [this.model, id, clock.now()],
      );
    }

    async destroy(id: string): Promise<void> {
      await sql().query('delete from identity.oidc_payloads where model = $1 and id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await sql().query('delete from identity.oidc_payloads where grant_id = $1', [grantId]);
    }

    private async one(where: string, value: string): Promise<Payload | undefined> {
      const { rows } = await sql().query<Row>(
        `select payload, consumed_at from identity.oidc_payloads
          where model = $1 and ${where} and (expires_at is null or expires_at > $3)`,
        [this.model, value, clock.now()],
      );
      const row = rows[0];
      if (!row) return undefined;
      const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Payload) : row.payload;
      return row.consumed_at
        ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) }
        : payload;
    }
  }

  return {
    Adapter: PgAdapter,
    /** Runs `fn` in one transaction that every adapter call made inside it joins. */
    withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return db.tx((tx) => ambient.run(tx, () => fn(tx)));
    },
    /** Which of these grants still exist and have not expired at `now`, in one query. */
    async liveGrantIds(grantIds: readonly string[], now: Date): Promise<Set<string>> {
      if (!grantIds.length) return new Set();
      const { rows } = await sql().query<{ id: string }>(
        `select id from identity.oidc_payloads
          where model = 'Grant' and id = any($1::text[]) and (expires_at is null or expires_at > $2)`,
        [[...new Set(grantIds)], now],
      );
      return new Set(rows.map((r) => r.id));
    },
    /** Deletes artifacts that expired before `before` (a job runs this). */
    async purgeExpired(before: Date): Promise<number> {
      const { rowCount } = await db.query('delete from identity.oidc_payloads where expires_at < $1', [
        before,
      ]);
      return rowCount;
    },
  };
}

export type OidcStorage = ReturnType<typeof createOidcStorage>;

const str = (v: unknown) => (typeof v === 'string' ? v : null);
