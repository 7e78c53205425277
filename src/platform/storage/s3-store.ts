import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Config } from '../config.js';
import { SNIFF_BYTES, sniffContentType } from './content-type.js';
import { inspectBody } from './inspect.js';
import { assertValidKey, assertValidPrefix } from './keys.js';
import {
  type FileStore,
  fileNotFound,
  type ListedFile,
  type PutOptions,
  type StoredFile,
} from './storage.js';

const TMP_PREFIX = '.tmp/';
/** S3's minimum part size; with two parts in flight an upload holds at most ~10 MiB in memory. */
const PART_BYTES = 5 * 1024 * 1024;

export type S3Settings = Config['storage']['s3'];

export function createS3Client(s3: S3Settings): S3Client {
  const options: S3ClientConfig = {
    region: s3.region,
    forcePathStyle: s3.forcePathStyle,
    // We hash every body ourselves; the SDK's default CRC trailers are not understood by every
    // S3-compatible server (older MinIO, Ceph, test servers).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (s3.endpoint) options.endpoint = s3.endpoint;
  if (s3.accessKeyId && s3.secretAccessKey) {
    options.credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
  }
  return new S3Client(options);
}

/**
 * Files as objects in one bucket. A put uploads to `.tmp/<uuid>` (multipart, streaming), then copies
 * the object server-side to its key with the SHA-256 in its metadata, so the key only ever shows a
 * complete file with complete metadata. Single-copy limit: 5 GB per file.
 */
export function createS3FileStore(client: S3Client, bucket: string): FileStore {
  async function put(key: string, body: Parameters<FileStore['put']>[1], options: PutOptions = {}) {
    assertValidKey(key);
    const inspected = await inspectBody(body, options.contentType);
    const tmpKey = `${TMP_PREFIX}${randomUUID()}`;
    try {
      await new Upload({
        client,
        params: { Bucket: bucket, Key: tmpKey, Body: inspected.stream, ContentType: inspected.contentType },
        partSize: PART_BYTES,
        queueSize: 2,
        leavePartsOnError: false,
      }).done();
      const file: StoredFile = { key, ...inspected.digest(), contentType: inspected.contentType };
      await client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: key,
          CopySource: `${bucket}/${tmpKey}`,
          MetadataDirective: 'REPLACE',
          ContentType: file.contentType,
          Metadata: { sha256: file.sha256 },
        }),
      );
      return file;
    } finally {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: tmpKey })).catch(() => {});
    }
  }

  async function head(key: string): Promise<StoredFile | undefined> {
    assertValidKey(key);
    try {
      const res = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const sha256 = res.Metadata?.sha256;
      if (sha256 && res.ContentType) {
        return { key, size: res.ContentLength ?? 0, sha256, contentType: res.ContentType };
      }
      // Written by another tool: describe it from its bytes.
      return await describe(key);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async function describe(key: string): Promise<StoredFile> {
    const hash = createHash('sha256');
    const sample: Buffer[] = [];
    let size = 0;
    for await (const chunk of await get(key)) {
      const buf = chunk as Buffer;
      hash.update(buf);
      if (size < SNIFF_BYTES) sample.push(buf);
      size += buf.length;
    }
    const contentType = await sniffContentType(Buffer.concat(sample).subarray(0, SNIFF_BYTES));
    return { key, size, sha256: hash.digest('hex'), contentType };
  }

  async function get(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!(res.Body instanceof Readable)) throw new Error('S3 response body is not a Node stream');
      return res.Body;
    } catch (err) {
      if (isMissing(err)) throw fileNotFound();
      throw err;
    }
  }

  async function remove(key: string) {
    assertValidKey(key);
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  async function* list(prefix = ''): AsyncIterable<ListedFile> {
    assertValidPrefix(prefix);
    for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        if (!object.Key || object.Key.startsWith(TMP_PREFIX)) continue;
        yield { key: object.Key, size: object.Size ?? 0 };
      }
    }
  }

  return { driver: 's3', put, get, head, delete: remove, list };
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
