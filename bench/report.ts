import type { RunResult } from './load.js';

/** The target: the application keeps at least this share of the bare baseline's throughput. */
export const TARGET_RATIO = 0.7;

export interface CaseResult {
  case: string;
  engine: string;
  app: RunResult;
  baseline: RunResult;
  /** Median over rounds of app req/s ÷ baseline req/s. */
  ratio: number;
  roundRatios: number[];
  /** Both servers gave the same response body to the probe request. */
  sameResponse: boolean;
}

export interface Report {
  startedAt: string;
  commit: string | null;
  node: string;
  cpus: string;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  connections: number;
  targetRatio: number;
  loadAverage: { before: number; after: number };
  skipped: string[];
  results: CaseResult[];
}

const HEADERS = [
  'case',
  'engine',
  'req/s app',
  'req/s baseline',
  'ratio',
  'p50 app',
  'p99 app',
  'p50 base',
  'p99 base',
  'note',
];

function cells(r: CaseResult): string[] {
  const notes: string[] = [];
  if (r.ratio < TARGET_RATIO) notes.push(`below ${TARGET_RATIO}`);
  if (!r.sameResponse) notes.push('responses differ');
  const failed = r.app.non2xx + r.app.errors + r.baseline.non2xx + r.baseline.errors;
  if (failed) notes.push(`${failed} failed requests`);
  return [
    r.case,
    r.engine,
    r.app.requestsPerSecond.toFixed(0),
    r.baseline.requestsPerSecond.toFixed(0),
    r.ratio.toFixed(2),
    `${r.app.latencyP50Ms} ms`,
    `${r.app.latencyP99Ms} ms`,
    `${r.baseline.latencyP50Ms} ms`,
    `${r.baseline.latencyP99Ms} ms`,
    notes.join('; ') || 'ok',
  ];
}

/** A fixed-width table for the terminal. */
export function formatTable(results: CaseResult[], withHeader: boolean): string {
  const rows = results.map(cells);
  const all = withHeader ? [HEADERS, ...rows] : rows;
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...all.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i >= 2 && i <= 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = all.map(line);
  if (withHeader) out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out.join('\n');
}

export function formatMarkdown(report: Report): string {
  const rows = report.results.map((r) => `| ${cells(r).join(' | ')} |`);
  return [
    '# Benchmark: application vs bare baseline',
    '',
    `Run ${report.startedAt} at commit ${report.commit ?? 'unknown'}, Node ${report.node}, ${report.cpus}`,
    `(1-minute load average ${report.loadAverage.before} before, ${report.loadAverage.after} after).`,
    `Each case: ${report.warmupSeconds} s warm-up per server, then ${report.rounds} rounds of ${report.seconds} s per server with ${report.connections} connections,`,
    'the application and the baseline right after each other (order alternating), on loopback, each server in its own process.',
    'Figures are medians over the rounds; the ratio is the median of the per-round ratios.',
    `Target: ratio ≥ ${report.targetRatio}. Produced by \`npm run bench\` (bench/run.ts); latencies are autocannon's.`,
    '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map((_, i) => (i >= 2 && i <= 8 ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows,
    '',
    ...(report.skipped.length ? ['Skipped:', ...report.skipped.map((s) => `- ${s}`), ''] : []),
  ].join('\n');
}
