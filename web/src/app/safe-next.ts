/** Only same-site paths are followed after sign-in, so ?next= cannot send anyone elsewhere. */
export function safeNext(next: string | null, fallback: string): string {
  return next && /^\/(?!\/)/.test(next) && !next.includes('\\') ? next : fallback;
}
