import { StreamableFile } from '@nestjs/common';
import { contentDisposition } from '@ctg/documents';
import type { Readable } from 'node:stream';

/** A stored file (or a generated one) as an attachment, with its type and, when known, its length. */
export function fileResponse(stream: Readable, name: string, type: string, size?: number): StreamableFile {
  return new StreamableFile(stream, { type, disposition: contentDisposition(name), ...(size !== undefined ? { length: size } : {}) }).setErrorHandler(
    (error, response) => {
      if (response.destroyed) return;
      // Once bytes have flowed, a clean end would hand over a truncated file as if whole: cut the connection instead.
      if (response.headersSent) return response.destroy?.(error);
      response.statusCode = 503;
      response.send(JSON.stringify({ statusCode: 503, message: 'the document store could not be read; try again' }));
    },
  );
}
