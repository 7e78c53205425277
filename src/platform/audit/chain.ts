import { createHash } from 'node:crypto';

/** The prev_hash of the first event. */
export const genesisHash = '0'.repeat(64);

/** The fields one event's hash covers: everything but its id, so no row can change unnoticed. */
export interface ChainedEvent {
  prevHash: string;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  requestId: string | null;
  data: Record<string, unknown>;
}

/** JSON with object keys sorted at every level, so jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) over the canonical serialization of the event and the hash before it. */
export function hashEvent(e: ChainedEvent): string {
  const canonical = canonicalJson({ ...e, at: e.at.toISOString() });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
