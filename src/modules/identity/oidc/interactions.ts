import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Audit } from '../../../platform/audit/audit.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/db.js';
import type { App } from '../../../platform/http/app.js';
import { DomainError } from '../../../platform/http/errors.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { formatPhone } from '../accounts/phone.js';
import { StaffLoginBody } from '../accounts/schema.js';
import type { IdentityService } from '../accounts/service.js';
import { type CookiePolicy, setSessionCookie } from '../accounts/session-cookie.js';
import { findClaimSource } from '../accounts/store.js';
import type { SecurityNotices } from '../security/notices.js';
import type { StaffLoginService } from '../staff/login/service.js';
import type { OidcStorage } from './adapter.js';
import { findClient } from './clients/service.js';
import { recordConsent } from './consents/service.js';
import { withFormTargets } from './csp.js';
import { OTP_LOGIN_SCRIPT } from './otp-login-script.js';
import { consentPage, enrolFirstPage, errorPage, loginPage, totpPage } from './pages.js';
import type { ProviderSource } from './provider.js';
import { claimsOf } from './scopes.js';

export interface InteractionDeps {
  provider: ProviderSource;
  storage: OidcStorage;
  identity: IdentityService;
  staffLogin: StaffLoginService;
  db: Db;
  clock: Clock;
  audit: Audit;
  /** Tells the person in their inbox which application they allowed to receive their data. */
  notices?: SecurityNotices | undefined;
  cookies: CookiePolicy;
  /** The platform session token of the request (the cookie is hidden from actor resolution here). */
  sessionToken(req: FastifyRequest): string | undefined;
  hideCookie(req: FastifyRequest): void;
}

const Uid = z.strictObject({ uid: z.string().min(8).max(100) });
const LoginForm = z.object({
  email: z.string().max(300).default(''),
  password: z.string().max(1024).default(''),
});
const TotpForm = z.object({
  pendingId: z.string().min(20).max(100),
  code: z.string().trim().min(1).max(40),
});
const ConsentForm = z.object({ decision: z.enum(['allow', 'deny']) });
function html(reply: FastifyReply, status: number, body: string, formTargets: readonly string[] = []) {
  const csp = withFormTargets(reply.raw.getHeader('content-security-policy')?.toString(), formTargets);
  if (csp) reply.header('content-security-policy', csp);
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/**
 * Our own login and consent pages for the provider's interactions. The forms post back here without
 * the platform's CSRF header: they are bound to the provider's interaction cookie (SameSite=Lax, scoped
 * to this interaction's path), which a cross-site form post does not carry.
 */
export function interactionRoutes(d: InteractionDeps) {
  async function details(req: FastifyRequest, reply: FastifyReply) {
    const provider = await d.provider.current();
    const interaction = await provider.interactionDetails(req.raw, reply.raw);
    const clientId = String(interaction.params.client_id ?? '');
    const client = await findClient(d.db, clientId);
    return {
      interaction,
      clientId,
      clientName: client?.name ?? clientId,
      purpose: client?.purpose ?? '',
      /** Where the forms of these pages may end up after the provider's redirects. */
      formTargets: client?.redirect_uris ?? [],
    };
  }

  async function finish(
    req: FastifyRequest,
    reply: FastifyReply,
    result: Parameters<Provider['interactionResult']>[2],
  ) {
    const provider = await d.provider.current();
    const url = await provider.interactionResult(req.raw, reply.raw, result, {
      mergeWithLastSubmission: false,
    });
    return reply.redirect(url, 303);
  }

  function failed(req: FastifyRequest, reply: FastifyReply, err: unknown) {
    const e = err as { error?: string; statusCode?: number };
    if (e.error && e.statusCode)
      return html(reply, e.statusCode, errorPage(req.locale, translator(req.locale), e.error));
    throw err;
  }

  return async (scope: App) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.addHook('onRequest', async (req) => d.hideCookie(req));
    const doc = (summary: string) => ({ tags: ['oidc'], summary, params: Uid });

    scope.get(
      '/oidc/interaction/:uid',
      { schema: doc('Login or consent page of an authorization (HTML)') },
      async (req, reply) => {
        try {
          const { interaction, clientName, purpose, formTargets } = await details(req, reply);
          const t = translator(req.locale);
          if (interaction.prompt.name === 'login') {
            const forced = interaction.prompt.reasons.includes('login_prompt');
            const resolved = forced ? null : await d.identity.resolveSession(d.sessionToken(req));
            if (resolved) return finish(req, reply, { login: { accountId: resolved.account.id } });
            return html(
              reply,
              200,
              loginPage(req.locale, t, { uid: interaction.uid, clientName }),
              formTargets,
            );
          }
          if (interaction.prompt.name === 'consent') {
            const account = await findClaimSource(d.db, interaction.session?.accountId ?? '');
            const scopes = (interaction.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
            return html(
              reply,
              200,
              consentPage(req.locale, t, {
                uid: interaction.uid,
                clientName,
                purpose,
                // A citizen who has only verified a phone has no name yet: the number names the account.
                accountName: account?.full_name || (account?.phone ? formatPhone(account.phone) : ''),
                scopes,
              }),
              formTargets,
            );
          }
          return html(reply, 400, errorPage(req.locale, t, 'invalid_request'));
        } catch (err) {
          return failed(req, reply, err);
        }
      },
    );

    scope.post(
      '/oidc/interaction/:uid/login',
      { schema: doc('Staff sign-in form of an authorization') },
      async (req, reply) => {
        try {
          const { interaction, clientName, formTargets } = await details(req, reply);
          if (interaction.prompt.name !== 'login')
            throw Object.assign(new Error(), { error: 'invalid_request', statusCode: 400 });
          const form = LoginForm.parse(req.body ?? {});
          const body = StaffLoginBody.safeParse(form);
          const again = () =>
            html(
              reply,
              401,
              loginPage(req.locale, translator(req.locale), {
                uid: interaction.uid,
                clientName,
                failed: true,
                email: form.email,
              }),
              formTargets,
            );
          if (!body.success) return again();
          let step: Awaited<ReturnType<StaffLoginService['start']>>;
          try {
            step = await d.staffLogin.start(body.data, {
              userAgent: req.headers['user-agent'] ?? null,
              requestId: req.id,
            });
          } catch (err) {
            if (err instanceof DomainError && err.kind === 'unauthorized') return again();
            throw err;
          }
          const t = translator(req.locale);
          if (step.step === 'enrol_totp') {
            return html(reply, 200, enrolFirstPage(req.locale, t, { uid: interaction.uid, clientName }));
          }
          return html(
            reply,
            200,
            totpPage(req.locale, t, { uid: interaction.uid, clientName, pendingId: step.pendingId }),
            formTargets,
          );
        } catch (err) {
          return failed(req, reply, err);
        }
      },
    );

    scope.post(
      '/oidc/interaction/:uid/totp',
      { schema: doc('Staff sign-in of an authorization, second step: the authenticator code') },
      async (req, reply) => {
        try {
          const { interaction, clientName, formTargets } = await details(req, reply);
          if (interaction.prompt.name !== 'login')
            throw Object.assign(new Error(), { error: 'invalid_request', statusCode: 400 });
          const form = TotpForm.parse(req.body ?? {});
          const t = translator(req.locale);
          // One field takes either: six digits are an app code, anything else a recovery code.
          const digits = form.code.replace(/[\s-]/g, '');
          const factor = /^\d{6}$/.test(digits) ? { code: digits } : { recoveryCode: form.code };
          let signedIn: Awaited<ReturnType<StaffLoginService['finish']>>;
          try {
            signedIn = await d.staffLogin.finish(
              { pendingId: form.pendingId, ...factor },
              { userAgent: req.headers['user-agent'] ?? null, requestId: req.id },
            );
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            if (err.kind === 'validation') {
              const page = { uid: interaction.uid, clientName, pendingId: form.pendingId, failed: true };
              return html(reply, 401, totpPage(req.locale, t, page), formTargets);
            }
            if (err.kind === 'unauthorized' || err.kind === 'conflict') {
              const page = { uid: interaction.uid, clientName, expired: true };
              return html(reply, 401, loginPage(req.locale, t, page), formTargets);
            }
            throw err;
          }
          setSessionCookie(reply, signedIn.token, signedIn.expiresAt, d.cookies);
          return finish(req, reply, {
            login: { accountId: signedIn.account.id, amr: ['pwd', 'otp', 'mfa'] },
          });
        } catch (err) {
          return failed(req, reply, err);
        }
      },
    );

    scope.post(
      '/oidc/interaction/:uid/consent',
      { schema: doc('Grants or refuses the data items asked for (consent form)') },
      async (req, reply) => {
        try {
          const { interaction, clientId, clientName, purpose } = await details(req, reply);
          const accountId = interaction.session?.accountId;
          if (interaction.prompt.name !== 'consent' || !accountId) {
            throw Object.assign(new Error(), { error: 'invalid_request', statusCode: 400 });
          }
          const { decision } = ConsentForm.parse(req.body ?? {});
          if (decision === 'deny') {
            return finish(req, reply, {
              error: 'access_denied',
              error_description: 'End-User denied the consent',
            });
          }
          const account = await findClaimSource(d.db, accountId);
          if (!account) throw Object.assign(new Error(), { error: 'access_denied', statusCode: 400 });
          const promptDetails = interaction.prompt.details as {
            missingOIDCScope?: string[];
            missingOIDCClaims?: string[];
            missingResourceScopes?: Record<string, string[]>;
          };
          const scopes = promptDetails.missingOIDCScope ?? [];
          const provider = await d.provider.current();
          const url = await d.storage.withTransaction(async (tx) => {
            const grant = interaction.grantId
              ? ((await provider.Grant.find(interaction.grantId)) ??
                new provider.Grant({ accountId, clientId }))
              : new provider.Grant({ accountId, clientId });
            if (scopes.length) grant.addOIDCScope(scopes.join(' '));
            if (promptDetails.missingOIDCClaims?.length) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
            for (const [indicator, s] of Object.entries(promptDetails.missingResourceScopes ?? {})) {
              grant.addResourceScope(indicator, s.join(' '));
            }
            const grantId = await grant.save();
            const consentId = uuidv7();
            const claims = [...new Set([...claimsOf(scopes), ...(promptDetails.missingOIDCClaims ?? [])])];
            await recordConsent(tx, {
              id: consentId,
              account_id: accountId,
              client_id: clientId,
              grant_id: grantId,
              scopes,
              claims,
              purpose,
              granted_at: d.clock.now(),
            });
            const actor = (
              account.kind === 'staff'
                ? { kind: 'staff', accountId, sessionId: interaction.session?.uid ?? '', grants: [] }
                : { kind: 'citizen', accountId, sessionId: interaction.session?.uid ?? '', assurance: 1 }
            ) as Actor;
            await d.audit.record(tx, {
              actor,
              action: 'identity.consent_granted',
              targetType: 'consent',
              targetId: consentId,
              requestId: req.id,
              data: { clientId, scopes, claims },
            });
            await d.notices?.send(tx, { accountId, locale: req.locale }, 'consent_granted', {
              client: clientName,
            });
            return provider.interactionResult(
              req.raw,
              reply.raw,
              { consent: { grantId } },
              { mergeWithLastSubmission: true },
            );
          });
          return reply.redirect(url, 303);
        } catch (err) {
          return failed(req, reply, err);
        }
      },
    );

    scope.post(
      '/oidc/interaction/:uid/abort',
      { schema: doc('Cancels an authorization (the client receives access_denied)') },
      async (req, reply) => {
        try {
          return await finish(req, reply, {
            error: 'access_denied',
            error_description: 'End-User cancelled the sign-in',
          });
        } catch (err) {
          return failed(req, reply, err);
        }
      },
    );

    scope.get(
      '/oidc/assets/otp-login.js',
      { schema: { tags: ['oidc'], summary: 'Script of the phone sign-in on the login page' } },
      async (_req, reply) =>
        reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(OTP_LOGIN_SCRIPT),
    );
  };
}
