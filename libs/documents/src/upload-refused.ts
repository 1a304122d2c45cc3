/** The statuses an upload is refused with: each names a different thing for the sender to fix. */
export type UploadRefusalStatus =
  | 400 // the multipart body or one of its fields is wrong
  | 408 // the upload stalled
  | 413 // the file is over the limit
  | 415 // not multipart, or the file is not a PDF
  | 422; // a PDF that cannot be accepted: empty, truncated, encrypted, damaged

/**
 * An upload refused, before anything was stored: the temporary file is already removed. `field`
 * is the form field at fault (`file`, `fileName`, or a text field's name), for the web interface
 * to place and translate the message; `message` is English and names the problem.
 */
export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';

  constructor(
    readonly status: UploadRefusalStatus,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
