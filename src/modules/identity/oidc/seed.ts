import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Sql, Tx } from '../../../platform/db/db.js';
import { findClient, insertNewClient, openClientSecret } from './clients/service.js';

export const DEMO_CLIENT_ID = 'demo-portal';

export interface DemoClient {
  clientId: string;
  /** The secret in clear, read back from its sealed copy, for the start banner. */
  clientSecret: string;
  redirectUris: string[];
}

/**
 * The confidential demo client of the Contract. Its secret is random, made on the first seed and kept
 * sealed; later calls leave the row alone and return the same secret so the banner can print it.
 */
export async function seedDemoClient(tx: Tx, envelope: Envelope, now: Date): Promise<DemoClient> {
  const redirectUris = ['http://localhost:3000/demo/callback', 'http://127.0.0.1:8976/cb'];
  await insertNewClient(
    tx,
    envelope,
    {
      clientId: DEMO_CLIENT_ID,
      name: 'Cổng thông tin mẫu (demo)',
      purpose:
        'Ứng dụng mẫu để thử "Đăng nhập bằng Công dân số": hiển thị họ tên và số điện thoại của Ông/Bà.',
      redirectUris,
      postLogoutRedirectUris: ['http://localhost:3000/demo', 'http://127.0.0.1:8976/'],
      scopes: ['openid', 'profile', 'phone', 'cccd', 'address', 'offline_access'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    },
    now,
  );
  const secret = await demoClientSecret(tx, envelope);
  if (!secret) throw new Error('demo client without a secret');
  return { clientId: DEMO_CLIENT_ID, clientSecret: secret, redirectUris };
}

/** The demo client's secret, or null when it was never seeded (e.g. production). */
export async function demoClientSecret(q: Sql, envelope: Envelope): Promise<string | null> {
  const row = await findClient(q, DEMO_CLIENT_ID);
  return row?.secret_envelope ? openClientSecret(envelope, DEMO_CLIENT_ID, row.secret_envelope) : null;
}
