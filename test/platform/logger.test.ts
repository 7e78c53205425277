import { describe, expect, it } from 'vitest';
import { maskQuery, safeError } from '../../src/platform/logger.js';

describe('log hygiene', () => {
  it('cuts SQL parameters out of error messages and stacks', () => {
    const err = new Error(
      'Failed query: select * from identity.accounts where phone = $1\nparams: +84905123456',
    );
    const safe = safeError(err);
    expect(JSON.stringify(safe)).not.toContain('+84905123456');
    expect(safe.message).toContain('Failed query');
  });

  it('masks every query-string value', () => {
    expect(maskQuery('/dev/outbox.json?to=0905123456&x=1')).toBe('/dev/outbox.json?to=…&x=…');
    expect(maskQuery('/api/v1/me')).toBe('/api/v1/me');
  });
});
