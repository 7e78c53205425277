#!/usr/bin/env node
// Fails when the first load of the web app (the entry chunk plus everything it imports statically)
// is over the budget in UX.md §2: 150 KB of gzipped JS, 30 KB of gzipped CSS. Lazy route chunks
// (dynamicImports) are not part of the first load and are only listed. Run after `npm run build:web`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KB = 1000;
const budgets = { js: 150 * KB, css: 30 * KB };
/** Code that must never be in the first load (UX.md: the staff console loads only on its routes). */
const forbiddenInFirstLoad = /^src\/pages\/staff\//;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');

if (!fs.existsSync(manifestPath)) {
  console.error(
    `check-bundle: ${path.relative(root, manifestPath)} is missing. Run "npm run build:web" first.`,
  );
  process.exit(1);
}

const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const entryKeys = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entryKeys.length === 0) {
  console.error('check-bundle: the Vite manifest has no entry chunk.');
  process.exit(1);
}

const gzipSize = (file) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

let failed = false;
for (const entryKey of entryKeys) {
  const firstLoad = new Set();
  const visit = (key) => {
    if (firstLoad.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`check-bundle: manifest entry ${key} is missing`);
    firstLoad.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);

  const js = [...firstLoad].map((key) => ({
    key,
    file: manifest[key].file,
    gzip: gzipSize(manifest[key].file),
  }));
  const cssFiles = new Set([...firstLoad].flatMap((key) => manifest[key].css ?? []));
  const css = [...cssFiles].map((file) => ({ file, gzip: gzipSize(file) }));
  const jsTotal = js.reduce((sum, c) => sum + c.gzip, 0);
  const cssTotal = css.reduce((sum, c) => sum + c.gzip, 0);

  console.log(`First load of ${entryKey} (gzip):`);
  for (const c of js.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${kb(c.gzip).padStart(9)}  ${c.file}`);
  for (const c of css) console.log(`  ${kb(c.gzip).padStart(9)}  ${c.file}`);
  console.log(`  JS  ${kb(jsTotal)} of ${kb(budgets.js)} budget`);
  console.log(`  CSS ${kb(cssTotal)} of ${kb(budgets.css)} budget`);

  const lazy = (manifest[entryKey].dynamicImports ?? []).map((key) => ({
    key,
    gzip: gzipSize(manifest[key].file),
  }));
  if (lazy.length) {
    console.log('Loaded on demand (not in the first load):');
    for (const c of lazy) console.log(`  ${kb(c.gzip).padStart(9)}  ${c.key}`);
  }

  if (jsTotal > budgets.js) {
    console.error(
      `check-bundle: FAIL: first-load JS of ${entryKey} is ${kb(jsTotal)} gzipped, over the ${kb(budgets.js)} budget. ` +
        'Lazy-load more with import() per route (UX.md §2).',
    );
    failed = true;
  }
  if (cssTotal > budgets.css) {
    console.error(
      `check-bundle: FAIL: first-load CSS of ${entryKey} is ${kb(cssTotal)} gzipped, over the ${kb(budgets.css)} budget.`,
    );
    failed = true;
  }
  const leaked = [...firstLoad].filter((key) => forbiddenInFirstLoad.test(manifest[key].src ?? ''));
  if (leaked.length) {
    console.error(`check-bundle: FAIL: staff pages are in the first load: ${leaked.join(', ')}`);
    failed = true;
  }
}

if (failed) process.exit(1);
console.log('check-bundle: OK');
