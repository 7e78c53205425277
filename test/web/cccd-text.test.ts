import { describe, expect, it } from 'vitest';
import {
  cccdFromQrText,
  compactCccd,
  fitWithin,
  formatIsoDate,
  maskCccd,
} from '../../web/src/pages/identity/cccd-text.js';

describe('chip-card text helpers (web)', () => {
  it('masks all but the last three digits, and a malformed number whole', () => {
    expect(maskCccd('048090123456')).toBe('•••••••••456');
    expect(maskCccd('048 090 123 456')).toBe('•••••••••456');
    expect(maskCccd('04809012345')).toBe('•••••••••••');
    expect(maskCccd('04809012345a')).not.toMatch(/\d/);
    expect(maskCccd('')).toBe('•');
  });

  it('compacts the groups people type and full-width digits', () => {
    expect(compactCccd(' 048 090-123.456 ')).toBe('048090123456');
    expect(compactCccd('０４８０９０１２３４５６')).toBe('048090123456');
  });

  it('takes the number from the start of a card QR and nothing else', () => {
    expect(cccdFromQrText('048090123456||Nguyễn Văn An|15031990|Nam|Hải Châu|20042021')).toBe('048090123456');
    expect(cccdFromQrText('\uFEFF048090123456|')).toBe('048090123456');
    expect(cccdFromQrText('0480901234567|')).toBeNull();
    expect(cccdFromQrText('04809012345|')).toBeNull();
    expect(cccdFromQrText('https://example.vn/048090123456')).toBeNull();
  });

  it('writes ISO dates as dd/MM/yyyy without a time-zone shift', () => {
    expect(formatIsoDate('1990-03-15')).toBe('15/03/1990');
    expect(formatIsoDate('2021-04-20')).toBe('20/04/2021');
    expect(formatIsoDate('15031990')).toBe('');
  });

  it('scales images down to the longest side, never up', () => {
    expect(fitWithin(4000, 3000, 1200)).toEqual({ width: 1200, height: 900 });
    expect(fitWithin(3000, 4000, 1200)).toEqual({ width: 900, height: 1200 });
    expect(fitWithin(800, 600, 1200)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(0, 0, 1200)).toEqual({ width: 0, height: 0 });
  });
});
