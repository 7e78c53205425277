/**
 * Addresses printed on cards before 01/7/2025 name the old commune and district
 * ("Tổ 5, Phường Hòa Minh, Quận Liên Chiểu, TP. Đà Nẵng"). The directory's old→new conversion table
 * turns the old commune into today's; a commune that was split ("Nhập một phần") is never guessed:
 * the person chooses among the candidates (UX.md §5).
 */
import { searchKey } from '../accounts/names.js';

export interface NewUnitCandidate {
  code: string;
  name: string;
}

export interface OldAddressMapping {
  /** Today's commune-level unit when the conversion is certain, else null. */
  newCode: string | null;
  /** Every new unit the old one went into (one when certain). */
  candidates: NewUnitCandidate[];
  /** True when the person has to choose: the old unit was split, or the address matched several. */
  partial: boolean;
}

export type MapOldAddress = (address: string) => Promise<OldAddressMapping>;

/** The fields used here of a directory unit-mapping row (`GET /api/v1/directory/unit-mappings?q=`). */
export interface UnitMappingRow {
  old: {
    code: string;
    name: string;
    level: 'commune' | 'district';
    district: { code: string; name: string } | null;
  };
  new: { code: string; name: string };
  isPartial: boolean;
}

/** Old units whose accent-insensitive name matches `q` (the directory's mapping search). */
export type SearchUnitMappings = (q: string) => Promise<UnitMappingRow[]>;

const NOT_FOUND: OldAddressMapping = { newCode: null, candidates: [], partial: false };

const COMMUNE_PREFIX = /^(?:(phuong|xa|thi tran)\s+|(p|x|tt)\.\s*)/;
const DISTRICT_PREFIX = /^(?:(quan|huyen|thi xa|thanh pho)\s+|(q|h|tx|tp)\.\s*)/;
const ABBREVIATION: Record<string, string> = {
  p: 'phuong',
  x: 'xa',
  tt: 'thi tran',
  q: 'quan',
  h: 'huyen',
  tx: 'thi xa',
  tp: 'thanh pho',
};

interface UnitName {
  type: string;
  name: string;
}

function unitName(segment: string, prefix: RegExp): UnitName | null {
  const key = searchKey(segment);
  const match = prefix.exec(key);
  if (!match) return null;
  const type = match[1] ?? ABBREVIATION[match[2] ?? ''] ?? '';
  const name = key.slice(match[0].length).trim();
  return name ? { type, name } : null;
}

function sameUnit(fullName: string, wanted: UnitName, prefix: RegExp): boolean {
  const parsed = unitName(fullName, prefix);
  return parsed !== null && parsed.type === wanted.type && parsed.name === wanted.name;
}

/** Builds `mapOldAddress` over the directory's mapping search. */
export function oldAddressMapper(search: SearchUnitMappings): MapOldAddress {
  return async (address) => {
    const segments = address
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const communeAt = segments.findIndex((s) => unitName(s, COMMUNE_PREFIX) !== null);
    const districtAt = segments.findIndex((s, i) => i > communeAt && unitName(s, DISTRICT_PREFIX) !== null);
    const commune = communeAt >= 0 ? unitName(segments[communeAt] ?? '', COMMUNE_PREFIX) : null;
    const district = districtAt >= 0 ? unitName(segments[districtAt] ?? '', DISTRICT_PREFIX) : null;

    if (commune) {
      const rows = (await search(commune.name)).filter(
        (r) => r.old.level === 'commune' && sameUnit(r.old.name, commune, COMMUNE_PREFIX),
      );
      // Same-named communes exist in different districts; the district on the card tells them apart.
      const inDistrict = district
        ? rows.filter((r) => r.old.district && sameUnit(r.old.district.name, district, DISTRICT_PREFIX))
        : rows;
      return decide(inDistrict.length > 0 ? inDistrict : rows);
    }
    if (district) {
      // Whole old districts mapped as one unit (e.g. an island district).
      const rows = (await search(district.name)).filter(
        (r) => r.old.level === 'district' && sameUnit(r.old.name, district, DISTRICT_PREFIX),
      );
      return decide(rows);
    }
    return NOT_FOUND;
  };
}

function decide(rows: UnitMappingRow[]): OldAddressMapping {
  if (rows.length === 0) return NOT_FOUND;
  const candidates = [
    ...new Map(rows.map((r) => [r.new.code, { code: r.new.code, name: r.new.name }])).values(),
  ];
  // Several matching old units are fine when they all went, whole, into the same new one.
  const certain = candidates.length === 1 && !rows.some((r) => r.isPartial);
  return {
    newCode: certain ? (candidates[0]?.code ?? null) : null,
    candidates,
    partial: !certain,
  };
}
