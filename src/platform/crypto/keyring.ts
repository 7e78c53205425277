import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock.js';
import type { Db } from '../db/db.js';
import { DomainError } from '../http/errors.js';
import type { Envelope } from './envelope.js';
import './i18n.js';
import {
  insertKey,
  lockSigningKeys,
  type PublicJwk,
  retireActiveKey,
  type SigningKeyRow,
  selectActiveKey,
  selectUsableKeys,
} from './signing-keys-repo.js';

const DAY_MS = 86_400_000;
const UNITS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

export type Duration = number | `${number}${keyof typeof UNITS}`;

export interface SignOptions {
  /** The JOSE "typ" header, e.g. `qr+jwt`; verify can require it. */
  typ: string;
  /** Lifetime: seconds, or `30s`, `15m`, `12h`, `30d`. Never longer than the key retention. */
  expiresIn: Duration;
}

export interface VerifyOptions {
  typ?: string;
}

export interface VerifiedToken {
  payload: JWTPayload;
  kid: string;
  typ: string | undefined;
}

export interface SigningKeyInfo {
  kid: string;
  status: 'active' | 'retired';
  createdAt: Date;
  notAfter: Date | null;
}

export interface Keyring {
  /** Creates the first Ed25519 key when none is active; safe when several processes start at once. */
  ensureActiveKey(): Promise<SigningKeyInfo>;
  /** A new active key; the old one is retired and still verifies until now + retention. */
  rotate(): Promise<SigningKeyInfo>;
  sign(payload: JWTPayload, options: SignOptions): Promise<string>;
  /** Throws DomainError `crypto.invalid_token` (reason: malformed, unknown_key, signature, expired, claims). */
  verify(token: string, options?: VerifyOptions): Promise<VerifiedToken>;
  jwks(): Promise<{ keys: PublicJwk[] }>;
  /**
   * Private JWKs of the active key (first) and the retired keys still inside their window, for a
   * component that must sign with its own library (the OpenID Provider). Never publish or log these.
   */
  privateJwks(): Promise<PrivateJwk[]>;
  /**
   * Ids of the keys privateJwks() would return, active first, from this process's cached view (read
   * again at most every refreshMs): cheap enough to ask on every request, so a component holding the
   * private keys can tell when another process (or `congdanso keys rotate`) changed them.
   */
  signingKids(): Promise<string[]>;
}

export interface PrivateJwk extends PublicJwk {
  d: string;
}

export interface KeyringDeps {
  db: Db;
  envelope: Envelope;
  clock: Clock;
  retentionDays: number;
  /** How long this process trusts its cached view of the active key (another process may rotate). */
  refreshMs?: number;
}

interface CachedKey {
  row: SigningKeyRow;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

export function createKeyring({
  db,
  envelope,
  clock,
  retentionDays,
  refreshMs = 60_000,
}: KeyringDeps): Keyring {
  let keys = new Map<string, CachedKey>();
  let activeKid: string | undefined;
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  // One query at a time: a burst of tokens with unknown kids costs one read, not one each.
  function reload(): Promise<void> {
    loading ??= (async () => {
      try {
        const rows = await selectUsableKeys(db, clock.now());
        const next = new Map<string, CachedKey>();
        for (const row of rows) {
          const known = keys.get(row.kid);
          next.set(row.kid, {
            row,
            publicKey: known?.publicKey ?? publicKeyOf(row),
            ...(known?.privateKey && row.status === 'active' ? { privateKey: known.privateKey } : {}),
          });
        }
        keys = next;
        activeKid = rows.find((r) => r.status === 'active')?.kid;
        loadedAt = clock.now().getTime();
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  const isStale = () => clock.now().getTime() - loadedAt >= refreshMs;

  async function activeKey(): Promise<CachedKey> {
    if (!activeKid || isStale()) await reload();
    if (!activeKid) await ensureActiveKey();
    const key = keys.get(activeKid ?? '');
    if (!key) throw new Error('no active signing key');
    key.privateKey ??= createPrivateKey({
      key: envelope.decrypt(Buffer.from(key.row.privateKeyEnvelope, 'base64'), privateKeyAad(key.row.kid)),
      format: 'der',
      type: 'pkcs8',
    });
    return key;
  }

  async function ensureActiveKey(): Promise<SigningKeyInfo> {
    const row = await db.tx(async (tx) => {
      await lockSigningKeys(tx);
      const existing = await selectActiveKey(tx);
      if (existing) return existing;
      const created = await newKeyRow(envelope, clock.now());
      await insertKey(tx, created);
      return created;
    });
    await reload();
    return info(row);
  }

  async function rotate(): Promise<SigningKeyInfo> {
    const row = await db.tx(async (tx) => {
      await lockSigningKeys(tx);
      const now = clock.now();
      await retireActiveKey(tx, now, new Date(now.getTime() + retentionDays * DAY_MS));
      const created = await newKeyRow(envelope, now);
      await insertKey(tx, created);
      return created;
    });
    await reload();
    return info(row);
  }

  async function sign(payload: JWTPayload, options: SignOptions): Promise<string> {
    const lifetime = toSeconds(options.expiresIn);
    if (lifetime <= 0 || lifetime > retentionDays * 86_400) {
      throw new Error(
        `token lifetime must be between 1 second and ${retentionDays} days (the key retention)`,
      );
    }
    const key = await activeKey();
    const now = Math.floor(clock.now().getTime() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', kid: key.row.kid, typ: options.typ })
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .sign(key.privateKey as KeyObject);
  }

  async function verify(token: string, options: VerifyOptions = {}): Promise<VerifiedToken> {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw invalidToken('malformed');
    }
    if (typeof kid !== 'string') throw invalidToken('malformed');
    if (!keys.has(kid) || isStale()) await reload();
    const key = keys.get(kid);
    const notAfter = key?.row.notAfter;
    if (!key || (notAfter && notAfter.getTime() <= clock.now().getTime())) throw invalidToken('unknown_key');
    try {
      const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, {
        algorithms: ['EdDSA'],
        currentDate: clock.now(),
        ...(options.typ ? { typ: options.typ } : {}),
      });
      return { payload, kid, typ: protectedHeader.typ };
    } catch (err) {
      throw invalidToken(joseReason(err));
    }
  }

  async function jwks(): Promise<{ keys: PublicJwk[] }> {
    if (isStale()) await reload();
    return { keys: signingKeys().map((k) => k.row.publicJwk) };
  }

  /** Keys still inside their window, the active one first. */
  function signingKeys(): CachedKey[] {
    const now = clock.now().getTime();
    return [...keys.values()]
      .filter((k) => !k.row.notAfter || k.row.notAfter.getTime() > now)
      .sort((a, b) => Number(b.row.kid === activeKid) - Number(a.row.kid === activeKid));
  }

  async function signingKids(): Promise<string[]> {
    await activeKey();
    return signingKeys().map((k) => k.row.kid);
  }

  async function privateJwks(): Promise<PrivateJwk[]> {
    await activeKey();
    return signingKeys().map((k) => {
      const privateKey = createPrivateKey({
        key: envelope.decrypt(Buffer.from(k.row.privateKeyEnvelope, 'base64'), privateKeyAad(k.row.kid)),
        format: 'der',
        type: 'pkcs8',
      });
      const { d } = privateKey.export({ format: 'jwk' });
      if (!d) throw new Error('Ed25519 private key without d');
      return { ...k.row.publicJwk, d };
    });
  }

  return { ensureActiveKey, rotate, sign, verify, jwks, privateJwks, signingKids };
}

async function newKeyRow(envelope: Envelope, now: Date): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' });
  if (!x) throw new Error('Ed25519 public key without x');
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    kid,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
    privateKeyEnvelope: envelope.encrypt(der, privateKeyAad(kid)).toString('base64'),
    status: 'active',
    createdAt: now,
    retiredAt: null,
    notAfter: null,
  };
}

function publicKeyOf(row: SigningKeyRow): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: row.publicJwk.x }, format: 'jwk' });
}

/** Binds a private-key envelope to its row, so it cannot be swapped onto another kid. */
const privateKeyAad = (kid: string) => `crypto.signing_keys:${kid}`;

const info = (row: SigningKeyRow): SigningKeyInfo => ({
  kid: row.kid,
  status: row.status,
  createdAt: row.createdAt,
  notAfter: row.notAfter,
});

function toSeconds(duration: Duration): number {
  if (typeof duration === 'number') return Math.floor(duration);
  const match = /^(\d+)([smhd])$/.exec(duration);
  if (!match) throw new Error(`invalid duration ${duration}`);
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}

type TokenProblem = 'malformed' | 'unknown_key' | 'signature' | 'expired' | 'claims';

function joseReason(err: unknown): TokenProblem {
  switch ((err as { code?: string }).code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return 'claims';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature';
    default:
      return 'malformed';
  }
}

const invalidToken = (reason: TokenProblem) =>
  new DomainError('unauthorized', 'crypto.invalid_token', { reason });
