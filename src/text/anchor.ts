/**
 * Stable paragraph anchors: an id derived from what a paragraph says, not from where it stands, so a link cited
 * today still finds its paragraph after a rebuild renumbers the document (README, "Paragraph links").
 */
import { norm } from './normalize.js';

/** Prefix of a stable anchor; `p-<n>` stays the positional one. */
export const ANCHOR_PREFIX = 's-';

/**
 * FNV-1a over the UTF-16 code units of `s`, as 7 base-36 digits: short enough for a link, and within one document
 * (a few thousand paragraphs at most) a collision between different texts is rare; should one happen, the
 * repeat suffix still keeps the anchors distinct.
 */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

/**
 * The stable anchors of a document's paragraphs, in order: `s-` and a hash of the normalised text, with `-2`,
 * `-3`… for the second and later paragraphs of the same text. Computed over the whole document, never one page of
 * it, so a repeat's suffix does not depend on the page shown.
 * @example
 * paragraphAnchors(['引黄入呼', '引 黄 入 呼', '三期']) //=> ['s-0qk4p1b', 's-0qk4p1b-2', 's-1b2c3d4']
 */
export function paragraphAnchors(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((t) => {
    const key = `${ANCHOR_PREFIX}${hash(norm(t))}`;
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    return k === 1 ? key : `${key}-${k}`;
  });
}

/** True when `s` has the form of a stable anchor (`s-` then 7 base-36 digits, maybe a repeat suffix). */
export function isStableAnchor(s: string): boolean {
  return /^s-[0-9a-z]{7}(-\d{1,6})?$/.test(s);
}
