import cookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/actor.js';
import type { Envelope } from '../../platform/crypto/envelope.js';
import type { App } from '../../platform/http/app.js';
import { addCatalogue } from '../../platform/i18n/i18n.js';
import type { Notify } from '../../platform/notify/notify.js';
import { accountsJobs } from './accounts/jobs.js';
import { identityRoutes } from './accounts/routes.js';
import { createIdentityService, defaultSessionPolicy, type IdentityDeps } from './accounts/service.js';
import { assistedTokenOf, type CookiePolicy, sessionTokenOf } from './accounts/session-cookie.js';
import assistedEn from './assisted/i18n/en.json' with { type: 'json' };
import assistedVi from './assisted/i18n/vi.json' with { type: 'json' };
import { assistedRoutes } from './assisted/routes.js';
import { type AssistedOptions, createAssistedService } from './assisted/service.js';
import assuranceEn from './assurance/i18n/en.json' with { type: 'json' };
import assuranceVi from './assurance/i18n/vi.json' with { type: 'json' };
import { assuranceRoutes } from './assurance/routes.js';
import { type AssuranceDeps, createAssuranceService } from './assurance/service.js';
import emailEn from './email/i18n/en.json' with { type: 'json' };
import emailVi from './email/i18n/vi.json' with { type: 'json' };
import { emailRoutes } from './email/routes.js';
import { createEmailService } from './email/service.js';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { otpRoutes } from './otp/routes.js';
import { createOtpService, type OtpDeps } from './otp/service.js';
import securityEn from './security/i18n/en.json' with { type: 'json' };
import securityVi from './security/i18n/vi.json' with { type: 'json' };
import { createSecurityNotices } from './security/notices.js';
import { securityRoutes } from './security/routes.js';
import { createSecurityService } from './security/service.js';
import staffAdminEn from './staff/admin/i18n/en.json' with { type: 'json' };
import staffAdminVi from './staff/admin/i18n/vi.json' with { type: 'json' };
import { staffAdminRoutes } from './staff/admin/routes.js';
import { createStaffAdminService, type StaffDirectory } from './staff/admin/service.js';
import { staffLoginRoutes } from './staff/login/routes.js';
import { createStaffLoginService } from './staff/login/service.js';

addCatalogue('vi', vi);
addCatalogue('en', en);
addCatalogue('vi', assuranceVi);
addCatalogue('en', assuranceEn);
addCatalogue('vi', securityVi);
addCatalogue('en', securityEn);
addCatalogue('vi', assistedVi);
addCatalogue('en', assistedEn);
addCatalogue('vi', staffAdminVi);
addCatalogue('en', staffAdminEn);
addCatalogue('vi', emailVi);
addCatalogue('en', emailEn);

/**
 * `otp` enables phone sign-in (`/api/v1/auth/otp*`): it needs the notifier that delivers the codes.
 */
export function createIdentityModule(
  deps: IdentityDeps & {
    cookies: CookiePolicy;
    /** Seals secrets at rest (authenticator apps, CCCD numbers). */
    envelope: Envelope;
    otp?: OtpDeps;
    /** Enables assisted sessions and assisted registration (needs `otp`: the citizen approves by code). */
    assisted?: AssistedOptions;
    /** Enables CCCD QR reading and level-2 confirmation. */
    assurance?: Omit<AssuranceDeps, 'db' | 'clock' | 'audit' | 'envelope'>;
    /** Enables the list of an agency's staff (GET /api/v1/identity/staff): roles come from the directory. */
    staffDirectory?: StaffDirectory;
    /**
     * Enables security notices to the account's in-app inbox (password, authenticator, assisted sessions,
     * e-mail address, an admin's action on a staff account).
     */
    notify?: Notify;
  },
) {
  const service = createIdentityService(deps);
  const assurance = deps.assurance ? createAssuranceService({ ...deps, ...deps.assurance }) : null;
  const notices = deps.notify ? createSecurityNotices({ notify: deps.notify, clock: deps.clock }) : undefined;
  // Password, authenticator app and devices; the TOTP secret is sealed with the platform envelope.
  const security = createSecurityService({ ...deps, notices });
  const otp = deps.otp
    ? createOtpService({ ...deps, policy: deps.policy ?? defaultSessionPolicy }, deps.otp)
    : null;
  // A citizen's e-mail address, proved by a code sent to it; then a channel for sign-in codes.
  const email = deps.otp
    ? createEmailService({
        ...deps,
        notify: deps.otp.notify,
        masterKey: deps.otp.masterKey,
        policy: deps.otp.policy,
        notices,
      })
    : null;
  const staffAdmin = createStaffAdminService({ ...deps, notices });
  // Staff sign in with password and authenticator code (enrolled at the first sign-in).
  const staffLogin = createStaffLoginService({ ...deps, identity: service, security });
  const assisted =
    otp && deps.otp && deps.assisted
      ? createAssistedService({ ...deps, ...deps.assisted, notify: deps.otp.notify, otp, notices })
      : null;
  return {
    api: {
      isStaff: service.isStaff,
      findStaffIdByEmail: service.findStaffIdByEmail,
      describe: service.describe,
    },
    /** The actor behind the request's session cookie (anonymous without one). */
    async resolveActor(req: FastifyRequest): Promise<Actor> {
      req.identitySession = await service.resolveSession(sessionTokenOf(req));
      const actor = await service.actorFor(req.identitySession);
      // A volunteer's browser with a live assisted session acts as the assistant of that citizen.
      return assisted ? assisted.actorFor(actor, assistedTokenOf(req)) : actor;
    },
    csrf: {
      async expectedToken(req: FastifyRequest) {
        return req.identitySession?.session.csrf_token ?? null;
      },
    },
    jobs: accountsJobs(deps),
    async register(app: App) {
      await app.register(cookie);
      app.decorateRequest('identitySession', null);
      await app.register(identityRoutes(service));
      if (otp) await app.register(otpRoutes(otp, service, deps.cookies));
      if (assisted) await app.register(assistedRoutes(assisted, deps.cookies));
      if (assurance) await app.register(assuranceRoutes(assurance));
      await app.register(securityRoutes(security));
      if (email) await app.register(emailRoutes(email, service));
      await app.register(staffLoginRoutes(staffLogin, service, deps.cookies));
      await app.register(staffAdminRoutes(staffAdmin));
    },
  };
}
