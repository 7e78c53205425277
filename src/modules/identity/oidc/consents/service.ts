import type { Audit } from '../../../../platform/audit/audit.js';
import { type Actor, requireSignedIn } from '../../../../platform/auth/actor.js';
import type { Clock } from '../../../../platform/clock.js';
import type { Db, Sql } from '../../../../platform/db/db.js';
import { DomainError } from '../../../../platform/http/errors.js';
import type { Locale, Translate } from '../../../../platform/i18n/i18n.js';
import type { SecurityNotices } from '../../security/notices.js';
import type { OidcStorage } from '../adapter.js';
import { clientNames, findClient } from '../clients/service.js';
import type { ProviderSource } from '../provider.js';
import * as consentsRepo from './repo.js';

export interface ConsentsDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  storage: OidcStorage;
  provider: ProviderSource;
  /** Tells the person in their inbox that the application lost its access. */
  notices?: SecurityNotices | undefined;
}

type AccountHolder = Extract<Actor, { kind: 'citizen' | 'staff' }>;

function requireAccountHolder(actor: Actor): AccountHolder {
  requireSignedIn(actor);
  if (actor.kind !== 'citizen' && actor.kind !== 'staff')
    throw new DomainError('forbidden', 'http.forbidden');
  return actor;
}

/** Records a consent given on the provider's consent page, in the caller's transaction (with its grant). */
export const recordConsent = (tx: Sql, consent: consentsRepo.ConsentRow) =>
  consentsRepo.insertConsent(tx, consent);

export interface ConsentListRow extends consentsRepo.ConsentRow {
  withdrawn_at: Date | null;
  client_name: string;
  /** The provider's grant still exists and has not expired. */
  grant_live: boolean;
}

export type ConsentStatus = 'active' | 'withdrawn' | 'expired';

export interface ConsentView {
  id: string;
  clientId: string;
  clientName: string;
  purpose: string;
  scopes: string[];
  /** The data items released, in plain words in the request's language. */
  dataItems: Array<{ claim: string; label: string }>;
  /** The client may keep reading them while the person is away (a refresh token). */
  offlineAccess: boolean;
  grantedAt: string;
  withdrawnAt: string | null;
  status: ConsentStatus;
}

function toConsentView(row: ConsentListRow, t: Translate): ConsentView {
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    purpose: row.purpose,
    scopes: row.scopes,
    dataItems: row.claims.map((claim) => ({ claim, label: t(`oidc.claims.${claim}`) })),
    offlineAccess: row.scopes.includes('offline_access'),
    grantedAt: row.granted_at.toISOString(),
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    status: row.withdrawn_at ? 'withdrawn' : row.grant_live ? 'active' : 'expired',
  };
}

/**
 * The consents a person gave to "Đăng nhập bằng Công dân số" clients, and withdrawing them (NĐ 13/2023
 * and Luật 91/2025: consent can be withdrawn at any time). Withdrawal ends the client's access at once:
 * the provider's grant and every token issued under it are deleted in the same transaction that marks the
 * consent withdrawn and audits it, so no refresh token outlives the withdrawal.
 */
export function createConsentsService(deps: ConsentsDeps) {
  const { db, clock, audit, storage, provider: providers } = deps;

  return {
    async list(actor: Actor, t: Translate): Promise<ConsentView[]> {
      const me = requireAccountHolder(actor);
      const rows = await consentsRepo.listConsents(db, me.accountId);
      // The grant lives with the provider's storage (same module): once it has expired or been purged, a
      // consent never withdrawn no longer lets the client in.
      const [names, live] = await Promise.all([
        clientNames(
          db,
          rows.map((r) => r.client_id),
        ),
        storage.liveGrantIds(
          rows.map((r) => r.grant_id),
          clock.now(),
        ),
      ]);
      return rows.flatMap((r) => {
        const clientName = names.get(r.client_id);
        return clientName === undefined
          ? []
          : [toConsentView({ ...r, client_name: clientName, grant_live: live.has(r.grant_id) }, t)];
      });
    },

    /** Someone else's consent answers exactly like an unknown one. */
    async withdraw(actor: Actor, consentId: string, requestId?: string, locale?: Locale): Promise<void> {
      const me = requireAccountHolder(actor);
      const now = clock.now();
      const provider = await providers.current();
      // Adapter calls made inside withTransaction join its transaction.
      await storage.withTransaction(async (tx) => {
        const consent = await consentsRepo.lockOwnConsent(tx, me.accountId, consentId);
        if (!consent) throw new DomainError('not_found', 'identity.consent_not_found');
        if (consent.withdrawn_at) throw new DomainError('conflict', 'identity.consent_already_withdrawn');
        const withdrawn = await consentsRepo.withdrawConsentsOfGrant(tx, me.accountId, consent.grant_id, now);
        // One at a time: they share the transaction's single connection. Tokens first, then the grant,
        // as the provider's own revocation does; the next authorization then asks for consent again.
        for (const model of [provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode]) {
          await model.revokeByGrantId(consent.grant_id);
        }
        await provider.Grant.adapter.destroy(consent.grant_id);
        await audit.record(tx, {
          actor: me,
          action: 'identity.consent_withdrawn',
          targetType: 'consent',
          targetId: consent.id,
          requestId,
          data: { clientId: consent.client_id, consentIds: withdrawn },
        });
        if (deps.notices) {
          const client = (await findClient(tx, consent.client_id))?.name ?? consent.client_id;
          await deps.notices.send(tx, { accountId: me.accountId, locale }, 'consent_withdrawn', { client });
        }
      });
    },
  };
}

export type ConsentsService = ReturnType<typeof createConsentsService>;
