import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/**
 * Passes a stored file's bytes through and fails at the end if they are not the recorded ones: a
 * store that returns other bytes breaks the download rather than hand out a wrong file under a
 * manifest that vouches for it.
 */
export class RecordedHashCheck extends Transform {
  private readonly hash = createHash('sha256');

  constructor(private readonly fileName: string, private readonly expected: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    callback(actual === this.expected ? null : new Error(`${this.fileName}: the stored bytes hash to ${actual}, not the recorded ${this.expected}`));
  }
}

