export type BackupErrorCode =
  /** Not a backup archive, damaged, or a member's checksum differs from the manifest. */
  | 'backup.corrupt_archive'
  /** Made by a newer (or unknown) backup format. */
  | 'backup.unsupported_format'
  /** The target database has not applied exactly the migrations the backup was taken with. */
  | 'backup.migrations_differ'
  /** The target already holds application rows and `force` was not given. */
  | 'backup.target_not_empty'
  /** The archive's tables or columns do not exist in the target schema. */
  | 'backup.schema_differs'
  /** The loaded rows break a foreign key (an inconsistent archive). */
  | 'backup.broken_reference';

/** A refusal with a stable code (for exit codes and catalogues) and an operator-facing message. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
