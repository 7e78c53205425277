import type { Config } from '../config.js';
import { createFsFileStore } from './fs-store.js';
import { createS3Client, createS3FileStore } from './s3-store.js';
import type { FileStore } from './storage.js';

/** The store STORAGE_DRIVER asks for: files under DATA_DIR/files, or an S3-compatible bucket. */
export function createFileStore(config: Pick<Config, 'storage'>): FileStore {
  const { storage } = config;
  if (storage.driver === 's3') {
    if (!storage.s3.bucket) throw new Error('S3_BUCKET is required when STORAGE_DRIVER=s3');
    return createS3FileStore(createS3Client(storage.s3), storage.s3.bucket);
  }
  return createFsFileStore(storage.dir);
}
