import { api } from './client.js';

// Shapes of src/modules/identity/assurance-routes.ts as they arrive over JSON.

/** What the server read from the QR on the chip card (and wrote to the profile). */
export interface CardReading {
  /** Masked by the server: only the last 3 digits are shown. */
  cccd: string;
  fullName: string;
  /** ISO date YYYY-MM-DD. */
  dateOfBirth: string;
  sex: 'male' | 'female';
  /** Permanent residence as printed on the card (pre-2025 units on older cards). */
  address: string;
  /** ISO date YYYY-MM-DD. */
  issueDate: string;
  /** Today's commune for the printed address; `partial` when the old commune was split. */
  addressMapping: {
    newCode: string | null;
    candidates: { code: string; name: string }[];
    partial: boolean;
  } | null;
}

/** The citizen sends the text their browser decoded from the card's QR; the server checks and stores it. */
export function readCardQr(qrText: string): Promise<CardReading> {
  return api<CardReading>('/api/v1/me/cccd/qr', { method: 'POST', body: { qrText } });
}

export interface LevelConfirmed {
  accountId: string;
  assuranceLevel: 2;
}

/** Counter staff or a community-team member who has seen the card raises the citizen to level 2. */
export function confirmLevel2(input: { phone: string; cccd: string }): Promise<LevelConfirmed> {
  return api<LevelConfirmed>('/api/v1/identity/citizens/assurance', { method: 'POST', body: input });
}
