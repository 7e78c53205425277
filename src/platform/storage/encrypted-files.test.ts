import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatedFile, readAll, samples, sha256 } from '../../../test/support/file-store-contract.js';
import { createEnvelope } from '../crypto/envelope.js';
import { masterKeysFrom } from '../crypto/master-key.js';
import { createFsFileStore } from './fs-store.js';
import { inspectBody } from './inspect.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-enc-files-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('encrypted files at rest (envelope streams + file store)', () => {
  const envelope = createEnvelope(masterKeysFrom(randomBytes(32)));
  const store = createFsFileStore(root);

  it('checks the plaintext type first, stores only ciphertext, and streams it back', async () => {
    const plain = await inspectBody(samples.pdf, 'application/pdf');
    const stored = await store.put(
      'vault/doc-1',
      plain.stream.pipe(envelope.createEncryptStream('vault/doc-1')),
      {
        contentType: 'application/octet-stream',
      },
    );
    expect(plain.contentType).toBe('application/pdf');
    expect(plain.digest().sha256).toBe(sha256(samples.pdf));
    expect(stored.contentType).toBe('application/octet-stream');
    const onDisk = fs.readFileSync(path.join(root, 'vault', 'doc-1'));
    expect(onDisk.includes(Buffer.from('%PDF'))).toBe(false);
    const back = await readAll(
      (await store.get('vault/doc-1')).pipe(envelope.createDecryptStream('vault/doc-1')),
    );
    expect(back.equals(samples.pdf)).toBe(true);
    await expect(
      readAll((await store.get('vault/doc-1')).pipe(envelope.createDecryptStream('vault/doc-2'))),
    ).rejects.toThrow(/authentication failed/);
  });

  it('encrypts and decrypts a 20 MB file as a stream', async () => {
    const source = generatedFile(20 * 1024 * 1024);
    await store.put('vault/big', source.stream.pipe(envelope.createEncryptStream()));
    const hash = createHash('sha256');
    for await (const chunk of (await store.get('vault/big')).pipe(envelope.createDecryptStream()))
      hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(source.sha256());
  });
});
