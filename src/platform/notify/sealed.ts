import type { Envelope } from '../crypto/envelope.js';
import type { Channel, Recipient } from './notify.js';
import type { Rendered } from './template.js';

/** What a notification row keeps sealed: where to send it and the message rendered per channel. */
export interface SealedContent {
  to: Recipient;
  messages: Partial<Record<Channel, Rendered>>;
}

const aad = (id: string) => `notify.notification:${id}`;

export function seal(envelope: Envelope, id: string, content: SealedContent): string {
  return envelope.encrypt(JSON.stringify(content), aad(id)).toString('base64');
}

export function unseal(envelope: Envelope, id: string, sealed: string): SealedContent {
  return JSON.parse(
    envelope.decrypt(Buffer.from(sealed, 'base64'), aad(id)).toString('utf8'),
  ) as SealedContent;
}
