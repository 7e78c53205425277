import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudit } from '../../src/platform/audit/audit.js';
import { systemActor } from '../../src/platform/auth/actor.js';
import { systemClock } from '../../src/platform/clock.js';
import { openDb } from '../../src/platform/db/db.js';
import { freePort } from '../helpers/port.js';

const tsx = path.resolve('node_modules/.bin/tsx');
const main = path.resolve('src/cli/main.ts');
const dirs: string[] = [];

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-cli-'));
  dirs.push(dir);
  return dir;
}

let migratedDir = '';
/** A copy of a data directory migrated once for the file (initdb + migrations are the slow part). */
function migratedDataDir(): string {
  const dir = tempDataDir();
  fs.cpSync(migratedDir, dir, { recursive: true });
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [main, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  migratedDir = tempDataDir();
  const r = await cli(['migrate'], { DATA_DIR: migratedDir });
  if (r.code !== 0) throw new Error(`migrate failed: ${r.stderr}`);
}, 240_000);

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

// Each case starts real processes on a fresh embedded database (initdb, migrations): slow on a busy machine.
describe('congdanso CLI', { timeout: 240_000 }, () => {
  it('stops with one line naming a wrong variable (exit 2)', async () => {
    const r = await cli(['migrate'], { PORT: 'abc', DATA_DIR: tempDataDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/PORT/);
  });

  it('reports an unreachable database clearly (exit 3)', async () => {
    const r = await cli(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Cannot connect to the database at 127\.0\.0\.1:1/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('verifies an intact audit chain (exit 0) and finds a tampered row (exit 4)', async () => {
    const dataDir = migratedDataDir();
    const db = await openDb({ pgliteDir: path.join(dataDir, 'pglite') });
    const audit = createAudit({ clock: systemClock });
    for (let i = 0; i < 5; i++) {
      await db.tx((tx) =>
        audit.record(tx, {
          actor: systemActor('test'),
          action: 'test.recorded',
          targetType: 't',
          targetId: String(i),
        }),
      );
    }
    await db.close();
    const ok = await cli(['audit', 'verify'], { DATA_DIR: dataDir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/intact: 5 events/);

    const again = await openDb({ pgliteDir: path.join(dataDir, 'pglite') });
    await again.query('alter table audit.events disable trigger user');
    await again.query("update audit.events set target_id = 'forged' where seq = 3");
    await again.close();
    const broken = await cli(['audit', 'verify'], { DATA_DIR: dataDir });
    expect(broken.code).toBe(4);
    expect(broken.stderr).toMatch(/BROKEN at event 3/);
  });

  it('round-trips a backup into a fresh data directory and refuses a non-empty target', async () => {
    const source = migratedDataDir();
    expect((await cli(['seed', '--demo'], { DATA_DIR: source })).code).toBe(0);
    const archive = path.join(source, 'backup.tar.gz');
    const backup = await cli(['backup', archive], { DATA_DIR: source });
    expect(backup.code).toBe(0);
    expect(fs.statSync(archive).size).toBeGreaterThan(1000);

    const target = migratedDataDir();
    const restored = await cli(['restore', archive], { DATA_DIR: target });
    expect(restored.code, restored.stderr).toBe(0);
    const db = await openDb({ pgliteDir: path.join(target, 'pglite') });
    const counts = await db.query<{ units: number; accounts: number }>(
      'select (select count(*)::int from directory.units) as units, (select count(*)::int from identity.accounts) as accounts',
    );
    await db.close();
    expect(counts.rows[0]).toEqual({ units: 95, accounts: 8 });

    const refused = await cli(['restore', archive], { DATA_DIR: target });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/backup\.target_not_empty/);
  });

  it('serve starts, guards its embedded database, answers audit verify over loopback and stops on SIGTERM', async () => {
    const dataDir = migratedDataDir();
    const port = await freePort();
    const child: ChildProcess = spawn(tsx, [main, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      // A first start compiles, migrates and seeds: on a loaded 2-core machine that can take a while.
      for (let i = 0; i < 1200 && !out.includes('Ctrl+C'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out, err).toContain(`http://127.0.0.1:${port}`);
      expect(out).toContain('quantri@congdanso.danang.vn');
      const health = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(health.status).toBe(200);

      const second = await cli(['migrate'], { DATA_DIR: dataDir });
      expect(second.code).toBe(5);
      expect(second.stderr).toMatch(/in use by congdanso serve/);
      const verify = await cli(['audit', 'verify'], { DATA_DIR: dataDir });
      expect(verify.code).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'serve.json'))).toBe(false);
  });
});
