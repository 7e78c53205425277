import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/platform/config.js';
import type { Db } from '../../src/platform/db/db.js';
import type { App } from '../../src/platform/http/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { testDb } from '../helpers/db.js';
import { injectFetch } from '../support/inject-fetch.js';

export const chromiumPath = '/usr/bin/chromium';
/** Per-test limit for browser tests: several page loads each, on machines shared with other suites. */
export const browserTestTimeout = 90_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distIndex = path.join(root, 'web', 'dist', 'index.html');
const screenshotsDir = path.join(root, 'docs', 'screenshots');

/**
 * Browser tests skip (with the reason in the suite name) when Debian's chromium is not installed, except
 * in CI, where a missing browser must fail the run instead of silently passing.
 */
export function browserSkipReason(): string | null {
  if (fs.existsSync(chromiumPath)) return null;
  const reason = `${chromiumPath} not installed (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`Browser tests cannot run in CI: ${reason}`);
  return reason;
}

class Sink extends Writable {
  override _write(_chunk: Buffer, _enc: string, cb: () => void) {
    cb();
  }
}

export interface E2eServer {
  baseUrl: string;
  db: Db;
  close(): Promise<void>;
}

/** The real app on a fresh database, listening on a random local port, serving the built web/dist. */
export async function startServer(seed?: (db: Db, config: Config) => Promise<void>): Promise<E2eServer> {
  if (!fs.existsSync(distIndex)) {
    throw new Error('web/dist is missing: run "npm run build:web" before the browser tests.');
  }
  const db = await testDb();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cds-e2e-data-')),
  });
  const logger = createLogger({ level: config.logLevel, destination: new Sink() });
  if (seed) await seed(db, config);
  // The real clock: a browser drops session cookies whose expiry lies in its past.
  // Provider simulators (SMS, Zalo) are mounted on the app; the adapters reach them through app.inject.
  let appRef: App | undefined;
  const providerFetch = injectFetch(() => appRef!, config.publicUrl);
  const runtime = await buildApp({ config, db, logger, providerFetch });
  appRef = runtime.app;
  // Jobs run in the server process, as `serve` does by default (JOBS_IN_SERVE), so codes get sent.
  await runtime.jobs.startWorker();
  const address = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    baseUrl: address,
    db,
    async close() {
      await runtime.app.close();
      await runtime.close();
      await db.drop();
    },
  };
}

export interface E2eBrowser {
  context: BrowserContext;
  /** A new tab with no cookies and no saved language, so tests do not leak state into each other. */
  freshPage(baseUrl: string): Promise<Page>;
  close(): Promise<void>;
}

/** The flags every Chromium of the tests starts with (DEVELOPERS.md): headless, offline, no first-run work. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const;

/** A second, separate Chromium (its own cookies), for a test that needs two people at once. */
export function launchSecondBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumFlags] });
}

/** One Chromium per test file, on a throw-away profile; never downloads a browser. */
export async function launchBrowser(): Promise<E2eBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumFlags],
    viewport: { width: 1280, height: 800 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  return {
    context,
    async freshPage(baseUrl) {
      for (const open of context.pages()) await open.close();
      await context.clearCookies();
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${baseUrl}/favicon.svg`);
      await page.evaluate(() => localStorage.clear());
      return page;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core in the page; returns serious and critical violations, formatted for a readable failure.
 * axe is evaluated through the DevTools protocol rather than page.addScriptTag: the server's CSP
 * (script-src 'self') rightly blocks inline scripts, and the tests keep that CSP switched on.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Screenshots for docs/screenshots/ are rewritten only with UPDATE_SCREENSHOTS=1, so an ordinary test
 * run leaves the working tree clean; otherwise they go to a temp dir (the capture itself still runs).
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1' ? screenshotsDir : path.join(os.tmpdir(), 'cds-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * expect.poll with room for a loaded CI machine (its default gives up after 1 s). Not a timing assertion:
 * it only bounds how long to wait for something that must eventually show.
 */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 30_000, interval: 100 });
}
