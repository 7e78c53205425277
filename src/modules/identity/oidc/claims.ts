import type { ClaimSource } from '../accounts/store.js';

/**
 * The claims an account can release, by claim name; only what the account really holds. The số định danh is
 * released only once a person has confirmed it against the card (assurance level 2); the address is the one
 * printed on the card, with today's commune code when it is known.
 */
export function accountClaims(
  account: ClaimSource,
  unsealCccd: (sealed: string, accountId: string) => string,
): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: account.id, name: account.full_name };
  if (account.phone) {
    claims.phone_number = account.phone;
    claims.phone_number_verified = account.phone_verified_at !== null;
  }
  if (account.cccd_sealed && account.assurance_level >= 2) {
    claims.cccd_number = unsealCccd(account.cccd_sealed, account.id);
  }
  if (account.address) {
    claims.address = {
      formatted: account.address,
      country: 'VN',
      ...(account.address_unit_code ? { locality_code: account.address_unit_code } : {}),
    };
  }
  return claims;
}
