export type BackupPhase = 'rows' | 'files' | 'archive';
export type RestorePhase = 'verify' | 'rows' | 'files';

/**
 * Progress of one phase, for a progress bar: every phase starts with `done: 0` and ends with
 * `done === total`. Phases come in the order listed in BackupPhase / RestorePhase.
 */
export interface ProgressEvent<P extends string = BackupPhase | RestorePhase> {
  phase: P;
  done: number;
  total: number;
  unit: 'rows' | 'files' | 'bytes';
  /** The table (`schema.name`) or file part being worked on; never row contents. */
  item?: string;
}

export type OnProgress<P extends string> = (event: ProgressEvent<P>) => void;

/** Reports a phase, at most every `everyMs` between its first and last event, so bars stay cheap. */
export function phaseReporter<P extends string>(
  onProgress: OnProgress<P> | undefined,
  phase: P,
  unit: ProgressEvent['unit'],
  total: number,
  everyMs = 100,
) {
  let done = 0;
  let last = 0;
  const emit = (item?: string) =>
    onProgress?.({ phase, done, total, unit, ...(item === undefined ? {} : { item }) });
  emit();
  return {
    add(n: number, item?: string) {
      done += n;
      const now = performance.now();
      if (now - last >= everyMs) {
        last = now;
        emit(item);
      }
    },
    finish() {
      done = total;
      emit();
    },
  };
}
