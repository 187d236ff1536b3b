/**
 * An error a caller can act on: what went wrong, with the offending value, a stable `code` to branch on and the HTTP
 * `status` it maps to. Anything that is not an AppError is a bug and answers 500 without details.
 *
 * @example
 * throw new AppError(`size must be between 1 and 100, got ${size}`, { code: 'bad_param', status: 400 });
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(message: string, opts: { code: string; status?: number }) {
    super(message);
    this.name = 'AppError';
    this.code = opts.code;
    this.status = opts.status ?? 400;
  }
}

/** A 400 for a bad request parameter. */
export function badParam(message: string): AppError {
  return new AppError(message, { code: 'bad_param', status: 400 });
}

/** A 404 for something that does not exist. */
export function notFound(message: string): AppError {
  return new AppError(message, { code: 'not_found', status: 404 });
}
