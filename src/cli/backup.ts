import { MultiBar, Presets } from 'cli-progress';
import { createBackup } from '../platform/backup/backup.js';
import { BackupError } from '../platform/backup/errors.js';
import type { ProgressEvent } from '../platform/backup/progress.js';
import { restoreBackup } from '../platform/backup/restore.js';
import { createFileStore } from '../platform/storage/create-file-store.js';
import { CliError, configOrExit, EXIT, openDatabase } from './runtime.js';

/** One progress bar per phase (rows, files, archive…), shown only on a terminal. */
function progressBars() {
  if (!process.stderr.isTTY) return { onProgress: undefined, stop() {} };
  const multi = new MultiBar(
    { format: '{phase} [{bar}] {value}/{total} {unit} {item}', clearOnComplete: false, hideCursor: true },
    Presets.shades_classic,
  );
  const bars = new Map<string, ReturnType<MultiBar['create']>>();
  return {
    onProgress(e: ProgressEvent) {
      let bar = bars.get(e.phase);
      const payload = { phase: e.phase.padEnd(7), unit: e.unit, item: e.item ?? '' };
      if (!bar) {
        bar = multi.create(e.total, e.done, payload);
        bars.set(e.phase, bar);
      }
      bar.setTotal(e.total);
      bar.update(e.done, payload);
    },
    stop: () => multi.stop(),
  };
}

export async function backup(file: string): Promise<void> {
  const config = configOrExit();
  const db = await openDatabase(config);
  const bars = progressBars();
  try {
    const manifest = await createBackup(db, createFileStore(config), file, { onProgress: bars.onProgress });
    bars.stop();
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Đã sao lưu / backed up: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} files → ${file}`,
    );
  } finally {
    bars.stop();
    await db.close();
  }
}

export async function restore(file: string, force: boolean): Promise<void> {
  const config = configOrExit();
  const db = await openDatabase(config);
  const bars = progressBars();
  try {
    const summary = await restoreBackup(db, createFileStore(config), file, {
      onProgress: bars.onProgress,
      force,
    });
    bars.stop();
    console.log(
      `Đã khôi phục / restored: ${summary.tables} tables, ${summary.rows} rows, ${summary.files} files.`,
    );
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(`${err.code}: ${err.message}`, EXIT.refused);
    throw err;
  } finally {
    bars.stop();
    await db.close();
  }
}
