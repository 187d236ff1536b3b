/**
 * Error codes as HTTP statuses: the one place that knows both.
 */
import type { ErrorCode } from '../core/errors.js';

const STATUS: Record<ErrorCode, number> = {
  bad_param: 400,
  bad_flag: 400,
  bad_seeds: 400,
  not_found: 404,
  forbidden: 403,
  index_locked: 503,
  empty_seeds: 503,
  method_not_allowed: 405,
  unavailable: 503,
};

/** The status an error with this code answers. */
export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
