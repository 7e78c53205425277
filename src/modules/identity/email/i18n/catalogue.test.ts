import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };

const SOURCES = ['../service.ts', '../address.ts'];
/** Audit actions, not reasons shown to anyone. */
const AUDIT_ONLY = new Set(['email_added', 'email_changed', 'email_removed']);
/** Every `identity.email*` reason code the e-mail files can return. */
const codes = [
  ...new Set(
    SOURCES.flatMap((file) =>
      [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/'identity\.(email_[a-z_]+)'/g)].map(
        (m) => m[1] ?? '',
      ),
    ),
  ),
]
  .filter((code) => !AUDIT_ONLY.has(code))
  .sort();
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
type Catalogue = typeof vi;
const messagesOf = (c: Catalogue): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(c.errors.identity).map(([k, v]) => [k, `${v.title} ${v.detail}`])),
  ...c.errors.validation.identity,
});

describe('e-mail catalogues', () => {
  it('finds the reason codes in the sources', () => {
    expect(codes).toContain('email_taken');
    expect(codes).toContain('email_accents');
    expect(codes.length).toBeGreaterThanOrEqual(12);
  });

  it.each([
    ['vi', vi],
    ['en', en],
  ] as const)('%s has a message for every code and no other', (_, catalogue: Catalogue) => {
    const messages = messagesOf(catalogue);
    for (const code of codes) expect(messages[code], code).toBeTruthy();
    expect(Object.keys(messages).sort()).toEqual(codes);
  });

  it('uses the same placeholders in both languages', () => {
    const [v, e] = [messagesOf(vi), messagesOf(en)];
    for (const code of codes) expect(placeholders(e[code] ?? ''), code).toEqual(placeholders(v[code] ?? ''));
  });

  it('is NFC text without the familiar pronoun', () => {
    const text = JSON.stringify(vi);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).not.toMatch(/\bbạn\b/i);
  });
});
