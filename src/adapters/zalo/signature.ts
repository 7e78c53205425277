import { createHash, timingSafeEqual } from 'node:crypto';

/** `X-ZEvent-Signature: mac=<hex>` with hex = SHA-256(app id + raw body + timestamp + OA secret key). */
function zaloEventMac(appId: string, rawBody: string, timestamp: string, oaSecret: string): string {
  return createHash('sha256').update(`${appId}${rawBody}${timestamp}${oaSecret}`, 'utf8').digest('hex');
}

export function zaloSignatureHeader(
  appId: string,
  rawBody: string,
  timestamp: string,
  oaSecret: string,
): string {
  return `mac=${zaloEventMac(appId, rawBody, timestamp, oaSecret)}`;
}

/** Constant-time check of the header against the body it came with. */
export function verifyZaloSignature(
  header: string | undefined,
  appId: string,
  rawBody: string,
  timestamp: string,
  oaSecret: string,
): boolean {
  if (!header) return false;
  const given = Buffer.from(header.trim().replace(/^mac=/, '').toLowerCase(), 'utf8');
  const expected = Buffer.from(zaloEventMac(appId, rawBody, timestamp, oaSecret), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
