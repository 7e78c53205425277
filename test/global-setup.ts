import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb } from '../src/platform/db/db.js';
import { migrationsFolder, runMigrations } from '../src/platform/db/migrate.js';
import { isProcessAlive } from '../src/platform/process.js';

/** Hash of every migration file and pg-boss: a template is reused only while both are unchanged. */
function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, f);
    if (fs.statSync(full).isFile()) h.update(f).update(fs.readFileSync(full));
  }
  // The job queue's schema is installed by runMigrations too.
  h.update(fs.readFileSync(path.resolve('node_modules/pg-boss/package.json')));
  return h.digest('hex').slice(0, 16);
}

export default async function setup(project: TestProject) {
  const hash = migrationsHash();
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `cds_tpl_${hash}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (!exists.rowCount) {
      await admin.query(`create database ${template}`);
      const u = new URL(url);
      u.pathname = `/${template}`;
      const db = await openDb({ databaseUrl: u.toString() });
      await runMigrations(db);
      await db.close();
    }
    // Test databases left by an interrupted run are removed; those of a run still going are not.
    const left = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'cds_t\\_%'",
    );
    for (const { datname } of left.rows) {
      const pid = Number(/^cds_t_(\d+)_/.exec(datname)?.[1]);
      if (pid && isProcessAlive(pid)) continue;
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
    await admin.end();
    project.provide('pgTemplate', template);
    project.provide('testRunPid', process.pid);
    project.provide('pgliteTemplate', '');
    return;
  }
  const dir = path.resolve('node_modules/.cache/congdanso');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `template-${hash}.tar.gz`);
  if (!fs.existsSync(file)) {
    const db = await openDb({});
    await runMigrations(db);
    const dump = await db.pglite!.dumpDataDir('gzip');
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
    await db.close();
  }
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  project.provide('testRunPid', process.pid);
}
