import fs from 'node:fs';
import path from 'node:path';
import type { Sql } from '../db/db.js';
import { migrationsFolder } from '../db/migrate.js';

/**
 * Schemas that never hold application data: the system catalogues, drizzle's migration journal,
 * and pg-boss's queue. pg-boss creates and migrates its schema itself (a freshly migrated target has
 * none), keeps per-process state there, and re-running jobs whose side effects (an SMS, an e-mail)
 * already happened after the snapshot would repeat them; the business state that jobs act on lives in
 * the module tables, which are backed up.
 */
const EXCLUDED_SCHEMAS = ['pg_catalog', 'information_schema', 'drizzle', 'pgboss'];

export interface ColumnInfo {
  name: string;
  /** format_type() of the column: the cast target used when loading, e.g. `numeric(12,2)`. */
  type: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  /** Columns that hold data (generated columns are recomputed by the server, so left out). */
  columns: ColumnInfo[];
  /** Primary-key columns, for a stable dump order; empty when the table has none. */
  primaryKey: string[];
}

export interface SequenceInfo {
  schema: string;
  name: string;
}

export interface ForeignKeyInfo {
  name: string;
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
}

export interface TriggerInfo {
  table: string;
  name: string;
  /** pg_trigger.tgenabled: O (origin), A (always), R (replica), D (disabled). */
  enabled: 'O' | 'A' | 'R' | 'D';
}

export interface AppliedMigration {
  hash: string;
  createdAt: number;
  /** The migration's file name from drizzle's journal, when it is known here. */
  tag?: string | undefined;
}

const APP_SCHEMA_FILTER = `
  n.nspname <> all ($1::text[]) and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`;

/** `"schema"."name"`, quoted for SQL. */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Every ordinary or partitioned table in an application schema (partitions are read and written
 * through their parent), excluding objects that belong to extensions. Ordered parents first by
 * foreign keys, so a load in this order never sees a child before its parent (cycles keep name order).
 */
export async function listApplicationTables(sql: Sql): Promise<TableInfo[]> {
  const tables = await sql.query<{ schema: string; name: string; oid: number }>(
    `select n.nspname as schema, c.relname as name, c.oid::int as oid
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and ${APP_SCHEMA_FILTER}
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
      order by n.nspname, c.relname`,
    [EXCLUDED_SCHEMAS],
  );
  if (tables.rows.length === 0) return [];
  const oids = tables.rows.map((t) => t.oid);
  const columns = await sql.query<{ oid: number; name: string; type: string }>(
    `select a.attrelid::int as oid, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a
      where a.attrelid = any ($1::oid[]) and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attrelid, a.attnum`,
    [oids],
  );
  const keys = await sql.query<{ oid: number; name: string }>(
    `select i.indrelid::int as oid, a.attname as name
       from pg_index i
       cross join lateral unnest(i.indkey) with ordinality as k(attnum, pos)
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indrelid = any ($1::oid[]) and i.indisprimary
      order by i.indrelid, k.pos`,
    [oids],
  );
  const infos = new Map<number, TableInfo>();
  for (const t of tables.rows)
    infos.set(t.oid, { schema: t.schema, name: t.name, columns: [], primaryKey: [] });
  for (const c of columns.rows) infos.get(c.oid)?.columns.push({ name: c.name, type: c.type });
  for (const k of keys.rows) infos.get(k.oid)?.primaryKey.push(k.name);
  const list = [...infos.values()];
  return orderParentsFirst(list, await listForeignKeys(sql));
}

export async function listForeignKeys(sql: Sql): Promise<ForeignKeyInfo[]> {
  const { rows } = await sql.query<{
    name: string;
    child_schema: string;
    child: string;
    parent_schema: string;
    parent: string;
    child_columns: string[];
    parent_columns: string[];
  }>(
    `select con.conname as name, n.nspname as child_schema, c.relname as child,
            pn.nspname as parent_schema, p.relname as parent,
            array(select a.attname from unnest(con.conkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)::text[] as child_columns,
            array(select a.attname from unnest(con.confkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i)::text[] as parent_columns
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_class p on p.oid = con.confrelid join pg_namespace pn on pn.oid = p.relnamespace
      where con.contype = 'f' and con.conparentid = 0 and ${APP_SCHEMA_FILTER}
      order by n.nspname, c.relname, con.conname`,
    [EXCLUDED_SCHEMAS],
  );
  return rows.map((r) => ({
    name: r.name,
    child: qualified(r.child_schema, r.child),
    parent: qualified(r.parent_schema, r.parent),
    childColumns: r.child_columns,
    parentColumns: r.parent_columns,
  }));
}

function orderParentsFirst(tables: TableInfo[], fks: ForeignKeyInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [qualified(t.schema, t.name), t]));
  const parents = new Map<string, Set<string>>();
  for (const fk of fks) {
    if (fk.child === fk.parent || !byName.has(fk.parent)) continue;
    if (!parents.has(fk.child)) parents.set(fk.child, new Set());
    parents.get(fk.child)!.add(fk.parent);
  }
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name)) return; // done, or a cycle: the load relies on disabled FK checks then
    state.set(name, 'visiting');
    for (const p of parents.get(name) ?? []) visit(p);
    state.set(name, 'done');
    ordered.push(byName.get(name)!);
  };
  for (const name of byName.keys()) visit(name);
  return ordered;
}

export async function listApplicationSequences(sql: Sql): Promise<SequenceInfo[]> {
  const { rows } = await sql.query<SequenceInfo>(
    `select n.nspname as schema, c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and ${APP_SCHEMA_FILTER}
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
      order by n.nspname, c.relname`,
    [EXCLUDED_SCHEMAS],
  );
  return rows;
}

/** Triggers written by people (not the internal ones that enforce foreign keys). */
export async function listUserTriggers(sql: Sql): Promise<TriggerInfo[]> {
  const { rows } = await sql.query<{ schema: string; table: string; name: string; enabled: string }>(
    `select n.nspname as schema, c.relname as table, t.tgname as name, t.tgenabled::text as enabled
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and ${APP_SCHEMA_FILTER}
      order by n.nspname, c.relname, t.tgname`,
    [EXCLUDED_SCHEMAS],
  );
  return rows.map((r) => ({
    table: qualified(r.schema, r.table),
    name: r.name,
    enabled: r.enabled as TriggerInfo['enabled'],
  }));
}

/** The migrations drizzle recorded as applied, oldest first; empty on a database never migrated. */
export async function listAppliedMigrations(sql: Sql): Promise<AppliedMigration[]> {
  const exists = await sql.query<{ present: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists.rows[0]?.present) return [];
  const { rows } = await sql.query<{ hash: string; created_at: string }>(
    'select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at, id',
  );
  const tags = journalTags();
  return rows.map((r) => ({
    hash: r.hash,
    createdAt: Number(r.created_at),
    tag: tags.get(Number(r.created_at)),
  }));
}

function journalTags(): Map<number, string> {
  try {
    const journal = JSON.parse(
      fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8'),
    ) as {
      entries: Array<{ when: number; tag: string }>;
    };
    return new Map(journal.entries.map((e) => [e.when, e.tag]));
  } catch {
    return new Map();
  }
}
