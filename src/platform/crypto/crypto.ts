import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { App } from '../http/app.js';
import { createEnvelope, type Envelope } from './envelope.js';
import { createKeyring, type Keyring } from './keyring.js';
import { loadMasterKeys, type MasterKeys } from './master-key.js';
import { registerCryptoRoutes } from './routes.js';

export interface CryptoDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
}

export interface Crypto {
  masterKeys: MasterKeys;
  envelope: Envelope;
  keyring: Keyring;
}

/** Master keys, envelope encryption and the signing keyring; makes sure a signing key exists. */
export async function createCrypto({ config, db, logger, clock }: CryptoDeps): Promise<Crypto> {
  const masterKeys = loadMasterKeys(config, logger);
  const envelope = createEnvelope(masterKeys);
  const keyring = createKeyring({ db, envelope, clock, retentionDays: config.signingKeyRetentionDays });
  await keyring.ensureActiveKey();
  return { masterKeys, envelope, keyring };
}

/** createCrypto plus the JWKS route; the composition root calls this once. */
export async function registerCrypto(app: App, deps: CryptoDeps): Promise<Crypto> {
  const crypto = await createCrypto(deps);
  registerCryptoRoutes(app, crypto.keyring);
  return crypto;
}
