/**
 * Document ids: derived from the seed file's name, and the rule that makes an id usable as a path segment
 * (`/docs/<id>`). Ingestion refuses a file whose id breaks the rule (with a warning naming it); the web layer rejects
 * such an id in a request. One rule for both, so every indexed document can be addressed.
 */

/** Longest id, in UTF-16 code units (a file name on most file systems is at most 255 bytes). */
export const MAX_ID_LENGTH = 255;

// C0 and C1 controls.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// A lone surrogate, or U+FFFD: what decoding a file name that is not valid UTF-8 leaves.
const NOT_UTF8 = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;

/**
 * The id of the document a seed file holds: its name without the extension.
 * @example
 * docIdOf('000_cacabed7aa6ec20d.txt') //=> '000_cacabed7aa6ec20d'
 */
export function docIdOf(file: string): string {
  return file.replace(/\.[^.]+$/, '');
}

/**
 * Why `id` cannot address a document as a path segment, or null when it can. A URL path may carry any other
 * character once percent-encoded (`encodeURIComponent`): spaces, `#`, `%`, quotes, `（）`, a leading `-`.
 * @example
 * idProblem('报告 (2025) #1') //=> null
 * idProblem('..')              //=> 'starts with a dot'
 */
export function idProblem(id: string): string | null {
  if (id.length === 0) return 'is empty';
  if (id.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  // `.` and `..` are path steps a browser resolves before asking; a leading dot also marks hidden files.
  if (id.startsWith('.')) return 'starts with a dot';
  if (/[/\\]/.test(id)) return 'holds a slash or a backslash';
  if (CONTROL.test(id)) return 'holds a control character';
  if (NOT_UTF8.test(id)) return 'is not valid UTF-8';
  return null;
}

/**
 * Where a paragraph is read in its document: the page of the document with the paragraph's anchor.
 * @example
 * paragraphUrl('报告 #1', 7) //=> '/docs/%E6%8A%A5%E5%91%8A%20%231#p-7'
 */
export function paragraphUrl(docId: string, n: number): string {
  return `/docs/${encodeURIComponent(docId)}#p-${n}`;
}
