import { client, unwrap } from './client.js';
import type { Schema } from './types.js';

/** One consent given on the "Đăng nhập bằng Công dân số" consent page (GET /api/v1/me/consents). */
export type Consent = Schema<'Consent'>;

export async function listConsents(): Promise<Consent[]> {
  return (await unwrap(client.GET('/api/v1/me/consents'))).items;
}

/** The application loses its access and tokens at once; its next sign-in asks for consent again. */
export async function withdrawConsent(id: string): Promise<void> {
  await unwrap(client.DELETE('/api/v1/me/consents/{id}', { params: { path: { id } } }));
}
