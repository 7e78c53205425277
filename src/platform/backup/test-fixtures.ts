import { Readable } from 'node:stream';
import type { Sql } from '../db/db.js';
import type { BackupFileStore } from './file-store.js';

/**
 * Tables covering the types the modules use, a self-reference (parent before child is not
 * guaranteed), a generated and an identity column, and a hash-chained append-only ledger shaped
 * like the audit log: its trigger refuses UPDATE/DELETE/TRUNCATE and fills the hash on INSERT.
 */
export const fixtureSchemaSql = `
create schema backup_fx;
create type backup_fx.mood as enum ('vui', 'buồn');
create table backup_fx.kinds (
  id uuid primary key,
  parent_id uuid references backup_fx.kinds(id),
  name text not null,
  note text,
  amount_vnd bigint,
  price numeric(14, 2),
  ratio double precision,
  happened_at timestamptz,
  on_day date,
  duration interval,
  data jsonb,
  tags text[],
  blob bytea,
  mood backup_fx.mood,
  flag boolean,
  name_key text generated always as (lower(name)) stored
);
create table backup_fx.events (
  seq bigint generated always as identity primary key,
  kind_id uuid not null references backup_fx.kinds(id),
  body text not null,
  prev_hash text,
  hash text not null default ''
);
create function backup_fx.chain() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then raise exception 'backup_fx.events is append-only'; end if;
  new.prev_hash := (select hash from backup_fx.events order by seq desc limit 1);
  new.hash := md5(coalesce(new.prev_hash, '') || new.body || clock_timestamp()::text);
  return new;
end $$;
create trigger events_chain before insert or update or delete on backup_fx.events
  for each row execute function backup_fx.chain();
create trigger events_no_truncate before truncate on backup_fx.events
  for each statement execute function backup_fx.chain();
`;

export const child = '0197a000-0000-7000-8000-000000000001';
export const parent = '0197a000-0000-7000-8000-000000000002';
const nfc = 'Phường Hải Châu, thành phố Đà Nẵng'.normalize('NFC');

export async function createFixtureSchema(sql: Sql) {
  for (const statement of fixtureSchemaSql.split(/;\s*\n(?=create )/)) await sql.query(statement);
}

/** Rows with every value kind, the child before its parent in primary-key order. */
export async function fillFixtures(sql: Sql) {
  await sql.query(
    `insert into backup_fx.kinds (id, parent_id, name, note, amount_vnd, price, ratio, happened_at, on_day,
       duration, data, tags, blob, mood, flag)
     values ($1, null, $3, null, 9007199254740993, 12345678901.25, 0.1, '2025-07-01T00:00:00.123456+07:00',
       '2025-07-01', '1 day 02:03:04.5', $4, array['a,b', 'c"d', null], '\\x00ff10'::bytea, 'buồn', true),
            ($2, $1, 'con', E'line\\nbreak\\ttab \\\\ "quoted"', -1, null, 'NaN', null, null, null,
       '[]', '{}', '', null, false)`,
    // Written as text: JSON.stringify would round the 20-digit number that jsonb keeps exactly.
    [parent, child, nfc, `{"tên": "${nfc}", "n": 12345678901234567890, "nested": {"a": [1, null]}}`],
  );
  for (const body of ['một', 'hai', 'ba'])
    await sql.query('insert into backup_fx.events (kind_id, body) values ($1, $2)', [child, body]);
}

/** Every fixture row as the server prints it, for byte-exact comparison across databases. */
export async function fixtureText(sql: Sql): Promise<string[]> {
  await sql.query(`set timezone = 'UTC'`);
  const kinds = await sql.query<{ t: string }>('select k::text as t from backup_fx.kinds k order by id');
  const events = await sql.query<{ t: string }>('select e::text as t from backup_fx.events e order by seq');
  return [...kinds.rows, ...events.rows].map((r) => r.t);
}

/** A file store in memory: storage drivers have their own tests; here only the bytes matter. */
export class MemoryFileStore implements BackupFileStore {
  readonly files = new Map<string, Buffer>();

  async *list(prefix: string): AsyncIterable<string> {
    for (const key of this.files.keys()) if (key.startsWith(prefix)) yield key;
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    const body = this.files.get(key);
    if (!body) throw new Error(`no file ${key}`);
    return Readable.from([body]);
  }

  async put(key: string, body: Readable): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    this.files.set(key, Buffer.concat(chunks));
  }
}
