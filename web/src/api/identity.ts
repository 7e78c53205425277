import { client, unwrap } from './client.js';
import type { Body, Res, Schema } from './types.js';

// src/modules/identity/assurance-routes.ts.

/**
 * What the server read from the QR on the chip card (and wrote to the profile): the CCCD masked to its
 * last 3 digits, dates as YYYY-MM-DD, and today's commune for the printed address (`partial` when the
 * old commune was split).
 */
export type CardReading = Schema<'CccdCardReading'>;

/** The citizen sends the text their browser decoded from the card's QR; the server checks and stores it. */
export function readCardQr(qrText: string): Promise<CardReading> {
  return unwrap(client.POST('/api/v1/me/cccd/qr', { body: { qrText } }));
}

type LevelConfirmed = Res<'/api/v1/identity/citizens/assurance', 'post'>;

/** Counter staff or a community-team member who has seen the card raises the citizen to level 2. */
export function confirmLevel2(
  input: Body<'/api/v1/identity/citizens/assurance', 'post'>,
): Promise<LevelConfirmed> {
  return unwrap(client.POST('/api/v1/identity/citizens/assurance', { body: input }));
}
