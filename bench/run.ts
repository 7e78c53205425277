/**
 * `npm run bench`: the real application against a bare baseline doing the same SQL, on PGlite and on
 * PostgreSQL, in one run, on loopback only. Prints a table and writes bench/results/latest.{json,md}.
 *
 * Each case: a warm-up per server, then BENCH_ROUNDS rounds, each measuring the app and the baseline for
 * BENCH_SECONDS one right after the other (the order alternates between rounds). The ratio is the median of
 * the rounds' ratios, so a burst of load from another process on the machine moves one round, not the result.
 *
 * Environment: BENCH_SECONDS (seconds per round and server, default 5), BENCH_ROUNDS (default 3),
 * BENCH_WARMUP_SECONDS (default 3), BENCH_CONNECTIONS (default 10), BENCH_ENGINES (default
 * `pglite,postgres`), DATABASE_URL (a server where a temporary database is created and dropped; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_CASES (comma-separated parts of case names to run; default all),
 * BENCH_OTP_MAX_RATE (OTP verifications per second the written supply of challenges allows; default 1500).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCases as allCases } from './cases.js';
import { type Engine, prepareEngine } from './engines.js';
import { combine, measure, median, probe, type RunResult, warmUp } from './load.js';
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

const seconds = intEnv('BENCH_SECONDS', 5, 1, 600);
const rounds = intEnv('BENCH_ROUNDS', 3, 1, 20);
const warmupSeconds = intEnv('BENCH_WARMUP_SECONDS', 3, 0, 60);
const connections = intEnv('BENCH_CONNECTIONS', 10, 1, 1000);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()) as Engine[];
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
// BENCH_CASES: comma-separated parts of case names, to measure only those (e.g. `/me`).
const only = (process.env.BENCH_CASES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const benchCases = only.length ? allCases.filter((c) => only.some((o) => c.name.includes(o))) : allCases;

// Bounded: every case and server gets warm-up + measurement, plus set-up time per engine.
const budgetMs =
  (engines.length * benchCases.length * 2 * (rounds * seconds + warmupSeconds + 5) + engines.length * 120) *
  1000;
const watchdog = setTimeout(() => {
  console.error(`bench: over its time budget (${Math.round(budgetMs / 1000)} s); stopping`);
  process.exit(1);
}, budgetMs);
watchdog.unref();

// One master key for the run: the servers (inherited environment) and the seeding of OTP challenges use it.
process.env.BENCH_MASTER_KEY ||= randomBytes(32).toString('base64');

const startedAt = new Date().toISOString();
const loadBefore = os.loadavg()[0]!;
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
      const appTarget = { kind: 'app', port: app.port } as const;
      const baseTarget = { kind: 'baseline', port: baseline.port } as const;
      const same = await probe(c, appTarget, baseTarget);
      const load = { seconds, warmupSeconds, connections };
      await warmUp(c, appTarget, load);
      await warmUp(c, baseTarget, load);
      const appRuns: RunResult[] = [];
      const baseRuns: RunResult[] = [];
      for (let round = 0; round < rounds; round++) {
        const appFirst = round % 2 === 0;
        if (appFirst) appRuns.push(await measure(c, appTarget, load));
        baseRuns.push(await measure(c, baseTarget, load));
        if (!appFirst) appRuns.push(await measure(c, appTarget, load));
      }
      const row: CaseResult = {
        case: c.name,
        engine,
        app: combine(appRuns),
        baseline: combine(baseRuns),
        ratio: median(appRuns.map((a, i) => ratioOf(a, baseRuns[i]!))),
        roundRatios: appRuns.map((a, i) => Number(ratioOf(a, baseRuns[i]!).toFixed(3))),
        sameResponse: same,
      };
      results.push(row);
      console.log(formatTable([row], false));
    }
  } finally {
    // Both gone before the temporary database is dropped under their connections.
    await Promise.all([app.stop(), baseline.stop()]);
    await prepared.dispose();
  }
}

const report = {
  startedAt,
  commit: gitCommit(),
  node: process.version,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
  seconds,
  rounds,
  warmupSeconds,
  connections,
  targetRatio: TARGET_RATIO,
  // Other work on the machine skews absolute numbers: recorded so a reader can judge a run.
  loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(os.loadavg()[0]!.toFixed(2)) },
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

function ratioOf(app: RunResult, baseline: RunResult): number {
  return baseline.requestsPerSecond > 0 ? app.requestsPerSecond / baseline.requestsPerSecond : 0;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}
