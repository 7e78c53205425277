/** Why an address was refused; each is a field message in the catalogue (`identity.email_*`). */
export type EmailRefusal = 'identity.email_invalid' | 'identity.email_accents' | 'identity.email_too_long';

export type ParsedEmail = { ok: true; email: string } | { ok: false; reason: EmailRefusal };

// RFC 5321/5322 "dot-atom" local part (no quoted strings: no mail provider people use here hands those out).
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An e-mail address as people type or paste it, out trimmed, NFC and lower-cased (how accounts store it,
 * so one mailbox is one address). ASCII only: an address with Vietnamese letters ("nguyễn@…") is almost
 * always a typing slip, and gets its own reason.
 */
export function parseEmail(input: string): ParsedEmail {
  const email = input.normalize('NFC').trim().toLowerCase();
  if (email.length > 254) return { ok: false, reason: 'identity.email_too_long' };
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return { ok: false, reason: 'identity.email_invalid' };
  // Anything outside printable ASCII: letters with diacritics, full-width forms.
  if (/[^\x20-\x7e]/.test(email)) return { ok: false, reason: 'identity.email_accents' };
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const tld = labels.at(-1) ?? '';
  if (
    local.length > 64 ||
    !LOCAL.test(local) ||
    labels.length < 2 ||
    !labels.every((l) => LABEL.test(l)) ||
    !/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)
  ) {
    return { ok: false, reason: 'identity.email_invalid' };
  }
  return { ok: true, email };
}
