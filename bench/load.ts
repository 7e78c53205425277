import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import type { BenchCase, Server } from './cases.js';

export interface RunResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Responses other than 2xx, and connection errors or timeouts: a run with any is not comparable. */
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

function run(c: BenchCase, server: Target, seconds: number, connections: number) {
  const { bodyFor } = c;
  return autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: c.method,
        path: c.path,
        ...(c.body === undefined ? {} : { body: c.body }),
        ...(c.headers ? { headers: c.headers } : {}),
        // A fresh body per request (its data was written before the run); otherwise the same request.
        ...(bodyFor ? { setupRequest: (req) => ({ ...req, body: bodyFor(server.kind) }) } : {}),
      },
    ],
  });
}

/** Where a run goes: the port, and which server it is (for cases with a supply per server). */
export interface Target {
  kind: Server;
  port: number;
}

/** Discarded load, so both servers are measured hot (JIT, caches, pool connections open). */
export async function warmUp(c: BenchCase, server: Target, options: LoadOptions): Promise<void> {
  if (options.warmupSeconds > 0) await run(c, server, options.warmupSeconds, options.connections);
}

/** One measured run with the given connections. */
export async function measure(c: BenchCase, server: Target, options: LoadOptions): Promise<RunResult> {
  const r = await run(c, server, options.seconds, options.connections);
  return {
    requestsPerSecond: r.requests.average,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Per-figure median over rounds (robust to a burst of load from elsewhere); counts are summed. */
export function combine(runs: RunResult[]): RunResult {
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    latencyP50Ms: median(runs.map((r) => r.latencyP50Ms)),
    latencyP99Ms: median(runs.map((r) => r.latencyP99Ms)),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

export { median };

/**
 * One request to each server before measuring: both must answer 200, and with the same body (or the part
 * of it the case says must agree), or the baseline would not be doing the same work.
 */
export async function probe(c: BenchCase, app: Target, baseline: Target): Promise<boolean> {
  const get = async (server: Target) => {
    const body = c.bodyFor ? c.bodyFor(server.kind) : c.body;
    const res = await fetch(`http://127.0.0.1:${server.port}${c.path}`, {
      method: c.method,
      ...(body === undefined ? {} : { body }),
      headers: c.headers ?? {},
    });
    const text = await res.text();
    if (res.status !== 200)
      throw new Error(`${c.name} on the ${server.kind}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    const json = JSON.parse(text) as unknown;
    return c.comparable ? c.comparable(json) : json;
  };
  return isDeepStrictEqual(await get(app), await get(baseline));
}
