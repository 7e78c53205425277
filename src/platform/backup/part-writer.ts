import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import type { Part } from './manifest.js';

/** Writes one archive member to the staging directory, counting and hashing what it writes. */
export class PartWriter {
  private readonly out: fs.WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(
    private readonly partPath: string,
    file: string,
  ) {
    this.out = fs.createWriteStream(file);
  }

  async write(chunk: string | Buffer): Promise<void> {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (!this.out.write(buffer)) await once(this.out, 'drain');
  }

  async close(): Promise<Part> {
    this.out.end();
    await once(this.out, 'close');
    return { path: this.partPath, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Closes after a failure, without waiting for pending bytes. */
  abort(): void {
    this.out.destroy();
  }
}
