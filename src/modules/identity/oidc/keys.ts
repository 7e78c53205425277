import { hkdfSync } from 'node:crypto';
import type { MasterKeys } from '../../../platform/crypto/master-key.js';

/**
 * Keys that sign the provider's cookies, derived from the master key (HKDF-SHA256) so nothing is
 * hard-coded or stored, and every process of one installation derives the same keys.
 */
export function cookieKeys(masterKeys: MasterKeys): string[] {
  const key = hkdfSync('sha256', masterKeys.current.key, 'congdanso', 'identity.oidc.cookies.v1', 32);
  return [Buffer.from(key).toString('base64url')];
}
