import type { ClaimSource } from './repo.js';

/**
 * The claims an account can release, by claim name. Only what the account really holds: accounts
 * keep no CCCD number or address yet, so `cccd` and `address` release nothing rather than a guess.
 */
export function accountClaims(account: ClaimSource): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: account.id, name: account.full_name };
  if (account.phone) {
    claims.phone_number = account.phone;
    claims.phone_number_verified = account.phone_verified_at !== null;
  }
  return claims;
}
