import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { parseCccdQr, readCccdQr, todayInVietnam } from './cccd-qr.js';
import type { MapOldAddress } from './old-address.js';

const TODAY = '2026-11-25';
const ADDRESS = 'Tổ 5, Phường Hòa Minh, Quận Liên Chiểu, TP. Đà Nẵng';
const CARD = `048090123456|201234567|Nguyễn Văn An|15031990|Nam|${ADDRESS}|10052021`;

const parse = (text: string) => parseCccdQr(text, TODAY);

describe('parseCccdQr', () => {
  it('reads every field of a chip-card QR', () => {
    expect(parse(CARD)).toEqual({
      ok: true,
      data: {
        cccd: '048090123456',
        oldId: '201234567',
        fullName: 'Nguyễn Văn An',
        nameParts: { family: 'Nguyễn', middle: 'Văn', given: 'An' },
        dateOfBirth: '1990-03-15',
        sex: 'male',
        address: ADDRESS,
        issueDate: '2021-05-10',
      },
    });
  });

  it('accepts an empty old-ID field (most cards) and a woman born in the 2000s', () => {
    const result = parse(
      '049303001234||Trần Thị Bích Ngọc|02072003|Nữ|Thôn 3, Xã Điện Minh, Thị xã Điện Bàn|20122022',
    );
    expect(result).toMatchObject({
      ok: true,
      data: { oldId: null, sex: 'female', dateOfBirth: '2003-07-02', issueDate: '2022-12-20' },
    });
  });

  it('accepts a 12-digit CMND and a QR without any old-ID field', () => {
    expect(parse(CARD.replace('201234567', '048190000001'))).toMatchObject({
      data: { oldId: '048190000001' },
    });
    expect(parse(`048090123456|Nguyễn Văn An|15031990|Nam|${ADDRESS}|10052021`)).toMatchObject({
      ok: true,
      data: { oldId: null, fullName: 'Nguyễn Văn An', address: ADDRESS },
    });
  });

  it('ignores extra trailing fields', () => {
    expect(parse(`${CARD}|01|`)).toMatchObject({
      ok: true,
      data: { issueDate: '2021-05-10', address: ADDRESS },
    });
    expect(parse(`${CARD}|31122040|x`)).toMatchObject({ ok: true, data: { issueDate: '2021-05-10' } });
  });

  it('joins an address split across fields', () => {
    const split =
      '048090123456||Nguyễn Văn An|15031990|Nam|Tổ 5|Phường Hòa Minh| Quận Liên Chiểu |TP. Đà Nẵng|10052021';
    expect(parse(split)).toMatchObject({ ok: true, data: { address: ADDRESS, issueDate: '2021-05-10' } });
  });

  it('normalises to NFC, trims, and tolerates a BOM, CRLF and spacing', () => {
    const messy = `\uFEFF  ${CARD.normalize('NFD').replace('Nguyễn Văn An'.normalize('NFD'), ' Nguyễn  Văn An ')}\r\n`;
    const result = parse(messy);
    expect(result).toMatchObject({ ok: true, data: { fullName: 'Nguyễn Văn An', address: ADDRESS } });
    if (result.ok) expect(result.data.fullName).toBe(result.data.fullName.normalize('NFC'));
    expect(parse(CARD.replace('|Nam|', '|NAM|'))).toMatchObject({ ok: true, data: { sex: 'male' } });
    expect(parse(CARD.replace('|Nam|', '|nữ|').replace('048090', '048190'))).toMatchObject({
      ok: true,
      data: { sex: 'female' },
    });
  });

  it.each([
    ['~', '~'],
    ['broken bar', '¦'],
    ['full-width bar', '｜'],
    ['tab', '\t'],
    ['#', '#'],
  ])('reads a keyboard-wedge substitute for | (%s)', (_, substitute) => {
    expect(parse(CARD.replaceAll('|', substitute))).toMatchObject({
      ok: true,
      data: { cccd: '048090123456', fullName: 'Nguyễn Văn An', issueDate: '2021-05-10' },
    });
  });

  it('does not take a letter, digit or address punctuation for a separator', () => {
    expect(parse(CARD.replaceAll('|', ','))).toEqual({ ok: false, reason: 'identity.cccd_qr_format' });
    expect(parse(CARD.replaceAll('|', ' '))).toEqual({ ok: false, reason: 'identity.cccd_qr_format' });
    expect(parse('048090123456')).toEqual({ ok: false, reason: 'identity.cccd_qr_format' });
  });

  it('refuses text that is not a CCCD QR', () => {
    expect(parse('')).toEqual({ ok: false, reason: 'identity.cccd_qr_format' });
    expect(parse('https://example.com/?a=b')).toEqual({ ok: false, reason: 'identity.cccd_qr_format' });
    expect(parse(`${CARD}|${'x'.repeat(1000)}`)).toEqual({ ok: false, reason: 'identity.cccd_qr_format' });
    expect(parse(CARD.replace('Văn', 'V\u0000n'))).toEqual({ ok: false, reason: 'identity.cccd_qr_format' });
  });

  it('refuses a tampered field count', () => {
    expect(parse('048090123456||Nguyễn Văn An|15031990|Nam')).toEqual({
      ok: false,
      reason: 'identity.cccd_qr_fields',
    });
    // Six fields with the old-ID field present leave no issue date.
    expect(parse(`048090123456||Nguyễn Văn An|15031990|Nam|${ADDRESS}`)).toEqual({
      ok: false,
      reason: 'identity.cccd_qr_fields',
      field: 'issueDate',
    });
  });

  it('refuses a malformed old ID or name', () => {
    expect(parse(CARD.replace('201234567', '2012345'))).toMatchObject({
      reason: 'identity.cccd_qr_fields',
      field: 'oldId',
    });
    expect(parse(CARD.replace('Nguyễn Văn An', ''))).toMatchObject({
      reason: 'identity.cccd_qr_fields',
      field: 'fullName',
    });
    expect(parse(CARD.replace('Nguyễn Văn An', 'Nguyễn Văn 4n'))).toMatchObject({
      reason: 'identity.cccd_qr_fields',
      field: 'fullName',
    });
  });

  it.each([
    ['not a date', '1503199O', 'dateOfBirth'],
    ['13th month', '15131990', 'dateOfBirth'],
    ['30 February', '30021990', 'dateOfBirth'],
    ['with separators', '15/03/1990', 'dateOfBirth'],
  ])('refuses an invalid date of birth (%s)', (_, value, field) => {
    expect(parse(CARD.replace('15031990', value))).toMatchObject({ ok: false, field });
  });

  it('refuses future dates and an issue date before the birth date', () => {
    const future = parse(CARD.replace('048090', '048230').replace('15031990', '01012030'));
    expect(future).toEqual({ ok: false, reason: 'identity.cccd_qr_date', field: 'dateOfBirth' });
    expect(parse(CARD.replace('10052021', '26112026'))).toEqual({
      ok: false,
      reason: 'identity.cccd_qr_date',
      field: 'issueDate',
    });
    expect(parse(CARD.replace('10052021', '10051989'))).toEqual({
      ok: false,
      reason: 'identity.cccd_qr_date',
      field: 'issueDate',
    });
    expect(parse(CARD.replace('10052021', '31022021'))).toMatchObject({ reason: 'identity.cccd_qr_date' });
    expect(parse(CARD.replace('10052021', '25112026')).ok).toBe(true);
  });

  it('refuses a sex other than Nam / Nữ', () => {
    for (const value of ['Male', 'Khác', '', 'Nu']) {
      expect(parse(CARD.replace('|Nam|', `|${value}|`))).toEqual({
        ok: false,
        reason: 'identity.cccd_qr_sex',
        field: 'sex',
      });
    }
  });

  it('cross-checks the number with the birth date and sex', () => {
    expect(parse(CARD.replace('15031990', '15032004'))).toEqual({
      ok: false,
      reason: 'identity.cccd_century',
      field: 'cccd',
    });
    expect(parse(CARD.replace('|Nam|', '|Nữ|'))).toEqual({
      ok: false,
      reason: 'identity.cccd_century',
      field: 'cccd',
    });
    expect(parse(CARD.replace('048090', '050090'))).toEqual({
      ok: false,
      reason: 'identity.cccd_province',
      field: 'cccd',
    });
    expect(parse(CARD.replace('048090123456', '04809012345A'))).toEqual({
      ok: false,
      reason: 'identity.cccd_format',
      field: 'cccd',
    });
    expect(parse(CARD.replace('048090123456', '04809012345'))).toEqual({
      ok: false,
      reason: 'identity.cccd_format',
      field: 'cccd',
    });
  });
});

describe('readCccdQr', () => {
  it('uses Việt Nam’s date, not UTC’s', () => {
    expect(todayInVietnam(new ManualClock('2026-11-24T17:30:00Z'))).toBe('2026-11-25');
    expect(todayInVietnam(new ManualClock('2026-11-24T16:59:59Z'))).toBe('2026-11-24');
  });

  it('maps the printed pre-2025 address to the new commune', async () => {
    const seen: string[] = [];
    const mapOldAddress: MapOldAddress = async (text) => {
      seen.push(text);
      return { newCode: '20200', candidates: [{ code: '20200', name: 'Phường Hòa Khánh' }], partial: false };
    };
    const result = await readCccdQr(CARD, { clock: new ManualClock('2026-11-25T03:00:00Z'), mapOldAddress });
    expect(seen).toEqual([ADDRESS]);
    expect(result).toMatchObject({
      ok: true,
      data: { cccd: '048090123456', addressMapping: { newCode: '20200' } },
    });
  });

  it('leaves the mapping null without a mapper and refuses before mapping', async () => {
    const clock = new ManualClock('2026-11-25T03:00:00Z');
    expect(await readCccdQr(CARD, { clock })).toMatchObject({ ok: true, data: { addressMapping: null } });
    const mapOldAddress: MapOldAddress = async () => {
      throw new Error('must not be called');
    };
    expect(await readCccdQr('048090123456||x', { clock, mapOldAddress })).toEqual({
      ok: false,
      reason: 'identity.cccd_qr_fields',
    });
  });
});
