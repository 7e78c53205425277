import { client, unwrap } from './client.js';
import type { Me, OtpChallenge } from './session.js';

// src/modules/identity/email-routes.ts: a citizen's own e-mail address, proved by a code sent to it.

/** Sends a 6-digit code to `email`; refused with a field error at /body/email that says why. */
export function requestEmailCode(email: string): Promise<OtpChallenge> {
  return unwrap(client.POST('/api/v1/me/email', { body: { email } }));
}

/** Puts the address on the account once the code is right; returns the updated account. */
export function verifyEmail(challengeId: string, code: string): Promise<Me> {
  return unwrap(client.POST('/api/v1/me/email/verify', { body: { challengeId, code } }));
}

export async function removeEmail(): Promise<void> {
  await unwrap(client.DELETE('/api/v1/me/email'));
}
