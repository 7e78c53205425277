import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/platform/http/errors.js';
import type { FileStore } from '../../src/platform/storage/storage.js';

/** The smallest byte strings each signature sniffer recognises. */
export const samples = {
  pdf: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
    Buffer.from(
      '0000000d49444154789c6300010000050001 0d0a2db40000000049454e44ae426082'.replace(/ /g, ''),
      'hex',
    ),
  ]),
  jpeg: Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), randomBytes(200)]),
  gif: Buffer.concat([Buffer.from('GIF89a'), Buffer.from('0100010080000000000000ffffff21f904', 'hex')]),
  webp: Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([0x24, 0, 0, 0]),
    Buffer.from('WEBPVP8 '),
    randomBytes(32),
  ]),
  zip: zipWithOneFile('a.txt', 'xin chào'),
  text: Buffer.from('Họ và tên: Nguyễn Văn A\nĐịa chỉ: Hải Châu, Đà Nẵng\n'),
};

function zipWithOneFile(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(10, 4);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), data]);
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

async function listAll(store: FileStore, prefix?: string) {
  const out: Array<{ key: string; size: number }> = [];
  for await (const f of store.list(prefix)) out.push(f);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err instanceof DomainError ? err.code : `other: ${String(err)}`;
  }
  return 'no error';
}

/** Random bytes made on demand, hashed as they are produced: the test never holds the whole file. */
export function generatedFile(totalBytes: number, chunkBytes = 64 * 1024) {
  const hash = createHash('sha256');
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= totalBytes) return void this.push(null);
      const chunk = randomBytes(Math.min(chunkBytes, totalBytes - produced));
      hash.update(chunk);
      produced += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

/** One behavioural suite for every FileStore driver. `fresh` gives an empty store. */
export function describeFileStore(name: string, fresh: () => FileStore) {
  describe(`FileStore contract (${name})`, () => {
    it('stores a buffer and returns size, sha256 and the sniffed type; get and head agree', async () => {
      const store = fresh();
      const stored = await store.put('dossiers/2026/a1/scan.pdf', samples.pdf);
      expect(stored).toEqual({
        key: 'dossiers/2026/a1/scan.pdf',
        size: samples.pdf.length,
        sha256: sha256(samples.pdf),
        contentType: 'application/pdf',
      });
      expect(await store.head('dossiers/2026/a1/scan.pdf')).toEqual(stored);
      expect((await readAll(await store.get('dossiers/2026/a1/scan.pdf'))).equals(samples.pdf)).toBe(true);
    });

    it.each([
      ['pdf', 'application/pdf'],
      ['png', 'image/png'],
      ['jpeg', 'image/jpeg'],
      ['gif', 'image/gif'],
      ['webp', 'image/webp'],
      ['zip', 'application/zip'],
      ['text', 'text/plain'],
    ] as const)('sniffs %s from its bytes whatever the key says', async (kind, mime) => {
      const store = fresh();
      expect((await store.put(`sniff/${kind}.bin`, samples[kind])).contentType).toBe(mime);
      expect(
        (await store.put(`sniff/${kind}-declared`, samples[kind], { contentType: mime })).contentType,
      ).toBe(mime);
    });

    it('keeps a more precise declared type when the bytes allow it', async () => {
      const store = fresh();
      expect(
        (await store.put('t/a.csv', Buffer.from('a,b\n1,2\n'), { contentType: 'text/csv; charset=utf-8' }))
          .contentType,
      ).toBe('text/csv');
      expect((await store.put('t/a.jpg', samples.jpeg, { contentType: 'image/jpg' })).contentType).toBe(
        'image/jpeg',
      );
      const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      expect((await store.put('t/a.docx', samples.zip, { contentType: docx })).contentType).toBe(docx);
      expect(
        (await store.put('t/blob', randomBytes(300), { contentType: 'application/x-custom' })).contentType,
      ).toBe('application/x-custom');
    });

    it.each([
      ['png declared as pdf', 'png', 'application/pdf'],
      ['pdf declared as jpeg', 'pdf', 'image/jpeg'],
      ['text declared as png', 'text', 'image/png'],
      ['jpeg declared as text', 'jpeg', 'text/plain'],
      ['zip declared as pdf', 'zip', 'application/pdf'],
      ['nonsense type', 'pdf', 'not a type'],
    ] as const)(
      'refuses a declared type contradicting the bytes: %s, and stores nothing',
      async (_n, kind, declared) => {
        const store = fresh();
        expect(await codeOf(store.put('upload/x', samples[kind], { contentType: declared }))).toBe(
          'storage.content_type_mismatch',
        );
        expect(await store.head('upload/x')).toBeUndefined();
        expect(await listAll(store)).toEqual([]);
      },
    );

    it('reports the declared and detected types in the mismatch error', async () => {
      const err = await fresh()
        .put('x', samples.png, { contentType: 'application/pdf' })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        kind: 'bad_request',
        params: { declared: 'application/pdf', detected: 'image/png' },
      });
    });

    it('refuses traversal, absolute and malformed keys on every operation', async () => {
      const store = fresh();
      const bad = [
        '../escape',
        'a/../../escape',
        '..',
        '.',
        '/etc/passwd',
        'a//b',
        'a/b/',
        'a/./b',
        '.hidden',
        'a/.tmp/x',
        '.meta/x.json',
        'UPPER.pdf',
        'a\\..\\b',
        '%2e%2e/x',
        'tên-có-dấu.pdf',
        'a b',
        '',
        'x'.repeat(513),
      ];
      for (const key of bad) {
        expect(await codeOf(store.put(key, samples.text)), key).toBe('storage.invalid_key');
        expect(await codeOf(store.get(key)), key).toBe('storage.invalid_key');
        expect(await codeOf(store.head(key)), key).toBe('storage.invalid_key');
        expect(await codeOf(store.delete(key)), key).toBe('storage.invalid_key');
      }
      for (const prefix of ['../', '/', '..', 'a/../', 'a//']) {
        expect(await codeOf(() => listAll(store, prefix)), prefix).toBe('storage.invalid_key');
      }
      expect(await listAll(store)).toEqual([]);
    });

    it('get of a missing key is not_found; head is undefined; delete is idempotent', async () => {
      const store = fresh();
      expect(await codeOf(store.get('missing/file'))).toBe('storage.not_found');
      expect(await store.head('missing/file')).toBeUndefined();
      await store.put('d/file.txt', samples.text);
      await store.delete('d/file.txt');
      await store.delete('d/file.txt');
      expect(await store.head('d/file.txt')).toBeUndefined();
      expect(await codeOf(store.get('d/file.txt'))).toBe('storage.not_found');
      expect(await codeOf(store.get('d'))).toBe('storage.not_found');
    });

    it('overwriting a key replaces content and metadata', async () => {
      const store = fresh();
      await store.put('o/file', samples.pdf);
      const second = await store.put('o/file', samples.png);
      expect(await store.head('o/file')).toEqual(second);
      expect((await readAll(await store.get('o/file'))).equals(samples.png)).toBe(true);
      expect(await listAll(store)).toEqual([{ key: 'o/file', size: samples.png.length }]);
    });

    it('lists by prefix, including a partial last segment, with sizes', async () => {
      const store = fresh();
      await store.put('a/1/x.txt', samples.text);
      await store.put('a/1/y.pdf', samples.pdf);
      await store.put('a/2/z.png', samples.png);
      await store.put('a-b/w.txt', Buffer.from('w'));
      await store.put('b/v.txt', Buffer.from('v'));
      expect(await listAll(store, 'a/')).toEqual([
        { key: 'a/1/x.txt', size: samples.text.length },
        { key: 'a/1/y.pdf', size: samples.pdf.length },
        { key: 'a/2/z.png', size: samples.png.length },
      ]);
      expect((await listAll(store, 'a/1/y')).map((f) => f.key)).toEqual(['a/1/y.pdf']);
      expect((await listAll(store, 'a')).map((f) => f.key)).toEqual([
        'a-b/w.txt',
        'a/1/x.txt',
        'a/1/y.pdf',
        'a/2/z.png',
      ]);
      expect(await listAll(store, 'nothing/')).toEqual([]);
      expect((await listAll(store)).length).toBe(5);
    });

    it('accepts a stream body and a Uint8Array, and stores an empty file', async () => {
      const store = fresh();
      const parts = [samples.text.subarray(0, 10), samples.text.subarray(10)];
      expect((await store.put('s/stream.txt', Readable.from(parts))).sha256).toBe(sha256(samples.text));
      expect((await store.put('s/u8', new Uint8Array(samples.gif))).contentType).toBe('image/gif');
      expect(await store.put('s/empty', Buffer.alloc(0))).toMatchObject({
        size: 0,
        sha256: sha256(Buffer.alloc(0)),
      });
      expect((await readAll(await store.get('s/empty'))).length).toBe(0);
    });

    it('a body that fails midway stores nothing and leaves no temporary file visible', async () => {
      const store = fresh();
      let sent = 0;
      const failing = new Readable({
        read() {
          if (sent++ < 3) this.push(randomBytes(64 * 1024));
          else this.destroy(new Error('client went away'));
        },
      });
      await expect(store.put('f/broken.bin', failing)).rejects.toThrow(/client went away/);
      expect(await store.head('f/broken.bin')).toBeUndefined();
      expect(await listAll(store)).toEqual([]);
    });

    it('streams a 20 MB file in and out without holding it whole', async () => {
      const store = fresh();
      const total = 20 * 1024 * 1024 + 17;
      const source = generatedFile(total);
      const stored = await store.put('big/file.bin', source.stream, {
        contentType: 'application/octet-stream',
      });
      expect(stored.size).toBe(total);
      expect(stored.sha256).toBe(source.sha256());
      const hash = createHash('sha256');
      let size = 0;
      let chunks = 0;
      let largest = 0;
      for await (const chunk of await store.get('big/file.bin')) {
        const buf = chunk as Buffer;
        hash.update(buf);
        size += buf.length;
        chunks += 1;
        largest = Math.max(largest, buf.length);
      }
      expect(size).toBe(total);
      expect(hash.digest('hex')).toBe(stored.sha256);
      expect(chunks).toBeGreaterThan(20);
      expect(largest).toBeLessThanOrEqual(1024 * 1024);
      expect(await store.head('big/file.bin')).toEqual(stored);
    });
  });
}
