/**
 * File names of downloads, safe in a `Content-Disposition` header whatever text they are built from: Express's
 * `res.attachment` percent-encodes the name, which throws on half a surrogate pair.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Controls, and what a file system or a shell would read as a path or a quote.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F/\\"]/g;

/**
 * A download's name: the first `max` characters (whole characters, never half a pair) of `stem`, made safe, then
 * `ext`.
 * @example
 * downloadName(`mentions-${'字'.repeat(39)}😀`, '.csv') //=> 'mentions-字字…字😀.csv' (never half of 😀)
 */
export function downloadName(stem: string, ext: string, max = 48): string {
  const safe = stem.replace(LONE_SURROGATE, '\uFFFD').replace(UNSAFE, '_');
  return Array.from(safe).slice(0, max).join('') + ext;
}
