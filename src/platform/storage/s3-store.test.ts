import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeFileStore, samples, sha256 } from '../../../test/support/file-store-contract.js';
import { loadConfig } from '../config.js';
import { createFileStore } from './create-file-store.js';
import { createS3Client, createS3FileStore } from './s3-store.js';

// A real S3 wire protocol, served in-process by s3rver (objects on local disk).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-s3rver-'));
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
let endpoint = '';
let buckets = 0;

const settings = () =>
  loadConfig({
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: endpoint,
    S3_BUCKET: 'unused',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  }).storage.s3;

beforeAll(async () => {
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Each test gets its own bucket, so stores start empty. */
async function freshBucket(): Promise<string> {
  const name = `cds-test-${++buckets}`;
  await createS3Client(settings()).send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

let current = '';
beforeEach(async () => {
  current = await freshBucket();
});

describeFileStore('s3', () => createS3FileStore(createS3Client(settings()), current));

describe('S3 file store specifics', () => {
  it('is what createFileStore builds for STORAGE_DRIVER=s3', async () => {
    const config = loadConfig({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: current,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const store = createFileStore(config);
    expect(store.driver).toBe('s3');
    await store.put('k/file.pdf', samples.pdf);
    const objects = await createS3Client(settings()).send(new ListObjectsV2Command({ Bucket: current }));
    expect(objects.Contents?.map((o) => o.Key)).toEqual(['k/file.pdf']);
    const head = await createS3Client(settings()).send(
      new HeadObjectCommand({ Bucket: current, Key: 'k/file.pdf' }),
    );
    expect(head.Metadata).toEqual({ sha256: sha256(samples.pdf) });
    expect(head.ContentType).toBe('application/pdf');
  });

  it('describes an object written by another tool from its bytes', async () => {
    const client = createS3Client(settings());
    await client.send(new PutObjectCommand({ Bucket: current, Key: 'ext/file', Body: samples.png }));
    const store = createS3FileStore(client, current);
    expect(await store.head('ext/file')).toEqual({
      key: 'ext/file',
      size: samples.png.length,
      sha256: sha256(samples.png),
      contentType: 'image/png',
    });
    await client.send(new DeleteObjectCommand({ Bucket: current, Key: 'ext/file' }));
  });
});
