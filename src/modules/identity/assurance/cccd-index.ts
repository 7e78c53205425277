import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The HMAC under which a số định danh is looked up (`accounts.cccd_index`): the key is derived from the master
 * key, so the number is findable for linking (QR, counter check, VNeID) without being stored in clear.
 */
export function cccdIndexer(masterKey: Buffer): (cccd: string) => string {
  const key = Buffer.from(hkdfSync('sha256', masterKey, '', 'congdanso/identity/cccd-index', 32));
  return (cccd) => createHmac('sha256', key).update(cccd).digest('hex');
}
