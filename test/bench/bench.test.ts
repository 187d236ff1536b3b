import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countOccurrences, parseScanQuery, scanMentions, scanSearch } from '../../bench/brute.js';
import { lineChart } from '../../bench/chart.js';
import { copyName, deriveCatalog, makeCorpus, withMarker } from '../../bench/corpus.js';
import { parseBenchArgs } from '../../bench/options.js';
import { table } from '../../bench/report.js';
import { percentile, summarize, timeCalls } from '../../bench/stats.js';

const same = (s: string) => s;

describe('countOccurrences', () => {
  it('counts left to right without overlap, as SPEC §3 counts mentions', () => {
    expect(countOccurrences('aaaa', 'aa')).toBe(2);
    expect(countOccurrences('引黄入呼三期，引黄入呼', '引黄入呼')).toBe(2);
    expect(countOccurrences('北京大学', '北京大学城')).toBe(0);
    expect(countOccurrences('abc', '')).toBe(0);
  });

  it('agrees with splitting the text on the needle', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '乳', '业') }), fc.string({ unit: fc.constantFrom('a', 'b', '乳', '业'), minLength: 1, maxLength: 3 }), (text, needle) => {
        expect(countOccurrences(text, needle)).toBe(text.split(needle).length - 1);
      }),
    );
  });
});

describe('scanMentions', () => {
  it('counts paragraphs and occurrences of the normalised query', () => {
    expect(scanMentions(['乳业乳业', '奶业', '乳业'], ' 乳 业', (s) => s.replace(/\s/g, ''))).toEqual({ paragraphs: 2, occurrences: 3 });
  });
});

describe('parseScanQuery and scanSearch', () => {
  it('reads phrases, exclusions and OR into substrings', () => {
    expect(parseScanQuery('马铃薯 OR 燕麦 -"光伏产业"', same)).toEqual({ groups: [['马铃薯', '燕麦']], exclude: ['光伏产业'] });
    expect(parseScanQuery('乳业 | 奶业 盛乐', same)).toEqual({ groups: [['乳业', '奶业'], ['盛乐']], exclude: [] });
  });

  it('keeps paragraphs holding every group and no exclusion', () => {
    const paras = ['马铃薯和光伏', '燕麦', '光伏产业和马铃薯', '小麦'];
    expect(scanSearch(paras, parseScanQuery('马铃薯 OR 燕麦 -"光伏产业"', same))).toBe(2);
  });
});

describe('percentile and summarize', () => {
  it('uses the nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(summarize([1, 2, 3, 4])).toMatchObject({ n: 4, p50: 2, p95: 4, mean: 2.5, max: 4 });
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('stops timing at the time budget once it has the minimum of runs', () => {
    const { samples } = timeCalls(() => {
      const end = performance.now() + 3;
      while (performance.now() < end);
    }, { warmup: 0, reps: 1000, budgetMs: 10, minReps: 2 });
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.length).toBeLessThan(10);
  });
});

describe('makeCorpus', () => {
  it('writes K distinct copies of each seed with a catalog entry per copy', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-corpus-test-'));
    try {
      const seeds = path.join(dir, 'seeds');
      fs.mkdirSync(seeds);
      fs.writeFileSync(path.join(seeds, 'a.txt'), '一、总体要求\n发展');
      fs.writeFileSync(path.join(seeds, 'b.md'), '# 报告');
      fs.writeFileSync(path.join(seeds, 'notes.json'), '{}');
      fs.writeFileSync(path.join(seeds, 'catalog.json'), JSON.stringify({ 'a.txt': { year: 2025, city: '呼和浩特' }, b: { kind: '其他' } }));
      const out = path.join(dir, 'out');
      const corpus = await makeCorpus({ seeds, k: 3, dir: out, varyYear: true });
      expect(corpus.files).toBe(6);
      expect(corpus.bytes).toBe(3 * (Buffer.byteLength('一、总体要求\n发展') + Buffer.byteLength('# 报告')) + 4 * '\n\n[c001]\n'.length);
      expect(fs.readFileSync(path.join(out, 'c000_a.txt'), 'utf8')).toBe('一、总体要求\n发展');
      expect(fs.readFileSync(path.join(out, 'c002_a.txt'), 'utf8')).toBe('一、总体要求\n发展\n\n[c002]\n');
      expect(fs.readdirSync(out).sort()).toEqual(['c000_a.txt', 'c000_b.md', 'c001_a.txt', 'c001_b.md', 'c002_a.txt', 'c002_b.md', 'catalog.json']);
      const catalog = JSON.parse(fs.readFileSync(path.join(out, 'catalog.json'), 'utf8')) as Record<string, { year?: number }>;
      expect(catalog['c002_a.txt']).toEqual({ year: 2023, city: '呼和浩特' });
      expect(catalog['c001_b']).toEqual({ kind: '其他' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks a copy in the file\'s own encoding', () => {
    expect(withMarker(Buffer.from('发展'), 'c001').toString('utf8')).toBe('发展\n\n[c001]\n');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('发展', 'utf16le')]);
    expect(withMarker(le, 'c001').subarray(2).toString('utf16le')).toBe('发展\n\n[c001]\n');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('发展', 'utf16le').swap16()]);
    expect(Buffer.from(withMarker(be, 'c001').subarray(2)).swap16().toString('utf16le')).toBe('发展\n\n[c001]\n');
  });

  it('names a copy by its number and the seed file', () => {
    expect(copyName(7, '000_x.txt')).toBe('c007_000_x.txt');
    expect(deriveCatalog([{ file: 'a.txt' }], ['a.txt'], 2, false)).toEqual([{ file: 'c000_a.txt' }, { file: 'c001_a.txt' }]);
  });
});

describe('lineChart', () => {
  it('draws every series with its name escaped', () => {
    const svg = lineChart({
      title: 'p50 <ms>',
      xLabel: 'MB',
      yLabel: 'ms',
      series: [{ name: 'mentions & co', points: [{ x: 0.3, y: 0.2 }, { x: 27, y: 3 }] }, { name: 'scan', points: [{ x: 27, y: 40 }], dashed: true }],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('mentions &#38; co');
    expect(svg).toContain('p50 &#60;ms&#62;');
    expect(svg.match(/<circle/g)).toHaveLength(3);
  });
});

describe('table', () => {
  it('pads columns to the same display width, CJK counting double', () => {
    const lines = table(['q', 'ms'], [['乳业', '1'], ['abcd', '10']]).split('\n');
    expect(new Set(lines.map((l) => l.replace(/[\u4e00-\u9fff]/g, 'xx').length)).size).toBe(1);
  });
});

describe('parseBenchArgs', () => {
  it('defaults to K=100 with the scale curve 1, 10, 100, and --quick to K=1 and 5', () => {
    expect(parseBenchArgs([])).toMatchObject({ k: 100, ks: [1, 10, 100], durationS: 10, connections: 32, corpus: null, big: false });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ k: 5, ks: [1, 5], durationS: 3 });
    expect(parseBenchArgs(['--k', '20']).ks).toEqual([1, 10, 20]);
  });

  it('goes on to K=1000 only with --big, and takes a real-world corpus folder with --corpus', () => {
    expect(parseBenchArgs(['--big'])).toMatchObject({ k: 100, ks: [1, 10, 100, 1000], big: true });
    expect(parseBenchArgs(['--corpus', '/work/corpus']).corpus).toBe('/work/corpus');
  });

  it('rejects a K that is not a whole number', () => {
    expect(() => parseBenchArgs(['--k', '0'])).toThrow(/--k must be a whole number/);
    expect(() => parseBenchArgs(['--skip', 'build'])).toThrow(/--skip/);
  });
});
