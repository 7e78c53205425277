import type { Clock } from '../../platform/clock.js';
import type { Envelope } from '../../platform/crypto/envelope.js';
import type { Db, Tx } from '../../platform/db/db.js';
import { type HttpFetch, withTimeout } from '../../platform/notify/ports.js';

export interface ZaloTokenOptions {
  db: Db;
  clock: Clock;
  envelope: Envelope;
  fetch: HttpFetch;
  appId: string;
  /** The App Secret (header `secret_key` of the token endpoint); without it tokens are never refreshed. */
  appSecret: string | undefined;
  oauthUrl: string;
  /** From the environment: used until the first refresh. */
  accessToken: string | undefined;
  refreshToken: string | undefined;
}

export interface ZaloTokenSource {
  /** The access token to send now (refreshed first when the stored one is about to expire). */
  current(): Promise<string>;
  /** Zalo refused the token: get a new pair. False when that is not possible. */
  refresh(): Promise<boolean>;
}

interface Pair {
  accessToken: string;
  refreshToken: string;
}

const EARLY_MS = 5 * 60_000;
// Serialises refreshes across processes: the refresh token works once.
const REFRESH_LOCK = 'notify.zalo_tokens';

/**
 * OA access tokens (25 h) and single-use refresh tokens (3 months), persisted sealed before use so a
 * crash between refresh and store cannot strand the OA without a valid refresh token.
 */
export function createZaloTokenSource(options: ZaloTokenOptions): ZaloTokenSource {
  const { db, clock, envelope } = options;
  const aad = `notify.zalo_tokens:${options.appId}`;

  async function stored(tx: Tx | Db): Promise<{ pair: Pair; expiresAt: Date } | undefined> {
    const { rows } = await tx.query<{ sealed: string; expires_at: Date }>(
      'select sealed, expires_at from notify.zalo_tokens where app_id = $1',
      [options.appId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const pair = JSON.parse(
      envelope.decrypt(Buffer.from(row.sealed, 'base64'), aad).toString('utf8'),
    ) as Pair;
    return { pair, expiresAt: new Date(row.expires_at) };
  }

  async function refresh(onlyIfExpiring: boolean): Promise<string | undefined> {
    if (!options.appSecret) return undefined;
    return db.tx(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [REFRESH_LOCK]);
      const current = await stored(tx);
      if (current && onlyIfExpiring && current.expiresAt.getTime() - EARLY_MS > clock.now().getTime()) {
        return current.pair.accessToken;
      }
      const refreshToken = current?.pair.refreshToken ?? options.refreshToken;
      if (!refreshToken) return undefined;
      const response = await options.fetch(options.oauthUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: options.appSecret! },
        body: new URLSearchParams({
          app_id: options.appId,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        }).toString(),
        signal: withTimeout(new AbortController().signal),
      });
      const answer = (await response.json().catch(() => ({}))) as {
        access_token?: string;
        refresh_token?: string;
        expires_in?: string | number;
      };
      if (!response.ok || !answer.access_token || !answer.refresh_token) return undefined;
      const pair: Pair = { accessToken: answer.access_token, refreshToken: answer.refresh_token };
      const expiresAt = new Date(clock.now().getTime() + Number(answer.expires_in ?? 90_000) * 1000);
      await tx.query(
        `insert into notify.zalo_tokens (app_id, sealed, expires_at, updated_at) values ($1, $2, $3, $4)
         on conflict (app_id) do update set sealed = excluded.sealed, expires_at = excluded.expires_at,
           updated_at = excluded.updated_at`,
        [
          options.appId,
          envelope.encrypt(JSON.stringify(pair), aad).toString('base64'),
          expiresAt,
          clock.now(),
        ],
      );
      return pair.accessToken;
    });
  }

  return {
    async current() {
      const saved = await stored(db);
      if (!saved) return options.accessToken ?? (await refresh(true)) ?? '';
      if (saved.expiresAt.getTime() - EARLY_MS > clock.now().getTime()) return saved.pair.accessToken;
      return (await refresh(true).catch(() => undefined)) ?? saved.pair.accessToken;
    },
    async refresh() {
      return (await refresh(false).catch(() => undefined)) !== undefined;
    },
  };
}
