/**
 * Citations of a document and of one of its paragraphs (README, "Citing"): GB/T 7714-2015 text, BibTeX and RIS.
 * What the report does not say (who issued it, when it was delivered) is left out, never invented.
 */
import type { DocMeta, Paragraph } from '../core/types.js';

/** What a report says of itself in its first paragraphs: who issued it, when and where it was delivered. */
export interface ReportFacts {
  /** The issuing body or speaker's office (`国务院`, `呼和浩特市人民政府`, `中共中央`). */
  issuer?: string;
  /** `YYYY-MM-DD`, or `YYYY-MM` when the day is not given. */
  date?: string;
  /** The meeting it was delivered at or adopted by (`第七届全国人民代表大会第四次会议`). */
  meeting?: string;
}

/** Paragraphs read for the delivery line, the issue line and the signature. */
const HEAD = 20;
const DIGITS: Record<string, string> = { '〇': '0', '零': '0', '○': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };

/** `一九九一` → `1991`; ASCII and full-width digits stay as they are (NFKC-folded). */
function digits(s: string): string {
  return [...s.normalize('NFKC')].map((c) => DIGITS[c] ?? c).join('');
}

/** A Chinese month or day number (`三`, `十二`, `二十五`) or digits, as a number. */
function smallNumber(s: string): number {
  const t = s.normalize('NFKC');
  if (/^\d+$/.test(t)) return Number(t);
  const [tens, ones] = t.includes('十') ? t.split('十') : ['', t];
  return (t.includes('十') ? (tens ? Number(DIGITS[tens!]) : 1) * 10 : 0) + (ones ? Number(DIGITS[ones]) : 0);
}

const YEAR = '([0-9０-９]{4}|[〇零○一二三四五六七八九]{4})';
const SMALL = '([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})';
const DATE = `${YEAR}\\s*年\\s*${SMALL}\\s*月(?:\\s*${SMALL}\\s*日)?`;
// `——1991年3月25日在第七届全国人民代表大会第四次会议上`, `——1955年7月5日至6日在…`, `——2025年1月14日自治区人民政府主席王莉霞在…`:
// what stands between the date and 在 (a second day, the speaker) is skipped.
const DELIVERED = new RegExp(`${DATE}[^，。；在]{0,30}?在([^，。；在]{4,60}?(?:会议|大会|全会))上`);
// `（2021年2月5日呼和浩特市第十五届人民代表大会第五次会议通过）`
const ADOPTED = new RegExp(`${DATE}\\s*([^，。；在]{4,60}?(?:会议|大会|全会))(?:通过|批准)`);
// `国务院总理 李鹏`, `呼和浩特市人民政府市长 贺海东`: the office is the issuer (a person's name is not needed to find the
// report). It must start the line or follow a space or dash or the delivery line's `会议上`, so that `14日自治区人民政府主席` gives no `日自治区人民政府`.
const SPEAKER = /(?:^|[\s—　]|会议上)((?:国务院|[\u4e00-\u9fa5]{2,20}?人民政府))(?:代?(?:总理|省长|市长|区长|县长|旗长|盟长|主席))/;
// `中共中央关于…的建议`, `中共呼和浩特市委关于…`
const ISSUER_IN_TITLE = /^(中共中央|国务院|中共[\u4e00-\u9fa5]{2,15}?委员会|中共[\u4e00-\u9fa5]{2,12}?委)关于/;

/**
 * The facts a report gives about itself, from its title and first paragraphs.
 * @example
 * reportFacts(doc, [{ text: '——1991年3月25日在第七届全国人民代表大会第四次会议上', … }, { text: '国务院总理 李鹏', … }])
 * //=> { issuer: '国务院', date: '1991-03-25', meeting: '第七届全国人民代表大会第四次会议' }
 */
export function reportFacts(doc: Pick<DocMeta, 'title'>, paragraphs: readonly Pick<Paragraph, 'text'>[]): ReportFacts {
  const facts: ReportFacts = {};
  const titled = ISSUER_IN_TITLE.exec(doc.title.normalize('NFKC'));
  if (titled) facts.issuer = titled[1]!;
  for (const p of paragraphs.slice(0, HEAD)) {
    const text = p.text.normalize('NFKC');
    if (!facts.date) {
      const m = DELIVERED.exec(text) ?? ADOPTED.exec(text);
      if (m) {
        const month = smallNumber(m[2]!);
        const day = m[3] ? smallNumber(m[3]) : 0;
        if (month >= 1 && month <= 12 && day <= 31) {
          facts.date = `${digits(m[1]!)}-${String(month).padStart(2, '0')}${day ? `-${String(day).padStart(2, '0')}` : ''}`;
          facts.meeting = m[4]!.trim();
        }
      }
    }
    if (!facts.issuer) {
      const s = SPEAKER.exec(text);
      if (s && text.length < 80) facts.issuer = s[1]!;
    }
  }
  return facts;
}

/** Where a paragraph stands, for a reader: `二、2025年工作安排 › （一）…，第 12 段`. */
export function locator(p: Pick<Paragraph, 'n' | 'chapter' | 'section'>): string {
  const path = [p.chapter, p.section && p.section !== p.chapter ? p.section : ''].filter(Boolean).join(' › ');
  return `${path ? `${path}，` : ''}第 ${p.n} 段`;
}

/** GB/T 7714's document type: a report online, or a web page for news and anything else. */
function typeCode(doc: Pick<DocMeta, 'kind'>): 'R/OL' | 'EB/OL' {
  return doc.kind === '新闻报道' || doc.kind === '其他' || doc.kind === null ? 'EB/OL' : 'R/OL';
}

/**
 * A GB/T 7714-2015 reference to the document at `url`, accessed on `accessed` (`YYYY-MM-DD`): issuer, title, type
 * and carrier, date of delivery or issue, access date, URL. A part the report does not give is left out.
 * @example
 * gbt7714({ title: '政府工作报告', kind: '政府工作报告' }, { issuer: '国务院', date: '1991-03-25' }, 'http://x/docs/a#s-1', '2026-12-01')
 * //=> '国务院. 政府工作报告[R/OL]. (1991-03-25)[2026-12-01]. http://x/docs/a#s-1.'
 */
export function gbt7714(doc: Pick<DocMeta, 'title' | 'kind'>, facts: ReportFacts, url: string, accessed: string): string {
  const head = facts.issuer ? `${facts.issuer}. ` : '';
  return `${head}${doc.title}[${typeCode(doc)}]. ${facts.date ? `(${facts.date})` : ''}[${accessed}]. ${url}.`;
}

/**
 * A paragraph's citation: the reference to the paragraph's stable link, then where the paragraph stands in the report.
 * @example
 * paragraphCitation(doc, {}, { n: 12, chapter: '二、2025年工作安排', section: '' }, url, '2026-12-01')
 * //=> '呼和浩特市2025年政府工作报告[R/OL]. [2026-12-01]. http://…#s-0a1b2c3. 引文位置：二、2025年工作安排，第 12 段。'
 */
export function paragraphCitation(doc: Pick<DocMeta, 'title' | 'kind'>, facts: ReportFacts, p: Pick<Paragraph, 'n' | 'chapter' | 'section'>, url: string, accessed: string): string {
  return `${gbt7714(doc, facts, url, accessed)} 引文位置：${locator(p)}。`;
}

function year(doc: Pick<DocMeta, 'year'>, facts: ReportFacts): string | undefined {
  return facts.date?.slice(0, 4) ?? (doc.year !== null ? String(doc.year) : undefined);
}

/** BibTeX braces: a value with `{`, `}` or `\` escaped. */
function bib(s: string): string {
  return s.replace(/[\\{}]/g, (c) => `\\${c}`);
}

/**
 * A BibTeX entry (`@techreport` for a report, `@misc` otherwise) for reference managers; `note` holds the
 * paragraph's place when one is cited.
 */
export function bibtex(doc: DocMeta, facts: ReportFacts, url: string, accessed: string, p?: Pick<Paragraph, 'n' | 'chapter' | 'section'>): string {
  const y = year(doc, facts);
  const fields: [string, string | undefined][] = [
    ['title', doc.title],
    ['author', facts.issuer ? `{${facts.issuer}}` : undefined],
    [typeCode(doc) === 'R/OL' ? 'institution' : 'organization', facts.issuer],
    ['year', y],
    ['date', facts.date],
    ['type', doc.kind ?? undefined],
    ['howpublished', facts.meeting],
    ['url', url],
    ['urldate', accessed],
    ['note', p ? locator(p) : undefined],
    ['language', 'chinese'],
  ];
  const key = `${doc.id.replace(/[^A-Za-z0-9_-]/g, '')}${p ? `_p${p.n}` : ''}` || 'report';
  const body = fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `  ${k} = {${k === 'author' ? v! : bib(v!)}}`);
  return `@${typeCode(doc) === 'R/OL' ? 'techreport' : 'misc'}{${key},\n${body.join(',\n')}\n}\n`;
}

/** An RIS record (`RPRT` for a report, `ELEC` otherwise). */
export function ris(doc: DocMeta, facts: ReportFacts, url: string, accessed: string, p?: Pick<Paragraph, 'n' | 'chapter' | 'section'>): string {
  const y = year(doc, facts);
  const lines: [string, string | undefined][] = [
    ['TY', typeCode(doc) === 'R/OL' ? 'RPRT' : 'ELEC'],
    ['TI', doc.title],
    ['AU', facts.issuer],
    ['PY', y],
    ['DA', facts.date?.replace(/-/g, '/')],
    ['M3', doc.kind ?? undefined],
    ['CY', [doc.city, doc.district].filter(Boolean).join(' ') || undefined],
    ['N1', [facts.meeting, p ? locator(p) : undefined].filter(Boolean).join('；') || undefined],
    ['UR', url],
    ['Y2', accessed.replace(/-/g, '/')],
    ['LA', 'zh-CN'],
    ['ER', ''],
  ];
  return `${lines.filter(([k, v]) => k === 'ER' || (v !== undefined && v !== '')).map(([k, v]) => `${k}  - ${v}`.trimEnd()).join('\r\n')}\r\n`;
}
