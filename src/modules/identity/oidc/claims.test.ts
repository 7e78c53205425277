import { describe, expect, it } from 'vitest';
import type { ClaimSource } from '../accounts/store.js';
import { accountClaims } from './claims.js';

const base: ClaimSource = {
  id: '01900000-0000-7000-8000-000000000001',
  kind: 'citizen',
  full_name: 'Nguyễn Văn An',
  phone: '+84905123456',
  phone_verified_at: new Date('2026-03-02T02:00:00Z'),
  status: 'active',
  assurance_level: 1,
  cccd_sealed: 'sealed',
  address: 'Tổ 5, Phường Thạch Thang, Quận Hải Châu, Thành phố Đà Nẵng',
  address_unit_code: '20242',
};
const unseal = (sealed: string, id: string) =>
  sealed === 'sealed' && id === base.id ? '048090123456' : 'wrong';

describe('OIDC claims of an account', () => {
  it('keeps the số định danh back until someone has checked it against the card (level 2)', () => {
    expect(accountClaims(base, unseal)).not.toHaveProperty('cccd_number');
    expect(accountClaims({ ...base, assurance_level: 2 }, unseal).cccd_number).toBe('048090123456');
  });

  it('releases the card address with today’s commune code, and nothing it does not hold', () => {
    expect(accountClaims(base, unseal).address).toEqual({
      formatted: base.address,
      country: 'VN',
      locality_code: '20242',
    });
    const bare = accountClaims({ ...base, address: null, cccd_sealed: null, phone: null }, unseal);
    expect(Object.keys(bare).sort()).toEqual(['name', 'sub']);
  });
});
