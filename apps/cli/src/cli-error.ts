/** A failure the user can act on: printed as `error: message` (and its details), exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    /** One line each, e.g. the bad lines of a CSV. */
    readonly details: string[] = [],
    /** For `--json`: the API's error body when there is one. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
