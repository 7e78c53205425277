import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFileStore, readAll, samples, sha256 } from '../../../test/support/file-store-contract.js';
import { loadConfig } from '../config.js';
import { hasKey } from '../i18n/i18n.js';
import { createFileStore } from './create-file-store.js';
import { createFsFileStore } from './fs-store.js';

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-fs-store-'));
let n = 0;
const freshRoot = () => path.join(parent, `store-${++n}`, 'files');
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

describeFileStore('fs', () => createFsFileStore(freshRoot()));

describe('fs file store on disk', () => {
  it('is what createFileStore builds by default, under DATA_DIR/files', async () => {
    const dataDir = path.join(parent, 'data-dir');
    const store = createFileStore(loadConfig({ DATA_DIR: dataDir }));
    expect(store.driver).toBe('fs');
    await store.put('a/b.txt', samples.text);
    expect(fs.readFileSync(path.join(dataDir, 'files', 'a', 'b.txt'))).toEqual(samples.text);
  });

  it('writes nothing outside its root and leaves no temporary files behind', async () => {
    const root = freshRoot();
    const store = createFsFileStore(root);
    await store.put('x/y.pdf', samples.pdf);
    await store.put('bad', samples.png, { contentType: 'application/pdf' }).catch(() => {});
    await store.put('../outside', samples.text).catch(() => {});
    expect(fs.existsSync(path.join(root, '..', 'outside'))).toBe(false);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
    expect(fs.readdirSync(root).sort()).toEqual(['.meta', '.tmp', 'x']);
  });

  it('rebuilds metadata when a file was replaced behind its back', async () => {
    const root = freshRoot();
    const store = createFsFileStore(root);
    await store.put('r/file', samples.pdf);
    const replacement = path.join(root, 'r', 'replacement');
    fs.writeFileSync(replacement, samples.png);
    fs.renameSync(replacement, path.join(root, 'r', 'file'));
    expect(await store.head('r/file')).toEqual({
      key: 'r/file',
      size: samples.png.length,
      sha256: sha256(samples.png),
      contentType: 'image/png',
    });
    fs.rmSync(path.join(root, '.meta'), { recursive: true });
    expect((await store.head('r/file'))?.sha256).toBe(sha256(samples.png));
    expect((await readAll(await store.get('r/file'))).equals(samples.png)).toBe(true);
  });

  it('has vi and en messages for every storage error code', () => {
    for (const code of ['invalid_key', 'content_type_mismatch', 'not_found']) {
      for (const locale of ['vi', 'en'] as const) {
        expect(hasKey(`errors.storage.${code}.title`, locale)).toBe(true);
        expect(hasKey(`errors.storage.${code}.detail`, locale)).toBe(true);
      }
    }
  });

  it('skips files that are not valid keys when listing', async () => {
    const root = freshRoot();
    const store = createFsFileStore(root);
    await store.put('ok.txt', samples.text);
    fs.writeFileSync(path.join(root, 'Not Valid.txt'), 'x');
    const keys: string[] = [];
    for await (const f of store.list()) keys.push(f.key);
    expect(keys).toEqual(['ok.txt']);
  });
});
