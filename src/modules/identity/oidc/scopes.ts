/** Scopes a client may be allowed, and the claims each one releases (OpenID Connect Core §5.4). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name'],
  phone: ['phone_number', 'phone_number_verified'],
  /** Số định danh (CCCD number): released only once the account holds a verified one. */
  cccd: ['cccd_number'],
  address: ['address'],
} as const;

export type DataScope = keyof typeof SCOPE_CLAIMS;
const DATA_SCOPES = Object.keys(SCOPE_CLAIMS) as DataScope[];
/** `offline_access` asks for a refresh token; it releases no data. */
export const CLIENT_SCOPES = [...DATA_SCOPES, 'offline_access'] as const;

export function claimsOf(scopes: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const s of scopes) for (const c of SCOPE_CLAIMS[s as DataScope] ?? []) out.add(c);
  return [...out];
}
