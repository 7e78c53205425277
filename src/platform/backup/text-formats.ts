import type { Tx } from '../db/db.js';

/**
 * Pins every setting that changes how values print, for the rest of the transaction, so a dump is
 * the same text on PGlite and PostgreSQL whatever the server's defaults, and reads back exactly.
 */
export async function pinCanonicalTextFormats(tx: Tx): Promise<void> {
  await tx.query(
    `select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
            set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '3', true),
            set_config('bytea_output', 'hex', true)`,
  );
}
