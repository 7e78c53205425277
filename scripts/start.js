// `npm start`: builds the web UI when its sources changed since the last build, then serves.
// npm puts node_modules/.bin first on PATH, so this runs on the pinned Node 22.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `Công dân số needs Node.js 22 (found ${process.version}). Run it through npm (npm start), which uses the pinned node@22.`,
  );
  process.exit(1);
}

function sourcesHash() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else h.update(path.relative(root, full)).update(fs.readFileSync(full));
    }
  };
  walk(path.join(root, 'web'));
  for (const f of [
    'src/platform/i18n/locales/vi.json',
    'src/platform/i18n/locales/en.json',
    'package-lock.json',
  ]) {
    const full = path.join(root, f);
    if (fs.existsSync(full)) h.update(f).update(fs.readFileSync(full));
  }
  return h.digest('hex');
}

const stamp = path.join(root, 'web', 'dist', '.sources-hash');
const hash = sourcesHash();
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== hash) {
  console.log('Đang dựng giao diện web (web UI build)…');
  const r = spawnSync('vite', ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(stamp, hash);
}

process.argv = [process.argv[0], 'congdanso', 'serve', ...process.argv.slice(2)];
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
