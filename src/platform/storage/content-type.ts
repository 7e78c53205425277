import { fileTypeFromBuffer, supportedMimeTypes } from 'file-type';
import { DomainError } from '../http/errors.js';

/** How many leading bytes are sniffed (enough for every signature and for the first ZIP entries). */
export const SNIFF_BYTES = 16 * 1024;

const TEXT = 'text/plain';
const BINARY = 'application/octet-stream';

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'application/x-pdf': 'application/pdf',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
};

/** Office and e-book formats are ZIP files; only their inner entries tell them apart. */
const ZIP_CONTAINERS = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/epub+zip',
]);

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/**
 * The type the bytes show: a signature match (PDF, PNG, JPEG, WebP, GIF, ZIP, …), else text/plain for
 * UTF-8 text without control characters, else application/octet-stream.
 */
export async function sniffContentType(sample: Uint8Array): Promise<string> {
  const found = await fileTypeFromBuffer(sample);
  if (found) return found.mime;
  return looksLikeText(sample) ? TEXT : BINARY;
}

/** The type to store: the sniffed one, or the declared one when it is more precise and not contradicted. */
export function resolveContentType(detected: string, declared: string | undefined): string {
  if (declared === undefined || declared.trim() === '') return detected;
  const claimed = essence(declared);
  const refuse = () =>
    new DomainError('bad_request', 'storage.content_type_mismatch', {
      declared: claimed || declared,
      detected,
    });
  if (!MIME.test(claimed)) throw refuse();
  if (claimed === detected) return detected;
  if (detected === 'application/zip' && ZIP_CONTAINERS.has(claimed)) return claimed;
  if (ZIP_CONTAINERS.has(detected) && claimed === 'application/zip') return detected;
  if ((detected === 'application/xml' || detected === TEXT) && isTextual(claimed)) return claimed;
  const signatureKnown = supportedMimeTypes.has(claimed) || ZIP_CONTAINERS.has(claimed);
  if (detected === TEXT && !signatureKnown && claimed !== TEXT) return claimed;
  if (detected === BINARY && !signatureKnown && !isTextual(claimed)) return claimed;
  throw refuse();
}

function essence(contentType: string): string {
  const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return ALIASES[base] ?? base;
}

function isTextual(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    mime.endsWith('+json') ||
    mime.endsWith('+xml') ||
    ['application/json', 'application/xml', 'application/javascript', 'application/x-ndjson'].includes(mime)
  );
}

function looksLikeText(sample: Uint8Array): boolean {
  for (const byte of sample) {
    // NUL and C0 controls other than tab, LF, FF, CR and ESC do not occur in text files.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b)
      return false;
    if (byte === 0x7f) return false;
  }
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}
