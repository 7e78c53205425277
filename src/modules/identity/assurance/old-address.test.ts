import { describe, expect, it } from 'vitest';
import { searchKey } from '../accounts/names.js';
import { oldAddressMapper, type UnitMappingRow } from './old-address.js';

const LIEN_CHIEU = { code: '490', name: 'Quận Liên Chiểu' };
const HOA_VANG = { code: '497', name: 'Huyện Hòa Vang' };
const THANG_BINH = { code: '513', name: 'Huyện Thăng Bình' };
const DIEN_BAN = { code: '507', name: 'Thị xã Điện Bàn' };

const commune = (
  code: string,
  name: string,
  district: { code: string; name: string },
  to: [string, string],
  isPartial = false,
): UnitMappingRow => ({
  old: { code, name, level: 'commune', district },
  new: { code: to[0], name: to[1] },
  isPartial,
});

// Rows as in seed/directory/danang-units-old-to-new-2025.csv (one invented namesake for the district test).
const ROWS: UnitMappingRow[] = [
  commune('20200', 'Phường Hòa Minh', LIEN_CHIEU, ['20200', 'Phường Hòa Khánh']),
  commune('20296', 'Xã Hòa Liên', HOA_VANG, ['20194', 'Phường Hải Vân'], true),
  commune('20296', 'Xã Hòa Liên', HOA_VANG, ['20197', 'Phường Liên Chiểu'], true),
  commune('20812', 'Xã Bình Minh', THANG_BINH, ['20794', 'Xã Thăng An']),
  commune('20599', 'Xã Bình Minh', DIEN_BAN, ['20551', 'Phường Điện Bàn']),
  commune('20593', 'Phường Điện Minh', DIEN_BAN, ['20551', 'Phường Điện Bàn']),
  {
    old: { code: '498', name: 'Huyện Hoàng Sa', level: 'district', district: null },
    new: { code: '20333', name: 'Đặc khu Hoàng Sa' },
    isPartial: false,
  },
];

function fakeSearch() {
  const queries: string[] = [];
  const search = async (q: string) => {
    queries.push(q);
    return ROWS.filter((r) => searchKey(r.old.name).includes(searchKey(q)));
  };
  return { queries, map: oldAddressMapper(search) };
}

describe('oldAddressMapper', () => {
  it('maps a commune merged whole to its new commune', async () => {
    const { queries, map } = fakeSearch();
    expect(await map('Tổ 5, Phường Hòa Minh, Quận Liên Chiểu, TP. Đà Nẵng')).toEqual({
      newCode: '20200',
      candidates: [{ code: '20200', name: 'Phường Hòa Khánh' }],
      partial: false,
    });
    expect(queries).toEqual(['hoa minh']);
  });

  it('understands abbreviations and missing diacritics', async () => {
    const { map } = fakeSearch();
    expect(await map('K12/3 Âu Cơ, P.Hoa Minh, Q. Lien Chieu, Da Nang')).toMatchObject({ newCode: '20200' });
    expect(await map('Thôn 3, X. Điện Minh, TX. Điện Bàn, Quảng Nam')).toMatchObject({ newCode: null });
    expect(await map('Khối 2, P. Điện Minh, TX. Điện Bàn, Quảng Nam')).toMatchObject({ newCode: '20551' });
  });

  it('never guesses for a split commune: the person chooses', async () => {
    const { map } = fakeSearch();
    expect(await map('Thôn Hòa Khê, Xã Hòa Liên, Huyện Hòa Vang, TP Đà Nẵng')).toEqual({
      newCode: null,
      candidates: [
        { code: '20194', name: 'Phường Hải Vân' },
        { code: '20197', name: 'Phường Liên Chiểu' },
      ],
      partial: true,
    });
  });

  it('tells same-named communes apart by district, and offers both without one', async () => {
    const { map } = fakeSearch();
    expect(await map('Thôn 1, Xã Bình Minh, Huyện Thăng Bình, Tỉnh Quảng Nam')).toMatchObject({
      newCode: '20794',
      partial: false,
    });
    expect(await map('Thôn 1, Xã Bình Minh, Tỉnh Quảng Nam')).toMatchObject({
      newCode: null,
      partial: true,
      candidates: [{ code: '20794' }, { code: '20551' }],
    });
  });

  it('maps a whole old district when the address names no commune', async () => {
    const { map } = fakeSearch();
    expect(await map('Huyện Hoàng Sa, Thành phố Đà Nẵng')).toMatchObject({ newCode: '20333' });
  });

  it('finds nothing for addresses outside the table or without units', async () => {
    const { map } = fakeSearch();
    const none = { newCode: null, candidates: [], partial: false };
    expect(await map('Số 1, Phường Tràng Tiền, Quận Hoàn Kiếm, Hà Nội')).toEqual(none);
    expect(await map('12 Lê Lợi')).toEqual(none);
    expect(await map('')).toEqual(none);
  });
});
