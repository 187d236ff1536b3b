/**
 * The HTTP-only part of validation: the raw query string before Express decodes it, and a document id taken from
 * the path. The parameters themselves are validated by `core/params.ts`, shared with the CLI.
 */
import { ParamError } from '../core/errors.js';
import { idProblem } from '../core/ids.js';
import { clip } from '../core/params.js';

/**
 * Validates a document id from the path: any id a seed file can have (see `core/ids.ts`), which never holds a
 * slash or starts with a dot, so never walks out of anything.
 * @example
 * parseDocId('000_cacabed7aa6ec20d') //=> '000_cacabed7aa6ec20d'
 * parseDocId('../etc/passwd')        // throws 400
 */
export function parseDocId(id: string): string {
  const problem = idProblem(id);
  if (problem !== null) {
    throw new ParamError(
      `document id must be a seed file's name without its extension; "${clip(id)}" ${problem}`,
      `文件编号应为报告文件名（不含扩展名），“${clip(id)}”不符合要求`,
    );
  }
  return id;
}

/**
 * Checks that every `name=value` pair of a raw query string is valid percent-encoded UTF-8. Node's query parser
 * would silently turn `%E4%B8` or `%ZZ` into replacement characters or leave them as they are; we answer 400 instead.
 * @example
 * checkQueryString('q=%E8%B7%A8') // ok
 * checkQueryString('q=%E4%B8')    // throws 400
 */
export function checkQueryString(search: string): void {
  if (search === '') return;
  for (const pair of search.split('&')) {
    try {
      decodeURIComponent(pair.replace(/\+/g, ' '));
    } catch {
      throw new ParamError(
        `malformed percent-encoding in the query string near "${clip(pair, 40)}"`,
        `网址中的百分号编码有误（“${clip(pair, 40)}”附近）`,
      );
    }
  }
}

