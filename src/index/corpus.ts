/**
 * The in-memory index of a corpus: paragraph tables for filters and display, the ranked-search index over the
 * paragraphs' tokens, and the exact-mention lists over their normalised texts — built in steps as tokens arrive.
 */
import type { IngestedDoc, DocMeta, Paragraph } from '../core/types.js';
import { corpusLexicon, segmentNormalized } from '../text/segment.js';
import type { Lexicon } from '../text/lexicon.js';
import { norm } from '../text/normalize.js';
import { MentionIndex } from './mention-index.js';
import { TOKEN_SEPARATOR } from './rank-options.js';
import { RankIndex } from './rank.js';

/** Everything search and mentions read, built once per corpus. Paragraphs are numbered 0… across documents (pid). */
export interface CorpusIndex {
  docs: DocMeta[];
  /** Paragraphs of each document, in order. */
  docParagraphs: Paragraph[][];
  /** Per pid: the paragraph, its document's index in `docs`, and `norm(text)`. */
  paragraphs: Paragraph[];
  paraDoc: Int32Array;
  /** Per pid: its chapter's and section's ordinal in `headings`. */
  paraChapter: Int32Array;
  paraSection: Int32Array;
  /** The distinct chapter and section texts (`""` first). */
  headings: string[];
  norms: string[];
  lexicon: Lexicon;
  rank: RankIndex;
  mentionIndex: MentionIndex;
}

/** The flat paragraph tables of a set of documents. */
export function flatten(
  docs: readonly IngestedDoc[],
  norms?: readonly string[],
): Pick<CorpusIndex, 'docs' | 'docParagraphs' | 'paragraphs' | 'paraDoc' | 'paraChapter' | 'paraSection' | 'headings' | 'norms'> {
  const paragraphs: Paragraph[] = [];
  const docIdx: number[] = [];
  docs.forEach((d, i) => {
    for (const p of d.paragraphs) {
      paragraphs.push(p);
      docIdx.push(i);
    }
  });
  const headings = [''];
  const ids = new Map<string, number>([['', 0]]);
  const hid = (s: string): number => {
    let i = ids.get(s);
    if (i === undefined) {
      ids.set(s, (i = headings.length));
      headings.push(s);
    }
    return i;
  };
  return {
    docs: docs.map((d) => d.meta),
    docParagraphs: docs.map((d) => d.paragraphs),
    paragraphs,
    paraDoc: Int32Array.from(docIdx),
    paraChapter: Int32Array.from(paragraphs, (p) => hid(p.chapter)),
    paraSection: Int32Array.from(paragraphs, (p) => hid(p.section)),
    headings,
    norms: norms ? [...norms] : paragraphs.map((p) => norm(p.text)),
  };
}

/**
 * Builds a {@link CorpusIndex} in steps: the paragraph tables and the corpus lexicon at once, then the paragraphs'
 * tokens in pid order as they arrive (from the segmentation cache or worker processes), the mention lists whenever
 * convenient, and the index at the end.
 */
export class CorpusIndexBuilder {
  readonly flat: ReturnType<typeof flatten>;
  readonly lexicon: Lexicon;
  private readonly rank = RankIndex.builder();
  private mentions: MentionIndex | undefined;
  /** Paragraphs added so far (the next pid). */
  added = 0;

  constructor(docs: readonly IngestedDoc[], norms?: readonly string[]) {
    this.flat = flatten(docs, norms);
    this.lexicon = corpusLexicon(this.flat.norms);
  }

  /** Indexes the next paragraphs, given jieba's tokens for each; the lexicon's names are added to them. */
  add(baseTokens: readonly (readonly string[])[]): void {
    this.addJoined(baseTokens.map((base) => base.join(TOKEN_SEPARATOR)));
  }

  /** {@link add} with each paragraph's tokens space-joined, as the segmentation children and cache hold them. */
  addJoined(joined: readonly string[]): void {
    for (const base of joined) {
      const n = this.flat.norms[this.added];
      if (n === undefined) throw new Error(`CorpusIndexBuilder: more than ${this.flat.norms.length} paragraphs`);
      const extra = this.lexicon.overlayJoined(n, base);
      this.rank.add(extra.length === 0 ? base : base.length === 0 ? extra.join(TOKEN_SEPARATOR) : `${base}${TOKEN_SEPARATOR}${extra.join(TOKEN_SEPARATOR)}`);
      this.added++;
    }
  }

  /** Builds the mention lists now (they need only the normalised texts). */
  buildMentions(): void {
    this.mentions ??= MentionIndex.build(this.flat.norms);
  }

  finish(): CorpusIndex {
    if (this.added !== this.flat.norms.length) throw new Error(`CorpusIndexBuilder: ${this.added} of ${this.flat.norms.length} paragraphs added`);
    this.buildMentions();
    return { ...this.flat, lexicon: this.lexicon, rank: this.rank.finish(), mentionIndex: this.mentions! };
  }
}

/**
 * Builds the whole index in this process.
 *
 * @param baseTokens jieba's tokens per pid (from the segmentation cache or worker processes); segmented here when
 *   absent.
 * @param norms `norm(text)` per pid, when already computed.
 */
export function buildCorpusIndex(
  docs: readonly IngestedDoc[],
  baseTokens?: readonly (readonly string[])[],
  norms?: readonly string[],
): CorpusIndex {
  const b = new CorpusIndexBuilder(docs, norms);
  b.add(b.flat.norms.map((n, pid) => baseTokens?.[pid] ?? segmentNormalized(n)));
  return b.finish();
}
