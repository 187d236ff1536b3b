/**
 * The numbering Word generates (`一、` `（一）` `1.` before a heading or a list item) is no text in a .docx: the
 * paragraph points at a list definition in `word/numbering.xml`, and Word counts when it shows the page. A report's
 * outline and its searchable headings need that text, so it is counted here the way Word counts and written into
 * each numbered paragraph as its first run, before mammoth reads the document. Bullets stay as they are.
 */
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import type JSZip from 'jszip';

// xmldom implements the DOM interfaces of the standard library.
type Doc = Document;
type El = Element;

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** Parses an XML part of the package. */
export function readXml(xml: string): Doc {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

interface LevelDef {
  fmt: string;
  text: string;
  start: number;
  legal: boolean;
  /** What follows the number: a tab (Word's default), a space, or nothing. */
  suffix: string;
}

interface NumDef {
  abstractId: string;
  /** Levels restarted at a given value the first time this instance is used (`w:startOverride`). */
  starts: Map<number, number>;
}

const val = (el: El | undefined | null, tag: string): string | undefined => {
  const child = el ? (el.getElementsByTagName(tag)[0] as El | undefined) : undefined;
  return child?.getAttribute('w:val') ?? undefined;
};

const children = (el: El, tag: string): El[] => {
  const out: El[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && (c as El).tagName === tag) out.push(c as El);
  return out;
};

const CN_DIGITS = '零一二三四五六七八九';

/** `chineseCounting`: 1 → 一, 10 → 十, 21 → 二十一, 110 → 一百一十. */
function chineseCounting(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    const tail = rest === 0 ? '' : rest < 10 ? `零${CN_DIGITS[rest]}` : rest < 20 ? `一${chineseCounting(rest)}` : chineseCounting(rest);
    return `${CN_DIGITS[Math.floor(n / 100)]}百${tail}`;
  }
  return String(n);
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

const fromList = (list: string, n: number): string => (n >= 1 && n <= [...list].length ? [...list][n - 1]! : String(n));

/** A counter in one of Word's number formats (`w:numFmt`); formats not known here are written as digits. */
function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'japaneseCounting':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
      return [...chineseCounting(n)].map((c) => '零壹贰叁肆伍陆柒捌玖'[CN_DIGITS.indexOf(c)] ?? (c === '十' ? '拾' : c === '百' ? '佰' : c)).join('');
    case 'ideographTraditional':
      return fromList('甲乙丙丁戊己庚辛壬癸', n);
    case 'ideographZodiac':
      return fromList('子丑寅卯辰巳午未申酉戌亥', n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return fromList('①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳', n);
    case 'decimalEnclosedParen':
      return fromList('⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇', n);
    case 'decimalEnclosedFullstop':
      return fromList('⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛', n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'lowerLetter':
    case 'upperLetter': {
      const s = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return fmt === 'upperLetter' ? s.toUpperCase() : s;
    }
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    default:
      return String(n);
  }
}

/** The list definitions of `word/numbering.xml`: levels by abstract list, and the instances paragraphs point at. */
function readDefinitions(numbering: Doc): { abstracts: Map<string, Map<number, LevelDef>>; nums: Map<string, NumDef> } {
  const abstracts = new Map<string, Map<number, LevelDef>>();
  for (const a of Array.from(numbering.getElementsByTagName('w:abstractNum')) as El[]) {
    const levels = new Map<number, LevelDef>();
    for (const l of children(a, 'w:lvl')) {
      levels.set(Number(l.getAttribute('w:ilvl') ?? 0), {
        fmt: val(l, 'w:numFmt') ?? 'decimal',
        text: val(l, 'w:lvlText') ?? '',
        start: Number(val(l, 'w:start') ?? 1),
        legal: l.getElementsByTagName('w:isLgl').length > 0,
        suffix: val(l, 'w:suff') ?? 'tab',
      });
    }
    abstracts.set(a.getAttribute('w:abstractNumId') ?? '', levels);
  }
  const nums = new Map<string, NumDef>();
  for (const n of Array.from(numbering.getElementsByTagName('w:num')) as El[]) {
    const starts = new Map<number, number>();
    for (const o of children(n, 'w:lvlOverride')) {
      const s = val(o, 'w:startOverride');
      if (s !== undefined) starts.set(Number(o.getAttribute('w:ilvl') ?? 0), Number(s));
    }
    nums.set(n.getAttribute('w:numId') ?? '', { abstractId: val(n, 'w:abstractNumId') ?? '', starts });
  }
  return { abstracts, nums };
}

/** The numbering paragraph styles carry (a heading style linked to a list), following `w:basedOn`. */
function styleNumbering(styles: Doc | null): (styleId: string) => { numId: string; ilvl: number } | null {
  const byId = new Map<string, El>();
  if (styles) for (const s of Array.from(styles.getElementsByTagName('w:style')) as El[]) byId.set(s.getAttribute('w:styleId') ?? '', s);
  const find = (id: string, depth: number): { numId: string; ilvl: number } | null => {
    const s = byId.get(id);
    if (!s || depth > 10) return null;
    const pPr = children(s, 'w:pPr')[0];
    const numPr = pPr ? children(pPr, 'w:numPr')[0] : undefined;
    const numId = val(numPr, 'w:numId');
    if (numId !== undefined) return { numId, ilvl: Number(val(numPr, 'w:ilvl') ?? val(pPr, 'w:outlineLvl') ?? 0) };
    const base = val(s, 'w:basedOn');
    return base ? find(base, depth + 1) : null;
  };
  return (id) => find(id, 0);
}

/**
 * Writes the numbers Word would show into the numbered paragraphs of `word/document.xml`, and takes their list
 * membership away so the number is not counted twice.
 *
 * @param zip - the .docx package, changed in place.
 * @returns whether the document changed (it had numbered paragraphs other than bullets).
 */
export async function numberParagraphs(zip: JSZip): Promise<boolean> {
  const numberingXml = await zip.file('word/numbering.xml')?.async('string');
  const documentXml = await zip.file('word/document.xml')?.async('string');
  if (!numberingXml || !documentXml) return false;
  const stylesXml = await zip.file('word/styles.xml')?.async('string');
  // Most reports number nothing: no paragraph and no style points at a list, and the document is not parsed twice.
  if (!documentXml.includes('<w:numPr') && !stylesXml?.includes('<w:numPr')) return false;
  const { abstracts, nums } = readDefinitions(readXml(numberingXml));
  const fromStyle = styleNumbering(stylesXml ? readXml(stylesXml) : null);
  const doc = readXml(documentXml);
  // Word counts per abstract list: instances of one list go on counting unless one restarts a level.
  const counters = new Map<string, (number | undefined)[]>();
  const restarted = new Set<string>();
  let changed = false;
  for (const p of Array.from(doc.getElementsByTagName('w:p')) as El[]) {
    let pPr = children(p, 'w:pPr')[0];
    const own = pPr ? children(pPr, 'w:numPr')[0] : undefined;
    const styleId = val(pPr, 'w:pStyle');
    let ref: { numId: string; ilvl: number } | null = null;
    const ownNumId = val(own, 'w:numId');
    if (ownNumId !== undefined) ref = { numId: ownNumId, ilvl: Number(val(own, 'w:ilvl') ?? 0) };
    else if (styleId) ref = fromStyle(styleId);
    if (!ref || ref.numId === '0') continue;
    const num = nums.get(ref.numId);
    const levels = num ? abstracts.get(num.abstractId) : undefined;
    const level = levels?.get(ref.ilvl);
    if (!num || !levels || !level || level.fmt === 'bullet' || level.fmt === 'none') continue;

    const count = counters.get(num.abstractId) ?? [];
    counters.set(num.abstractId, count);
    const restart = `${ref.numId}/${ref.ilvl}`;
    if (num.starts.has(ref.ilvl) && !restarted.has(restart)) {
      restarted.add(restart);
      count[ref.ilvl] = num.starts.get(ref.ilvl)!;
    } else {
      count[ref.ilvl] = count[ref.ilvl] === undefined ? level.start : count[ref.ilvl]! + 1;
    }
    for (let k = ref.ilvl + 1; k < count.length; k++) count[k] = undefined;
    const label = level.text.replace(/%(\d)/g, (_, d: string) => {
      const k = Number(d) - 1;
      const def = levels.get(k);
      const n = count[k] ?? def?.start ?? 1;
      return formatNumber(n, level.legal && k < ref!.ilvl ? 'decimal' : (def?.fmt ?? 'decimal'));
    });
    if (label.trim() === '') continue;
    // `一、` and `（一）` need no space before the heading text; `1.` and `A` take one.
    const spaced = level.suffix !== 'nothing' && !/[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20）]$/.test(label);

    const run = doc.createElementNS(W, 'w:r');
    const t = doc.createElementNS(W, 'w:t');
    t.setAttribute('xml:space', 'preserve');
    t.appendChild(doc.createTextNode(spaced ? `${label} ` : label));
    run.appendChild(t);
    if (!pPr) {
      pPr = doc.createElementNS(W, 'w:pPr');
      p.insertBefore(pPr, p.firstChild);
    }
    p.insertBefore(run, pPr.nextSibling);
    // numId 0 means "not in a list": the paragraph keeps its style, and mammoth makes no list item of it.
    for (const old of children(pPr, 'w:numPr')) pPr.removeChild(old);
    const none = doc.createElementNS(W, 'w:numPr');
    for (const [tag, v] of [['w:ilvl', '0'], ['w:numId', '0']] as const) {
      const e = doc.createElementNS(W, tag);
      e.setAttribute('w:val', v);
      none.appendChild(e);
    }
    pPr.appendChild(none);
    changed = true;
  }
  if (changed) zip.file('word/document.xml', new XMLSerializer().serializeToString(doc));
  return changed;
}
