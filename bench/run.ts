/**
 * `npm run bench`: the real application against a bare baseline doing the same SQL, on PGlite and on
 * PostgreSQL, in one run, on loopback only. Prints a table and writes bench/results/latest.{json,md}.
 *
 * Environment: BENCH_SECONDS (measured seconds per case and server, default 10), BENCH_WARMUP_SECONDS
 * (default 3), BENCH_CONNECTIONS (default 10), BENCH_ENGINES (default `pglite,postgres`), DATABASE_URL
 * (a server where a temporary database is created and dropped; default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCases } from './cases.js';
import { type Engine, prepareEngine } from './engines.js';
import { measure, probe } from './load.js';
import { type CaseResult, formatMarkdown, formatTable, TARGET_RATIO } from './report.js';
import { startServer } from './server-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
  return value;
}

const seconds = intEnv('BENCH_SECONDS', 10, 1, 600);
const warmupSeconds = intEnv('BENCH_WARMUP_SECONDS', 3, 0, 60);
const connections = intEnv('BENCH_CONNECTIONS', 10, 1, 1000);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()) as Engine[];
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

// Bounded: every case and server gets warm-up + measurement, plus set-up time per engine.
const budgetMs =
  (engines.length * (benchCases.length * 2 * (seconds + warmupSeconds)) + engines.length * 120) * 1000;
const watchdog = setTimeout(() => {
  console.error(`bench: over its time budget (${Math.round(budgetMs / 1000)} s); stopping`);
  process.exit(1);
}, budgetMs);
watchdog.unref();

const startedAt = new Date().toISOString();
const results: CaseResult[] = [];
const skipped: string[] = [];
for (const engine of engines) {
  const prepared = await prepareEngine(engine, serverUrl).catch((err: Error) => {
    skipped.push(`${engine}: ${err.message}`);
    console.error(`bench: skipping ${engine}: ${err.message}`);
    return undefined;
  });
  if (!prepared) continue;
  const app = await startServer('app', prepared.databaseUrl);
  const baseline = await startServer('baseline', prepared.databaseUrl);
  try {
    for (const c of benchCases) {
      const same = await probe(c, app.port, baseline.port);
      const appRun = await measure(c, app.port, { seconds, warmupSeconds, connections });
      const baseRun = await measure(c, baseline.port, { seconds, warmupSeconds, connections });
      const row: CaseResult = {
        case: c.name,
        engine,
        app: appRun,
        baseline: baseRun,
        ratio: baseRun.requestsPerSecond > 0 ? appRun.requestsPerSecond / baseRun.requestsPerSecond : 0,
        sameResponse: same,
      };
      results.push(row);
      console.log(formatTable([row], false));
    }
  } finally {
    app.stop();
    baseline.stop();
    await prepared.dispose();
  }
}

const report = {
  startedAt,
  commit: gitCommit(),
  node: process.version,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
  seconds,
  warmupSeconds,
  connections,
  targetRatio: TARGET_RATIO,
  skipped,
  results,
};
console.log(`\n${formatTable(results, true)}`);
const out = path.join(here, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
fs.writeFileSync(path.join(out, 'latest.md'), formatMarkdown(report));
console.log(`\nwritten: ${path.relative(process.cwd(), path.join(out, 'latest.json'))}, latest.md`);
process.exit(results.length ? 0 : 1);

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}
