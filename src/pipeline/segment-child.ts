/**
 * A segmentation child process (see `segment-children.ts`): loads jieba, then segments each document it is sent,
 * writes it to the segmentation cache when asked, and answers with the tokens. Exits when its parent disconnects.
 *
 * A paragraph's tokens depend on its text alone (`segmentMany` cuts every run as on its own), so a paragraph this
 * child has segmented before — the same report from two sources, a closing formula, a copy with one line changed —
 * is answered from memory instead of jieba, up to {@link MEMO_CHARS} characters of remembered text.
 */
import { loadSegmenter, segmentMany } from '../text/segment.js';
import { writeJoined } from './segcache.js';
import type { SegmentReply, SegmentRequest } from './segment-children.js';

/** Characters of paragraph text (and as much again of tokens) a child remembers at most: about 200 MB at most. */
const MEMO_CHARS = 32_000_000;
/** Shorter paragraphs are cheaper to segment again than to remember. */
const MEMO_MIN = 8;

const memo = new Map<string, string>();
let memoChars = 0;

/** Each paragraph's tokens space-joined: remembered ones from memory, the others from jieba in one batch. */
function segmentJoined(norms: readonly string[]): string[] {
  const out = new Array<string>(norms.length);
  const missing: number[] = [];
  for (let i = 0; i < norms.length; i++) {
    const known = memo.get(norms[i]!);
    if (known === undefined) missing.push(i);
    else out[i] = known;
  }
  if (missing.length === 0) return out;
  const cut = segmentMany(missing.map((i) => norms[i]!));
  missing.forEach((i, j) => {
    const joined = cut[j]!.join(' ');
    out[i] = joined;
    const n = norms[i]!;
    if (n.length >= MEMO_MIN && memoChars < MEMO_CHARS && !memo.has(n)) {
      memo.set(n, joined);
      memoChars += n.length + joined.length;
    }
  });
  return out;
}

function serve(): void {
  loadSegmenter();
  process.on('message', (m: SegmentRequest) => {
    try {
      const tokens = segmentJoined(m.norms);
      if (m.cacheFile) writeJoined(m.cacheFile, tokens);
      process.send!({ id: m.id, tokens } satisfies SegmentReply);
    } catch (e) {
      process.send!({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies SegmentReply);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send) serve();
