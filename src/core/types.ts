/**
 * The shared data model of policy-search: documents, paragraphs and the answers of search and mentions.
 * Every module speaks these types; the HTTP API (README, "HTTP API") serialises them as they are.
 */

/** The kinds a document can be (README, "Adding reports"). */
export const KINDS = ['政府工作报告', '规划纲要', '规划建议', '新闻报道', '其他'] as const;
export type Kind = (typeof KINDS)[number];

/**
 * What a chapter of a report is for, from its heading (`text/chapter-type.ts`), so that one filter means the same
 * across reports whose headings differ; in the order a report usually has them.
 */
export const CHAPTER_TYPES = ['工作回顾', '形势分析', '总体要求', '发展目标', '工作安排', '政府建设', '保障措施'] as const;
export type ChapterType = (typeof CHAPTER_TYPES)[number];

/** Metadata of one document (one seed file). */
export interface DocMeta {
  /** File name without its extension, e.g. `000_cacabed7aa6ec20d`. */
  id: string;
  title: string;
  /** Issuing place's short name without 市/盟 (`呼和浩特`), the province (`云南`) or `全国`; null when unknown. */
  city: string | null;
  /** District (`新城区`) when the document is a district's, else null. */
  district: string | null;
  year: number | null;
  kind: Kind | null;
  /** File name inside the seeds directory, e.g. `000_cacabed7aa6ec20d.txt`. */
  file: string;
  /** Number of paragraphs. */
  paragraphs: number;
  /** The fields whose value came from weak evidence (the body, the document's properties, its file name). */
  guessed: ('title' | 'city' | 'district' | 'year' | 'kind')[];
  /** The id of the document this one repeats (same place, year and kind, mostly the same paragraphs), or null. */
  duplicateOf: string | null;
}

/** 0 body, 1 chapter heading, 2 section heading, 3 lower heading. */
export type Level = 0 | 1 | 2 | 3;

/** The unit of indexing, ranking and citation. */
export interface Paragraph {
  /** 1-based ordinal within its document. */
  n: number;
  /** Cleaned display text (not normalised: `跨境電商` stays as written). */
  text: string;
  level: Level;
  /** Text of the enclosing level-1 heading, or "". A chapter heading's own chapter is itself. */
  chapter: string;
  /** Text of the enclosing level-2 heading, or "". A section heading's own section is itself. */
  section: string;
}

export interface IngestedDoc {
  meta: DocMeta;
  paragraphs: Paragraph[];
}

/** A problem met while ingesting: a skipped file, or a metadata field that could not be detected. */
export interface IngestWarning {
  file: string;
  /** The metadata field that stays null, when the warning is about one. */
  field?: 'title' | 'city' | 'district' | 'year' | 'kind';
  reason: string;
  /** True when the whole file was skipped. */
  skipped: boolean;
}

/**
 * What the server says of the index it serves (`/api/health`, the home page): whether it is stale and why, and the
 * warnings of the build that made it (each file skipped and why, fields not detected).
 */
export interface IndexStatus {
  /** Why the index served is not what the seeds would build now (a rebuild failed, the seeds folder is empty…); null when it is current. */
  stale: string | null;
  warnings: IngestWarning[];
}

export interface IngestResult {
  docs: IngestedDoc[];
  warnings: IngestWarning[];
}

/** Filters shared by search and mentions (README, "HTTP API"). */
export interface Filters {
  /** Exact; a city also matches its districts' documents. */
  city?: string;
  year?: number;
  kind?: string;
  /** Matches when contained in the paragraph's chapter or section. */
  chapter?: string;
  /** Counts documents marked `duplicateOf` another too (by default each report counts once). */
  includeDuplicates?: boolean;
  /**
   * Several values of one dimension, any of which matches (`city=呼和浩特&city=乌兰察布`). A request giving one
   * value has it in `city`, `year` or `kind` alone, so a backend that knows only those still answers it.
   */
  cities?: string[];
  years?: number[];
  kinds?: string[];
  /** Districts (`新城区`), any of which matches the document's district. */
  districts?: string[];
  /** Years from and to (inclusive); a document without a year is outside every range. */
  yearFrom?: number;
  yearTo?: number;
  /** Chapter types (`工作回顾`, `工作安排`…, see `text/chapter-type.ts`), any of which matches the paragraph's chapter. */
  chapterTypes?: string[];
}

/** The orders of ranked search: by score, or by year (newest or oldest first, by score within a year). */
export const SORTS = ['relevance', 'newest', 'oldest'] as const;
export type Sort = (typeof SORTS)[number];

export interface SearchParams extends Filters {
  q: string;
  /** ≥ 1, default 1. */
  page?: number;
  /** 1–100, default 20. */
  size?: number;
  /** Default `relevance`. */
  sort?: Sort;
  /** `doc`: one hit per document (its best paragraph, with the others counted in `more`); default one hit per paragraph. */
  group?: 'doc' | 'none';
}

export interface Hit {
  docId: string;
  n: number;
  /** `/docs/<id>#p-<n>` */
  url: string;
  title: string;
  city: string | null;
  year: number | null;
  kind: Kind | null;
  chapter: string;
  section: string;
  /** HTML-escaped text with `<mark>…</mark>` around matches, about 160 characters around the best match. */
  snippet: string;
  /** The ranking score: hits sorted by relevance come in descending score. */
  score: number;
  /** The query's words this paragraph does not hold (present only on a partial match, after every full one). */
  missing?: string[];
  /** How many other paragraphs of the result have exactly this text (collapsed into this hit), when any. */
  also?: number;
  /** Grouped by document: how many other paragraphs of this document match. */
  more?: number;
  /** Grouped by document: the best of those others (at most `MAX_GROUP_OTHERS`), in rank order. */
  others?: GroupedParagraph[];
}

/** Another matching paragraph of a grouped hit's document. */
export interface GroupedParagraph {
  n: number;
  url: string;
  chapter: string;
  section: string;
  snippet: string;
  score: number;
}

export interface FacetValue<T = string> {
  value: T;
  count: number;
}

export interface Facets {
  city: FacetValue<string>[];
  /** Newest first. */
  year: FacetValue<number>[];
  kind: FacetValue<string>[];
  chapter: FacetValue<string>[];
  /** Districts of the documents (present when the backend counts them). */
  district?: FacetValue<string>[];
  /** Chapter types in their usual order (present when the backend counts them). */
  chapterType?: FacetValue<string>[];
}

export interface SearchResult {
  query: string;
  total: number;
  page: number;
  size: number;
  /** Set when no paragraph held all words and the result holds any of them (in Simplified Chinese). */
  notice?: string;
  /** The order of the hits. */
  sort?: Sort;
  /** `doc` when hits are documents (each its best paragraph); `total` then counts documents. */
  group?: 'doc' | 'none';
  /** Paragraphs matching, before identical texts are collapsed and hits grouped (what the facets count). */
  paragraphs?: number;
  /**
   * When hits holding only some of the words follow those holding all (fewer than a page held all): how many hits
   * hold all of them, i.e. where the partial matches start in the whole result (0-based).
   */
  allWords?: number;
  /** A query spelled as the corpus spells it, when this one finds few or no paragraphs: with how many it finds. */
  suggestion?: { q: string; total: number };
  hits: Hit[];
  facets: Facets;
  /** Per facet cut to its first `MAX_FACET_VALUES` values, how many values were left out (present only then). */
  facetsOmitted?: Partial<Record<keyof Facets, number>>;
}

export interface MentionParams extends Filters {
  q: string;
  /** Paragraphs to return (all when absent); totals always count all. */
  limit?: number;
  offset?: number;
  /**
   * The series to count (`core/series.ts`), each one name or an alias group; absent means one series, `q` itself.
   * With several, every context says which series it belongs to.
   */
  series?: { label: string; aliases: string[] }[];
  /** Adds `totalDocs`, `series` and `timeline`: per series counts over a continuous year axis, first and last appearance. */
  timeline?: boolean;
  /** Adds a stage tag to every listed context and `stages`, the strongest stage per series, place and year. */
  stages?: boolean;
  /** Adds `docCounts`: every document's occurrences, whatever `limit` lists (the term × report table). */
  docCounts?: boolean;
  /** Lower bounds than the answer's own on the contexts listed, per paragraph and in all (the HTML page's). */
  contextsPerParagraph?: number;
  maxContexts?: number;
}

/** What a sentence says of a project: planned, started, under way, completed. */
export type Stage = 'plan' | 'start' | 'progress' | 'completion';
/** A review chapter (工作回顾) or a plan chapter (工作安排). */
export type StagePart = 'review' | 'plan';

export interface StageTag {
  /** null when no stage word stands near the mention. */
  stage: Stage | null;
  /** The stage word found. */
  word: string | null;
  /** True when the sentence states an aim (`确保…通水`), not a fact. */
  aim: boolean;
  part: StagePart | null;
  /** The sentence holding the mention (the evidence). */
  sentence: string;
}

export interface MentionContext {
  before: string;
  match: string;
  after: string;
  /** Index of the series the match belongs to, when the query has several. */
  series?: number;
  /** Present when stages were asked for. */
  stage?: StageTag;
}

/** Where a series is first or last mentioned. */
export interface Appearance {
  year: number;
  docId: string;
  title: string;
  city: string | null;
  n: number;
  url: string;
}

export interface SeriesSummary {
  label: string;
  aliases: string[];
  totalOccurrences: number;
  totalParagraphs: number;
  totalDocs: number;
  /** Earliest and latest year with a mention (documents without a year left out); null when none. */
  first: Appearance | null;
  last: Appearance | null;
  /** Per place (`city`, `地区不详` when unknown): occurrences, documents, first and last appearance. */
  places: { city: string; count: number; docs: number; first: Appearance | null; last: Appearance | null }[];
}

/** One year of the timeline: reports indexed that year (after the filters), their length, and occurrences per series. */
export interface TimelineYear {
  year: number;
  reports: number;
  chars: number;
  counts: number[];
}

export interface Timeline {
  /** Every year from the first to the last report indexed (after the filters), zeros included. */
  years: TimelineYear[];
  /** Documents without a year: the 年份不详 bucket. */
  unknown: { reports: number; chars: number; counts: number[] };
}

/** The strongest stage a place's reports of one year state for a series, with its evidence. */
export interface StageStep {
  series: number;
  city: string;
  year: number | null;
  tag: StageTag;
  docId: string;
  n: number;
  url: string;
  /** Mentions that year and place; and how many of them had no stage word near. */
  mentions: number;
  untagged: number;
}

export interface MentionParagraph {
  n: number;
  url: string;
  chapter: string;
  section: string;
  /** Every occurrence in the paragraph. */
  count: number;
  /** The first `MAX_CONTEXTS_PER_PARAGRAPH` of them in context. */
  contexts: MentionContext[];
}

export interface MentionDoc {
  docId: string;
  title: string;
  city: string | null;
  year: number | null;
  count: number;
  paragraphs: MentionParagraph[];
}

export interface MentionsResult {
  query: string;
  totalParagraphs: number;
  totalOccurrences: number;
  byYear: { year: number; count: number }[];
  byCity: { city: string; count: number }[];
  docs: MentionDoc[];
  /**
   * Present when the paragraphs listed stop before those asked for (all, or `limit`) because the answer reached its
   * bounds (`MAX_MENTION_PARAGRAPHS`, `MAX_MENTION_CONTEXTS`): the offset to ask for the rest at.
   */
  nextOffset?: number;
  /** Documents holding a mention, over the whole result (with `timeline`). */
  totalDocs?: number;
  series?: SeriesSummary[];
  timeline?: Timeline;
  /** Per series, place and year, in that order (with `stages`). */
  stages?: StageStep[];
  /**
   * Present when the mentions held more paragraphs or occurrences than stages are read for (`MAX_STAGED_PARAGRAPHS`,
   * `MAX_STAGED_OCCURRENCES`): how many paragraphs there were; `stages` is then empty (a word that common names no
   * project).
   */
  stagesOmitted?: number;
  /** Every document holding a mention with its occurrences, in year-then-city order (with `docCounts`). */
  docCounts?: { docId: string; count: number }[];
}
