import { describe, expect, it } from 'vitest';
import { normaliseName, splitName } from './names.js';

describe('splitName', () => {
  it('splits family, middle and given names', () => {
    expect(splitName('Nguyễn Thị Minh Khai')).toEqual({
      family: 'Nguyễn',
      middle: 'Thị Minh',
      given: 'Khai',
    });
    expect(splitName('Lê Văn Tám')).toEqual({ family: 'Lê', middle: 'Văn', given: 'Tám' });
  });

  it('handles names without a middle name, one-word names and stray spaces', () => {
    expect(splitName('  Trần   Hưng ')).toEqual({ family: 'Trần', middle: '', given: 'Hưng' });
    expect(splitName('Hưng')).toEqual({ family: '', middle: '', given: 'Hưng' });
    expect(splitName('   ')).toEqual({ family: '', middle: '', given: '' });
  });

  it('returns NFC text for decomposed input', () => {
    const decomposed = 'Nguyễn Văn Đức'.normalize('NFD');
    expect(normaliseName(decomposed)).toBe('Nguyễn Văn Đức'.normalize('NFC'));
    expect(splitName(decomposed).family).toBe('Nguyễn'.normalize('NFC'));
  });
});
