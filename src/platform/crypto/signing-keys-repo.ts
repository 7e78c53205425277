import type { Sql, Tx } from '../db/db.js';

/** The public half of an Ed25519 key as published in the JWKS. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKeyRow {
  kid: string;
  publicJwk: PublicJwk;
  privateKeyEnvelope: string;
  status: 'active' | 'retired';
  createdAt: Date;
  retiredAt: Date | null;
  notAfter: Date | null;
}

const COLUMNS = `kid, public_jwk as "publicJwk", private_key_envelope as "privateKeyEnvelope", status,
  created_at as "createdAt", retired_at as "retiredAt", not_after as "notAfter"`;

// Any fixed number works; it only has to be the same in every process of this application.
const SIGNING_KEYS_LOCK = 4_823_102;

/** Serialises key creation and rotation across processes until the transaction ends. */
export async function lockSigningKeys(tx: Tx): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [SIGNING_KEYS_LOCK]);
}

/** The active key and every retired key still inside its verification window. */
export async function selectUsableKeys(sql: Sql, now: Date): Promise<SigningKeyRow[]> {
  const { rows } = await sql.query<SigningKeyRow>(
    `select ${COLUMNS} from crypto.signing_keys
      where status = 'active' or not_after > $1
      order by status = 'active' desc, created_at desc`,
    [now.toISOString()],
  );
  return rows.map(normalise);
}

export async function selectActiveKey(tx: Tx): Promise<SigningKeyRow | undefined> {
  const { rows } = await tx.query<SigningKeyRow>(
    `select ${COLUMNS} from crypto.signing_keys where status = 'active'`,
  );
  return rows[0] && normalise(rows[0]);
}

export async function insertKey(tx: Tx, row: SigningKeyRow): Promise<void> {
  await tx.query(
    `insert into crypto.signing_keys (kid, alg, public_jwk, private_key_envelope, status, created_at)
     values ($1, 'EdDSA', $2, $3, 'active', $4)`,
    [row.kid, JSON.stringify(row.publicJwk), row.privateKeyEnvelope, row.createdAt.toISOString()],
  );
}

export async function retireActiveKey(tx: Tx, now: Date, notAfter: Date): Promise<string | undefined> {
  const { rows } = await tx.query<{ kid: string }>(
    `update crypto.signing_keys set status = 'retired', retired_at = $1, not_after = $2
      where status = 'active' returning kid`,
    [now.toISOString(), notAfter.toISOString()],
  );
  return rows[0]?.kid;
}

function normalise(row: SigningKeyRow): SigningKeyRow {
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    ...row,
    publicJwk: typeof row.publicJwk === 'string' ? JSON.parse(row.publicJwk) : row.publicJwk,
    createdAt: new Date(row.createdAt),
    retiredAt: date(row.retiredAt),
    notAfter: date(row.notAfter),
  };
}
