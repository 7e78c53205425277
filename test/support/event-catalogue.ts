import { z } from 'zod';
import type { EventDefinition } from '../../src/platform/events/events.js';
import { producerOf } from '../../src/platform/events/events.js';

/** One entry of `events.catalogue()`. */
export interface CatalogueEntry {
  definition: EventDefinition;
  consumers: string[];
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'unknown'}[]`;
  const type = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'unknown');
  return s.format ? `${type} (${s.format})` : type;
}

/** The payload's fields as the catalogue lists them: `` `name`: type `` and `` `name?` `` when optional. */
function payloadFields(definition: EventDefinition): string {
  const schema = z.toJSONSchema(definition.payload, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, field]) => `\`${name}${required.has(name) ? '' : '?'}\`: ${typeOf(field)}`)
    .join(', ');
}

/** The catalogue's table row for one event. */
export function catalogueRow({ definition, consumers }: CatalogueEntry): string {
  const listed = consumers.length ? consumers.join(', ') : '—';
  return `| \`${definition.name}\` | ${payloadFields(definition)} | ${producerOf(definition.name)} | ${listed} |`;
}

const normalise = (row: string) => row.replace(/\s+/g, ' ').trim();

/**
 * What differs between the catalogue in docs/events.md and the events the code defines: a missing
 * row, a row for an event that no longer exists, or a row whose payload, producer or consumers differ.
 * Each problem carries the row to paste.
 */
export function catalogueProblems(markdown: string, catalogue: CatalogueEntry[]): string[] {
  const documented = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const name = /^\|\s*`([a-z0-9_]+\.[a-z0-9_]+)`\s*\|/.exec(line)?.[1];
    if (name) documented.set(name, normalise(line));
  }
  const problems: string[] = [];
  for (const entry of catalogue) {
    const { name } = entry.definition;
    const expected = catalogueRow(entry);
    const row = documented.get(name);
    if (row === undefined) problems.push(`${name} is not in the catalogue; add:\n${expected}`);
    else if (row !== normalise(expected)) problems.push(`${name} differs; the row should read:\n${expected}`);
    documented.delete(name);
  }
  for (const name of documented.keys()) problems.push(`${name} is in the catalogue but no module defines it`);
  return problems;
}
