import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDirectory } from '../../src/modules/directory/module.js';
import { createAudit } from '../../src/platform/audit/audit.js';
import { systemActor } from '../../src/platform/auth/actor.js';
import { listApplicationTables, qualified, quoteIdent } from '../../src/platform/backup/catalog.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { Db, Sql } from '../../src/platform/db/db.js';
import { createFsFileStore } from '../../src/platform/storage/fs-store.js';
import type { FileStore } from '../../src/platform/storage/storage.js';

/**
 * Tables covering the types the modules use, a self-reference (parent before child is not
 * guaranteed), a generated and an identity column, and a hash-chained append-only ledger shaped
 * like the audit log: its trigger refuses UPDATE/DELETE/TRUNCATE and fills the hash on INSERT.
 */
const fixtureSchemaSql = `
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

const child = '0197a000-0000-7000-8000-000000000001';
const parent = '0197a000-0000-7000-8000-000000000002';
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

/** The real module data: the demo directory, and a few hash-chained audit events. */
export async function fillModuleData(db: Db) {
  const audit = createAudit({ clock: new ManualClock('2026-03-02T09:00:00.123+07:00') });
  await db.tx(async (tx) => {
    await seedDirectory(tx);
    for (const [i, action] of ['backup.tested', 'backup.restored', 'backup.checked'].entries())
      await audit.record(tx, {
        actor: systemActor('backup-test'),
        action: action as `${string}.${string}`,
        targetType: 'fixture',
        targetId: String(i),
        data: { lần: i, tên: 'Đà Nẵng' },
      });
  });
}

/** Every row of every application table as the server prints it, table by table. */
export async function allTablesText(sql: Sql): Promise<Record<string, string[]>> {
  await sql.query(`set timezone = 'UTC'`);
  const out: Record<string, string[]> = {};
  for (const t of await listApplicationTables(sql)) {
    const order = t.primaryKey.length ? t.primaryKey.map(quoteIdent).join(', ') : '1';
    const { rows } = await sql.query<{ t: string }>(
      `select x::text as t from ${qualified(t.schema, t.name)} x order by ${order}`,
    );
    out[`${t.schema}.${t.name}`] = rows.map((r) => r.t);
  }
  return out;
}

/** A file store on disk in a fresh temporary directory (the real `fs` driver). */
export function tempFileStore(): FileStore & { root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-backup-files-'));
  return Object.assign(createFsFileStore(root), { root });
}

/** Every stored file as key → bytes and content type, for comparing two stores. */
export async function storeContents(store: FileStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const f of store.list('')) {
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get(f.key)) chunks.push(chunk as Buffer);
    const head = await store.head(f.key);
    out[f.key] = `${head?.contentType} ${Buffer.concat(chunks).toString('base64')}`;
  }
  return out;
}
