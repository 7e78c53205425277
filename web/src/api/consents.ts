import { api } from './client.js';

/** One consent given on the "Đăng nhập bằng Công dân số" consent page (GET /api/v1/me/consents). */
export interface Consent {
  id: string;
  clientId: string;
  clientName: string;
  purpose: string;
  scopes: string[];
  /** Labels already in the language of the request. */
  dataItems: Array<{ claim: string; label: string }>;
  offlineAccess: boolean;
  /** ISO 8601. */
  grantedAt: string;
  withdrawnAt: string | null;
  status: 'active' | 'withdrawn' | 'expired';
}

export async function listConsents(): Promise<Consent[]> {
  return (await api<{ items: Consent[] }>('/api/v1/me/consents')).items;
}

/** The application loses its access and tokens at once; its next sign-in asks for consent again. */
export function withdrawConsent(id: string): Promise<void> {
  return api<void>(`/api/v1/me/consents/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
