import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };

const SOURCES = [
  '../cccd.ts',
  '../cccd-qr.ts',
  '../../security/password-policy.ts',
  '../../security/totp.ts',
];

/** Every `identity.*` reason code the assurance files can return. */
const codes = [
  ...new Set(
    SOURCES.flatMap((file) =>
      [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/'identity\.([a-z_]+)'/g)].map(
        (m) => m[1] ?? '',
      ),
    ),
  ),
].sort();

type Catalogue = typeof vi;
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('assurance catalogues', () => {
  it('finds the reason codes in the sources', () => {
    expect(codes).toContain('cccd_century');
    expect(codes).toContain('password_common');
    expect(codes).toContain('totp_replayed');
    expect(codes.length).toBeGreaterThanOrEqual(13);
  });

  it.each([
    ['vi', vi],
    ['en', en],
  ] as const)('%s has a title, a detail and a field message for every code', (_, catalogue: Catalogue) => {
    const errors = catalogue.errors.identity as Record<string, { title: string; detail: string }>;
    const fields = catalogue.errors.validation.identity as Record<string, string>;
    for (const code of codes) {
      expect(errors[code]?.title, code).toBeTruthy();
      expect(errors[code]?.detail, code).toBeTruthy();
      expect(fields[code], code).toBeTruthy();
    }
    expect(Object.keys(errors).sort()).toEqual(codes);
  });

  it('uses the same placeholders in both languages', () => {
    const viErrors = vi.errors.identity as Record<string, { title: string; detail: string }>;
    const enErrors = en.errors.identity as Record<string, { title: string; detail: string }>;
    for (const code of codes) {
      expect(placeholders(enErrors[code]?.detail ?? ''), code).toEqual(
        placeholders(viErrors[code]?.detail ?? ''),
      );
    }
    expect(placeholders(viErrors.password_too_short?.detail ?? '')).toEqual(['minLength']);
  });

  it('is NFC text without the familiar pronoun', () => {
    const text = JSON.stringify(vi);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).not.toMatch(/\bbạn\b/i);
  });
});
