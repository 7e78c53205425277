import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import type { App } from '../../src/platform/http/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { injectFetch } from '../support/inject-fetch.js';
import { testDb } from './db.js';

/** Captures every log line, so tests can assert that no personal data is logged. */
export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.lines.push(chunk.toString());
    cb();
  }
  get text() {
    return this.lines.join('');
  }

  /**
   * Whether a one-time code appears in the log as a number of its own. A plain substring test would fail
   * now and then on timestamps and durations that happen to contain the same six digits.
   */
  hasCode(code: string): boolean {
    return new RegExp(`(?<!\\d)${code}(?!\\d)`).test(this.text);
  }
}

export interface TestAppOptions {
  env?: Record<string, string>;
  now?: string;
}

export async function testApp(options: TestAppOptions = {}) {
  const db = await testDb();
  const logs = new LogCapture();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: '/tmp/cds-test-data',
    // Overload shedding has its own test; elsewhere a busy CI machine must not turn answers into 503s.
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...options.env,
  });
  const clock = new ManualClock(options.now ?? '2026-03-02T09:00:00+07:00');
  const logger = createLogger({ level: config.logLevel, destination: logs });
  let appRef: App | undefined;
  // Provider simulators are mounted on the app itself; their HTTP calls go through app.inject.
  const providerFetch = injectFetch(() => appRef!, config.publicUrl);
  const runtime = await buildApp({ config, db, logger, clock, providerFetch });
  appRef = runtime.app;
  const { app } = runtime;
  return {
    app,
    runtime,
    db,
    logs,
    clock,
    config,
    async close() {
      await runtime.close();
      await app.close();
      await db.drop();
    },
  };
}
