/**
 * The one error type of policy-search: what went wrong, with the offending value, and a stable `code` a caller
 * branches on. It knows nothing of HTTP: the web layer maps codes to statuses (`web/errors.ts`), the CLI to exit
 * codes. Anything that is not an AppError is a bug.
 *
 * @example
 * throw new AppError(`cannot read the seeds directory ${dir}: ENOENT`, { code: 'bad_seeds' });
 */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(message: string, opts: { code: ErrorCode }) {
    super(message);
    this.name = 'AppError';
    this.code = opts.code;
  }
}

/**
 * What went wrong, for a caller to branch on:
 * - `bad_param`: a request parameter or CLI flag value is invalid (see {@link ParamError});
 * - `bad_flag`: an unknown or malformed command-line flag;
 * - `bad_seeds`: the seeds directory cannot be read;
 * - `not_found`: no such document or route;
 * - `forbidden`: a secret was missing or wrong;
 * - `index_locked`: another process holds the build lock for too long;
 * - `empty_seeds`: the seeds folder holds no report to index while the index holds some (an unmounted volume looks
 *   like this): the index is kept;
 * - `method_not_allowed`: a route exists, but not for this method;
 * - `unavailable`: the search backend (an OpenSearch cluster) cannot give a complete answer now.
 */
export type ErrorCode = 'bad_param' | 'bad_flag' | 'bad_seeds' | 'not_found' | 'forbidden' | 'index_locked' | 'empty_seeds' | 'method_not_allowed' | 'unavailable';

/**
 * A bad parameter, saying what is wrong in English (the API's `error`, the CLI's message) and in Chinese (`zh`, shown
 * on pages); `param` names the parameter, so the CLI can say `--year` where the API says `year`.
 */
export class ParamError extends AppError {
  readonly zh: string;
  readonly param: string | undefined;

  constructor(message: string, zh: string, param?: string) {
    super(message, { code: 'bad_param' });
    this.zh = zh;
    this.param = param;
  }
}

/** Something that does not exist. */
export function notFound(message: string): AppError {
  return new AppError(message, { code: 'not_found' });
}
