/**
 * Identity's names for the one phone parser, shared/phone.ts (the web uses it too). The refusal reasons
 * become identity's field codes (`identity.phone_invalid`, `identity.phone_landline`).
 */
import { parseMobilePhone as parse, toProviderPhone } from '../../../../shared/phone.js';

export { formatPhone, maskPhone, normalisePhone } from '../../../../shared/phone.js';

export type PhoneRefusal = 'identity.phone_invalid' | 'identity.phone_landline';

export type ParsedPhone = { ok: true; e164: string } | { ok: false; reason: PhoneRefusal };

/** Parses a mobile number in any common format; landlines are refused with their own reason (no OTP by SMS). */
export function parseMobilePhone(input: string): ParsedPhone {
  const parsed = parse(input);
  return parsed.ok ? parsed : { ok: false, reason: `identity.phone_${parsed.reason}` };
}

/** Zalo ZNS wants `84xxxxxxxxx` without the plus. */
export const zaloPhone = toProviderPhone;
