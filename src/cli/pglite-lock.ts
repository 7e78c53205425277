import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../platform/process.js';

/**
 * The embedded database can be opened by one process only. `serve` records itself in
 * `DATA_DIR/serve.json` (pid, port, a random token, mode 0600) so other commands can tell it is running and,
 * for read-only checks such as `audit verify`, ask it over loopback instead of opening the files twice.
 */
export interface ServeLock {
  pid: number;
  port: number;
  token: string;
}

const lockPath = (dataDir: string) => path.join(dataDir, 'serve.json');

export function readServeLock(dataDir: string): ServeLock | null {
  try {
    const lock = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as ServeLock;
    return lock.pid !== process.pid && isProcessAlive(lock.pid) ? lock : null;
  } catch {
    return null;
  }
}

export function writeServeLock(dataDir: string, port: number, token: string): ServeLock {
  const lock: ServeLock = { pid: process.pid, port, token };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(lockPath(dataDir), JSON.stringify(lock), { mode: 0o600 });
  return lock;
}

export function removeServeLock(dataDir: string): void {
  try {
    const lock = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as ServeLock;
    if (lock.pid === process.pid) fs.unlinkSync(lockPath(dataDir));
  } catch {
    // already gone
  }
}
