/**
 * Browsers apply a page's CSP `form-action` to every redirect that follows a form submission, so the
 * login, consent and logout forms, which end in a redirect to the client, must list the client's
 * origins next to 'self'. Only those pages get the wider directive.
 */
export function withFormTargets(csp: string | undefined, uris: readonly string[]): string | undefined {
  if (!csp) return csp;
  const origins = [
    ...new Set(
      uris.flatMap((u) => {
        try {
          return [new URL(u).origin];
        } catch {
          return [];
        }
      }),
    ),
  ].filter((o) => o !== 'null');
  if (!origins.length) return csp;
  return csp
    .split(';')
    .map((d) => (d.trim().startsWith('form-action') ? `${d.trim()} ${origins.join(' ')}` : d))
    .join(';');
}
