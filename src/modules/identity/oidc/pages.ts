import type { Locale, Translate } from '../../../platform/i18n/i18n.js';
import { SCOPE_CLAIMS } from './scopes.js';

/** HTML-escapes text for element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Styles only (the CSP allows inline styles, never inline scripts). Targets are at least 44px high.
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f6f8}
header{background:#0b4f8a;color:#fff;padding:12px 16px;font-weight:600}
main{max-width:32rem;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
section{background:#fff;border-radius:8px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.12)}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;min-height:44px;padding:8px 12px;font-size:1rem;border:1px solid #6b7280;border-radius:6px}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;min-width:44px;padding:8px 20px;margin:.75rem .5rem 0 0;font-size:1rem;font-weight:600;border-radius:6px;border:2px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer;text-decoration:none}
button.secondary{background:#fff;color:#0b4f8a}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.hint{color:#4b5563;font-size:.95rem;margin:.25rem 0}
.alert{border-left:4px solid #b91c1c;background:#fef2f2;padding:8px 12px;margin:0 0 12px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;color:#0b4f8a;padding:8px}
ul{padding-left:1.25rem}li{margin:.25rem 0}
[hidden]{display:none!important}
`;

function layout(locale: Locale, t: Translate, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)} · ${esc(t('oidc.brand'))}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${esc(t('oidc.skip'))}</a>
<header role="banner">${esc(t('oidc.brand'))}</header>
<main id="main">
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

export interface LoginPage {
  uid: string;
  clientName: string;
  failed?: boolean;
  /** The authenticator step ran out of time (or the account got locked): start again. */
  expired?: boolean;
  email?: string;
}

export function loginPage(locale: Locale, t: Translate, p: LoginPage): string {
  const action = `/oidc/interaction/${encodeURIComponent(p.uid)}`;
  const problem = p.expired ? 'oidc.totp.expired' : p.failed ? 'oidc.login.failed' : null;
  const alert = problem ? `<p class="alert" role="alert">${esc(t(problem))}</p>` : '';
  return layout(
    locale,
    t,
    t('oidc.login.title'),
    `<p>${esc(t('oidc.login.intro', { client: p.clientName }))}</p>
<section aria-labelledby="citizen-heading">
<h2 id="citizen-heading">${esc(t('oidc.login.citizen_heading'))}</h2>
<form id="otp-request" data-next="${esc(action)}" novalidate>
<label for="phone">${esc(t('oidc.login.phone_label'))}</label>
<p class="hint" id="phone-hint">${esc(t('oidc.login.phone_hint'))}</p>
<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required aria-describedby="phone-hint">
<button type="submit">${esc(t('oidc.login.send_code'))}</button>
</form>
<form id="otp-verify" hidden novalidate>
<label for="code">${esc(t('oidc.login.code_label'))}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required>
<button type="submit">${esc(t('oidc.login.verify'))}</button>
</form>
<p id="otp-status" role="status" aria-live="polite"></p>
<noscript><p class="hint">${esc(t('oidc.login.noscript'))}</p></noscript>
</section>
<section aria-labelledby="staff-heading">
<h2 id="staff-heading">${esc(t('oidc.login.staff_heading'))}</h2>
${alert}
<form method="post" action="${esc(action)}/login">
<label for="email">${esc(t('oidc.login.email_label'))}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${esc(p.email ?? '')}">
<label for="password">${esc(t('oidc.login.password_label'))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${esc(t('oidc.login.submit'))}</button>
</form>
</section>
<form method="post" action="${esc(action)}/abort">
<button type="submit" class="secondary">${esc(t('oidc.login.cancel', { client: p.clientName }))}</button>
</form>
<script src="/oidc/assets/otp-login.js" defer></script>`,
  );
}

export interface TotpPage {
  uid: string;
  clientName: string;
  pendingId: string;
  failed?: boolean;
}

/** The staff sign-in's second step: the code from the authenticator app (or a recovery code). */
export function totpPage(locale: Locale, t: Translate, p: TotpPage): string {
  const action = `/oidc/interaction/${encodeURIComponent(p.uid)}`;
  const alert = p.failed ? `<p class="alert" role="alert">${esc(t('oidc.totp.wrong'))}</p>` : '';
  return layout(
    locale,
    t,
    t('oidc.totp.title'),
    `${alert}<p>${esc(t('oidc.totp.intro'))}</p>
<form method="post" action="${esc(action)}/totp">
<input type="hidden" name="pendingId" value="${esc(p.pendingId)}">
<label for="totp">${esc(t('oidc.totp.code_label'))}</label>
<p class="hint" id="totp-hint">${esc(t('oidc.totp.code_hint'))}</p>
<input id="totp" name="code" autocomplete="one-time-code" required maxlength="40" aria-describedby="totp-hint" autofocus>
<button type="submit">${esc(t('oidc.totp.submit'))}</button>
</form>
<form method="post" action="${esc(action)}/abort">
<button type="submit" class="secondary">${esc(t('oidc.login.cancel', { client: p.clientName }))}</button>
</form>`,
  );
}

/** A staff account without an authenticator app enrols it on the portal, where the recovery codes are shown. */
export function enrolFirstPage(locale: Locale, t: Translate, p: { uid: string; clientName: string }): string {
  const action = `/oidc/interaction/${encodeURIComponent(p.uid)}`;
  return layout(
    locale,
    t,
    t('oidc.totp.enrol_title'),
    `<p>${esc(t('oidc.totp.enrol_intro'))}</p>
<p><a href="/dang-nhap?can-bo=1">${esc(t('oidc.totp.enrol_link'))}</a></p>
<form method="post" action="${esc(action)}/abort">
<button type="submit" class="secondary">${esc(t('oidc.login.cancel', { client: p.clientName }))}</button>
</form>`,
  );
}

export interface ConsentPage {
  uid: string;
  clientName: string;
  purpose: string;
  accountName: string;
  scopes: string[];
}

export function consentPage(locale: Locale, t: Translate, p: ConsentPage): string {
  const items = p.scopes
    .flatMap((s) => (SCOPE_CLAIMS as Record<string, readonly string[]>)[s] ?? [])
    .map((c) => `<li>${esc(t(`oidc.claims.${c}`))}</li>`)
    .join('');
  const offline = p.scopes.includes('offline_access') ? `<p>${esc(t('oidc.consent.offline'))}</p>` : '';
  return layout(
    locale,
    t,
    t('oidc.consent.title'),
    `<p>${esc(t('oidc.consent.intro', { client: p.clientName }))}</p>
<p class="hint">${esc(t('oidc.consent.signed_in_as', { name: p.accountName }))}</p>
<section aria-labelledby="purpose-heading">
<h2 id="purpose-heading">${esc(t('oidc.consent.purpose'))}</h2>
<p>${esc(p.purpose)}</p>
<h2 id="items-heading">${esc(t('oidc.consent.items'))}</h2>
<ul aria-labelledby="items-heading">${items}</ul>
${offline}
<p class="hint">${esc(t('oidc.consent.note'))}</p>
</section>
<form method="post" action="/oidc/interaction/${esc(encodeURIComponent(p.uid))}/consent">
<button type="submit" name="decision" value="allow">${esc(t('oidc.consent.allow'))}</button>
<button type="submit" name="decision" value="deny" class="secondary">${esc(t('oidc.consent.deny'))}</button>
</form>`,
  );
}

export function logoutPage(
  locale: Locale,
  t: Translate,
  form: string,
  clientName: string | undefined,
): string {
  // `form` is the provider's own hidden form (action + xsrf token); the buttons submit it.
  return layout(
    locale,
    t,
    t('oidc.logout.title'),
    `<section>
<p>${esc(t('oidc.logout.question'))}</p>
${clientName ? `<p class="hint">${esc(t('oidc.logout.from_client', { client: clientName }))}</p>` : ''}
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">${esc(t('oidc.logout.yes'))}</button>
<button type="submit" form="op.logoutForm" class="secondary">${esc(t('oidc.logout.no'))}</button>
</section>`,
  );
}

export function loggedOutPage(locale: Locale, t: Translate): string {
  return layout(locale, t, t('oidc.logout.done_title'), `<p>${esc(t('oidc.logout.done'))}</p>`);
}

export function errorPage(locale: Locale, t: Translate, code: string): string {
  return layout(
    locale,
    t,
    t('oidc.error.title'),
    `<section role="alert"><p>${esc(t('oidc.error.detail'))}</p>
<p class="hint">${esc(t('oidc.error.code'))}: <code>${esc(code)}</code></p></section>`,
  );
}
