/**
 * The files of one generation and their encoding: `docs.json` (metadata and paragraph structure), `texts.bin`
 * (paragraph texts and their normalised forms), `lexicon.json`, `rank.ndjson` (the ranked index, one term a line)
 * and `mentions.bin` (the mention lists).
 */
import type { DocMeta, IngestedDoc, Level, Paragraph } from '../core/types.js';
import { flatten, type CorpusIndex } from '../index/corpus.js';
import { MentionIndex } from '../index/mention-index.js';
import { PostingLists } from '../index/postings.js';
import { RankIndex } from '../index/rank.js';
import { Lexicon } from '../text/lexicon.js';
import { packSections, unpackSections } from './sections.js';

/** The files every generation holds, besides its manifest. */
export const INDEX_FILES = ['docs.json', 'texts.bin', 'lexicon.json', 'rank.ndjson', 'mentions.bin'] as const;

interface StoredDocs {
  docs: DocMeta[];
  /** Chapter and section texts, referenced by index. */
  strings: string[];
  /** Per document: `[n, level, chapter, section]` per paragraph; the texts are in `texts.bin`. */
  paras: [number, Level, number, number][][];
}

/** Each line followed by `\n`, in one buffer built from pieces of about 1 MB rather than from one big string. */
function linesToBuffer(lines: Iterable<string>): Buffer {
  const parts: Buffer[] = [];
  let batch = '';
  for (const line of lines) {
    batch += `${line}\n`;
    if (batch.length >= 1 << 20) {
      parts.push(Buffer.from(batch, 'utf8'));
      batch = '';
    }
  }
  parts.push(Buffer.from(batch, 'utf8'));
  return Buffer.concat(parts);
}

/** The lines of a buffer written by {@link linesToBuffer}, decoded one at a time. */
export function* bufferLines(buf: Buffer): Generator<string> {
  for (let at = 0; at < buf.length;) {
    let end = buf.indexOf(10, at);
    if (end < 0) end = buf.length;
    yield buf.toString('utf8', at, end);
    at = end + 1;
  }
}

/**
 * Strings laid end to end as UTF-16 code units (2 bytes a Han character rather than UTF-8's 3, lone surrogates
 * kept), with where each ends.
 */
function joined(strings: readonly string[]): { units: Uint16Array; ends: Uint32Array } {
  const ends = new Uint32Array(strings.length);
  let end = 0;
  strings.forEach((t, i) => (ends[i] = end += t.length));
  const b = Buffer.from(strings.join(''), 'utf16le');
  return { units: new Uint16Array(b.buffer, b.byteOffset, b.length / 2), ends };
}

/** The strings {@link joined} laid end to end, as slices of one string; throws unless there are `count`. */
function unjoined(units: unknown, ends: unknown, count: number, what: string): string[] {
  if (!(units instanceof Uint16Array) || !(ends instanceof Uint32Array)) throw new Error(`texts.bin: ${what}: sections missing or of the wrong type`);
  if (ends.length !== count) throw new Error(`texts.bin: ${ends.length} ${what}, docs.json has ${count} paragraphs`);
  if (count > 0 && ends[count - 1] !== units.length) throw new Error(`texts.bin: ${what}: ends past the text`);
  const all = Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
  const out = new Array<string>(count);
  for (let i = 0, from = 0; i < count; from = ends[i++]!) out[i] = all.slice(from, ends[i]!);
  return out;
}

export function serialise(ix: CorpusIndex): Record<string, Buffer> {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const sid = (s: string): number => {
    let i = ids.get(s);
    if (i === undefined) {
      i = strings.length;
      ids.set(s, i);
      strings.push(s);
    }
    return i;
  };
  const stored: StoredDocs = {
    docs: ix.docs,
    strings,
    paras: ix.docParagraphs.map((ps) => ps.map((p) => [p.n, p.level, sid(p.chapter), sid(p.section)])),
  };
  // The paragraph texts and their normalised forms, each kind as one UTF-16 string with where each paragraph's ends:
  // loaded as slices of two strings, sooner than as strings in JSON and split UTF-8.
  const texts = joined(ix.paragraphs.map((p) => p.text));
  const norms = joined(ix.norms);
  const m = ix.mentionIndex;
  return {
    'docs.json': Buffer.from(JSON.stringify(stored), 'utf8'),
    'texts.bin': packSections({ textEnds: texts.ends, texts: texts.units, normEnds: norms.ends, norms: norms.units }),
    'lexicon.json': Buffer.from(JSON.stringify(ix.lexicon.toJSON()), 'utf8'),
    'rank.ndjson': linesToBuffer(ix.rank.toLines()),
    'mentions.bin': packSections({
      uniKeys: m.uni.keys, uniStarts: m.uni.starts, uniCounts: m.uni.counts, uniBytes: m.uni.bytes,
      biKeys: m.bi.keys, biStarts: m.bi.starts, biCounts: m.bi.counts, biBytes: m.bi.bytes,
    }),
  };
}

/** Loads a generation whose files were checked; throws (with the file's name) on anything malformed. */
export function deserialise(files: Record<string, Buffer>): CorpusIndex {
  const stored = JSON.parse(files['docs.json']!.toString('utf8')) as StoredDocs;
  const t = unpackSections(files['texts.bin']!, 'texts.bin');
  const count = stored.paras.reduce((s, ps) => s + ps.length, 0);
  const texts = unjoined(t.texts, t.textEnds, count, 'texts');
  const norms = unjoined(t.norms, t.normEnds, count, 'norms');
  let pid = 0;
  const docs: IngestedDoc[] = stored.docs.map((meta, i) => ({
    meta,
    paragraphs: (stored.paras[i] ?? []).map(([n, level, c, s]): Paragraph => ({
      n, level, chapter: stored.strings[c] ?? '', section: stored.strings[s] ?? '', text: texts[pid++]!,
    })),
  }));
  const flat = flatten(docs, norms);
  const lexicon = new Lexicon(JSON.parse(files['lexicon.json']!.toString('utf8')) as string[]);
  // Dropped once parsed: the file's bytes are as big as the rest of the index.
  let rankFile: Buffer | undefined = files['rank.ndjson']!;
  const ranked = rankDocuments(rankFile);
  if (ranked !== count) throw new Error(`rank.ndjson: ${ranked} paragraphs, docs.json has ${count}`);
  const m = unpackSections(files['mentions.bin']!, 'mentions.bin');
  const lists = (p: 'uni' | 'bi'): PostingLists => {
    const [keys, starts, counts, bytes] = ['Keys', 'Starts', 'Counts', 'Bytes'].map((k) => m[p + k]);
    if (!(keys instanceof Uint32Array && starts instanceof Uint32Array && counts instanceof Uint32Array && bytes instanceof Uint8Array)) {
      throw new Error(`mentions.bin: the ${p}gram sections are missing or of the wrong type`);
    }
    try {
      return new PostingLists(keys, starts, counts, bytes);
    } catch (e) {
      throw new Error(`mentions.bin: ${p}grams: ${(e as Error).message}`, { cause: e });
    }
  };
  const mentionIndex = new MentionIndex(lists('uni'), lists('bi'));
  // The ranked index is parsed into MiniSearch's maps on first use (a server asks for it as soon as it listens): that
  // parse is most of a load, and documents, health and mentions need none of it. The bytes were checked against
  // their checksum before this is served; the header's paragraph count is checked above.
  let rank: RankIndex | undefined;
  const index = { ...flat, lexicon, mentionIndex } as Omit<CorpusIndex, 'rank'> as CorpusIndex;
  Object.defineProperty(index, 'rank', {
    enumerable: true,
    configurable: true,
    get(): RankIndex {
      if (!rank) {
        try {
          rank = RankIndex.fromLines(bufferLines(rankFile!));
        } catch (e) {
          throw new Error(`rank.ndjson: ${(e as Error).message}`, { cause: e });
        }
        rankFile = undefined;
      }
      return rank;
    },
    set(value: RankIndex) {
      rank = value;
      rankFile = undefined;
    },
  });
  return index;
}

/** The paragraph count in the header line of `rank.ndjson` (see `RankIndex.toLines`), without parsing the rest. */
function rankDocuments(buf: Buffer): number {
  // The header opens with the count (MiniSearch's toJSON lists documentCount first); the rest of the header (a
  // field length per paragraph) is parsed on first use only.
  const lead = /^\{"documentCount":(\d{1,15}),"/.exec(buf.toString('latin1', 0, 40));
  if (lead) return Number(lead[1]);
  const end = buf.indexOf(10);
  let head: unknown;
  try {
    head = JSON.parse(buf.toString('utf8', 0, end < 0 ? buf.length : end));
  } catch (e) {
    throw new Error(`rank.ndjson: malformed header line (${(e as Error).message})`, { cause: e });
  }
  const n = (head as { documentCount?: unknown } | null)?.documentCount;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new Error('rank.ndjson: malformed header line');
  return n;
}
