/**
 * Vietnamese personal names (DOMAIN.md §1.4): Họ (family, first word) + chữ đệm (middle, 0..n words)
 * + Tên (given, last word). People type one "Họ và tên" field; the server splits it for storage.
 */

export interface NameParts {
  family: string;
  middle: string;
  given: string;
}

/** NFC, single spaces, no ends: the form names are stored and compared in. */
export function normaliseName(input: string): string {
  return input.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** `Nguyễn Thị Minh Khai` → family `Nguyễn`, middle `Thị Minh`, given `Khai`. A one-word name is the given name. */
export function splitName(fullName: string): NameParts {
  const words = normaliseName(fullName).split(' ').filter(Boolean);
  if (words.length === 0) return { family: '', middle: '', given: '' };
  if (words.length === 1) return { family: '', middle: '', given: words[0] ?? '' };
  return {
    family: words[0] ?? '',
    middle: words.slice(1, -1).join(' '),
    given: words[words.length - 1] ?? '',
  };
}

/** Lower case, no diacritics (đ → d), single spaces: how names are compared, as the database's f_search_key. */
export function searchKey(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[đĐ]/g, 'd')
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
