import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '../../src/platform/events/events.js';
import { testApp } from '../helpers/app.js';
import { type CatalogueEntry, catalogueProblems, catalogueRow } from '../support/event-catalogue.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const verified: CatalogueEntry = {
  definition: defineEvent(
    'identity.cccd_verified',
    z.strictObject({
      citizenId: z.uuid(),
      level: z.enum(['basic', 'verified']),
      verifiedAt: z.iso.datetime(),
      channels: z.array(z.string()),
      note: z.string().optional(),
    }),
  ),
  consumers: ['services', 'vault'],
};

const header = '| event | payload | producer | consumers |\n|---|---|---|---|\n';

describe('docs/events.md', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists every event the modules define, as the code defines it, and no other', () => {
    const markdown = fs.readFileSync(path.join(root, 'docs', 'events.md'), 'utf8');
    expect(catalogueProblems(markdown, t.runtime.events.catalogue())).toEqual([]);
  });
});

describe('the catalogue check', () => {
  it('renders the zod payload as a list of fields', () => {
    expect(catalogueRow(verified)).toBe(
      '| `identity.cccd_verified` | `citizenId`: string (uuid), `level`: "basic" \\| "verified", ' +
        '`verifiedAt`: string (date-time), `channels`: string[], `note?`: string | identity | services, vault |',
    );
    expect(catalogueRow({ ...verified, consumers: [] })).toMatch(/\| identity \| — \|$/);
  });

  it('accepts a matching row, whatever its spacing', () => {
    const row = catalogueRow(verified).replace(/ \| /g, '  |   ');
    expect(catalogueProblems(header + row, [verified])).toEqual([]);
  });

  it('reports a missing event with the row to add', () => {
    expect(catalogueProblems(header, [verified])).toEqual([
      `identity.cccd_verified is not in the catalogue; add:\n${catalogueRow(verified)}`,
    ]);
  });

  it('reports a changed payload or consumer list', () => {
    const old = catalogueRow({ ...verified, consumers: ['vault'] });
    expect(catalogueProblems(header + old, [verified])).toEqual([
      `identity.cccd_verified differs; the row should read:\n${catalogueRow(verified)}`,
    ]);
  });

  it('reports an event that is documented but not defined', () => {
    expect(catalogueProblems(header + catalogueRow(verified), [])).toEqual([
      'identity.cccd_verified is in the catalogue but no module defines it',
    ]);
  });
});
