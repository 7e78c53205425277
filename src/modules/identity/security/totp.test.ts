import { describe, expect, it } from 'vitest';
import {
  createTotpEnrolment,
  generateRecoveryCodes,
  hashRecoveryCode,
  RECOVERY_CODE_COUNT,
  spendRecoveryCode,
  totpCodeAt,
  totpStep,
  totpUri,
  verifyTotp,
} from './totp.js';

// RFC 6238 appendix B: the ASCII key "12345678901234567890" (base32 below), SHA-1, 8 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the RFC 6238 SHA-1 vector at T=%i', (seconds, code) => {
    expect(totpCodeAt(RFC_SECRET, totpStep(at(seconds)), 8)).toBe(code);
    expect(verifyTotp(RFC_SECRET, code, { now: at(seconds), lastUsedStep: null, digits: 8 })).toEqual({
      ok: true,
      step: totpStep(at(seconds)),
    });
  });

  it('enrols with a fresh 160-bit secret, an otpauth URI naming "Công dân số", and an SVG QR', async () => {
    const a = await createTotpEnrolment('0905 123 456');
    const b = await createTotpEnrolment('0905 123 456');
    expect(a.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(a.secret).not.toBe(b.secret);
    const uri = new URL(a.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Công dân số:0905 123 456');
    expect(uri.searchParams.get('issuer')).toBe('Công dân số');
    expect(uri.searchParams.get('secret')).toBe(a.secret);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(a.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(totpUri(a.secret, '0905 123 456')).toBe(a.uri);
  });

  it('accepts the code of the step before and after (clock drift), not two steps away', () => {
    const now = at(1_700_000_000);
    const step = totpStep(now);
    const code = (s: number) => totpCodeAt(RFC_SECRET, s);
    expect(verifyTotp(RFC_SECRET, code(step - 1), { now, lastUsedStep: null })).toEqual({
      ok: true,
      step: step - 1,
    });
    expect(verifyTotp(RFC_SECRET, code(step + 1), { now, lastUsedStep: null })).toEqual({
      ok: true,
      step: step + 1,
    });
    expect(verifyTotp(RFC_SECRET, code(step - 2), { now, lastUsedStep: null })).toEqual({
      ok: false,
      reason: 'identity.totp_wrong',
    });
    expect(verifyTotp(RFC_SECRET, code(step + 2), { now, lastUsedStep: null })).toMatchObject({ ok: false });
    expect(verifyTotp(RFC_SECRET, code(step - 2), { now, lastUsedStep: null, window: 2 })).toMatchObject({
      ok: true,
    });
  });

  it('refuses a replayed code and any code of a step already used', () => {
    const now = at(1_700_000_000);
    const step = totpStep(now);
    const code = totpCodeAt(RFC_SECRET, step);
    const first = verifyTotp(RFC_SECRET, code, { now, lastUsedStep: null });
    expect(first).toEqual({ ok: true, step });
    expect(verifyTotp(RFC_SECRET, code, { now, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'identity.totp_replayed',
    });
    // The previous step's code is still inside the window but older than the last use.
    expect(verifyTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step - 1), { now, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'identity.totp_replayed',
    });
    // The next step's code is still accepted.
    expect(verifyTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step + 1), { now, lastUsedStep: step })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('reads codes typed with spaces or full-width digits, and refuses malformed ones', () => {
    const now = at(1_700_000_000);
    const code = totpCodeAt(RFC_SECRET, totpStep(now));
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
    expect(verifyTotp(RFC_SECRET, spaced, { now, lastUsedStep: null }).ok).toBe(true);
    const fullWidth = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    expect(verifyTotp(RFC_SECRET, fullWidth, { now, lastUsedStep: null }).ok).toBe(true);
    for (const bad of ['', '12345', '1234567', 'abcdef']) {
      expect(verifyTotp(RFC_SECRET, bad, { now, lastUsedStep: null })).toEqual({
        ok: false,
        reason: 'identity.totp_wrong',
      });
    }
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes and stores only their hashes', () => {
    const { codes, hashes } = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(hashes).toEqual(codes.map((c) => hashRecoveryCode(c)));
    for (const [i, hash] of hashes.entries()) {
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).not.toContain(codes[i]?.toLowerCase());
    }
  });

  it('spends a code once', () => {
    const { codes, hashes } = generateRecoveryCodes();
    const code = codes[3] ?? '';
    const used = spendRecoveryCode(code, hashes);
    expect(used.ok).toBe(true);
    if (!used.ok) return;
    expect(used.remaining).toHaveLength(RECOVERY_CODE_COUNT - 1);
    expect(used.remaining).not.toContain(hashes[3]);
    expect(spendRecoveryCode(code, used.remaining)).toEqual({
      ok: false,
      reason: 'identity.recovery_code_wrong',
    });
    expect(spendRecoveryCode(codes[4] ?? '', used.remaining).ok).toBe(true);
  });

  it('accepts a code retyped in lower case, without the dash, with O/I/L for 0/1', () => {
    const hashes = [hashRecoveryCode('AB0C1-DE1FG') ?? ''];
    expect(spendRecoveryCode('ab0c1de1fg', hashes).ok).toBe(true);
    expect(spendRecoveryCode('AB OCI - DE LFG', hashes).ok).toBe(true);
  });

  it('refuses unknown and malformed codes', () => {
    const { hashes } = generateRecoveryCodes();
    for (const bad of ['', 'ABCDE', 'ABCDE-FGHJK-M', 'ABCDE-FGHJU', 'ZZZZZ-ZZZZZ']) {
      expect(spendRecoveryCode(bad, hashes)).toEqual({ ok: false, reason: 'identity.recovery_code_wrong' });
    }
  });
});
