import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SEEDS } from '../helpers/seed-docs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-cli-'));
const index = path.join(tmp, 'index');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI as a user would, without a terminal (no colour, no progress bar). */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run index', () => {
  let built: ReturnType<typeof cli>;
  beforeAll(() => {
    built = cli('index', '--seeds', SEEDS, '--out', index);
  });

  it('builds the index and prints documents, paragraphs and warnings', () => {
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/documents:\s+5\n/);
    expect(built.stdout).toMatch(/paragraphs:\s+\d{3,}\n/);
    // 004 repeats a stretch of its own text: the one warning, naming the file.
    expect(built.stdout).toMatch(/warnings:\s+1\n {2}- 004_5b71bd7820752359\.txt: 3 paragraphs repeating earlier text/);
    expect(fs.existsSync(path.join(index, 'CURRENT'))).toBe(true);
  });

  it('names each skipped file and why in the summary', () => {
    const seeds = path.join(tmp, 'odd-seeds');
    fs.mkdirSync(seeds);
    fs.copyFileSync(path.join(SEEDS, '000_cacabed7aa6ec20d.txt'), path.join(seeds, '000_cacabed7aa6ec20d.txt'));
    fs.writeFileSync(path.join(seeds, 'empty.txt'), '');
    const r = cli('index', '--seeds', seeds, '--out', path.join(tmp, 'odd-index'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/documents:\s+1\n/);
    expect(r.stdout).toMatch(/- \[skipped\] empty\.txt/);
  });

  it('lets two builds of one index run at once without corrupting it', async () => {
    const { spawn } = await import('node:child_process');
    const out = path.join(tmp, 'raced');
    const run = (): Promise<number | null> =>
      new Promise((resolve) => {
        const p = spawn(process.execPath, ['dist/cli.js', 'index', '--seeds', SEEDS, '--out', out], { cwd: ROOT, stdio: 'ignore' });
        p.on('exit', resolve);
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(fs.existsSync(path.join(out, 'build.lock'))).toBe(false);
    const again = cli('search', '引黄入呼', '--mentions', '--json', '--index', out, '--seeds', SEEDS);
    expect(again.stderr).not.toMatch(/rebuilding/);
    expect(JSON.parse(again.stdout).totalOccurrences).toBe(3);
  });

  it('prints what ingestion made of one file with --inspect', () => {
    const r = cli('index', '--inspect', path.join(SEEDS, '003_acf836d61063524f.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('新城区');
  });

  it('inspects a PDF, a Word file and a web page alike, and says which format it read', () => {
    for (const [file, label] of [['000_cacabed7aa6ec20d.pdf', 'PDF'], ['003-plan.docx', 'Word（DOCX）'], ['000_cacabed7aa6ec20d.html', '网页（HTML）']]) {
      const r = cli('index', '--inspect', path.join(ROOT, 'test/fixtures/formats', file));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`format:     ${label}`);
      expect(r.stdout).toMatch(/^paragraphs: \d+$/m);
    }
    const scan = cli('index', '--inspect', path.join(ROOT, 'test/fixtures/formats/scan.pdf'));
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/^warning: scan\.pdf: skipped, no text layer .*needs OCR/m);
  });
});

describe('npm run search', () => {
  it('prints ranked hits with their documents', () => {
    const r = cli('search', '盛乐国际机场', '--index', index, '--seeds', SEEDS);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 条结果/);
    expect(r.stdout).toContain('/docs/');
    expect(r.stdout).not.toContain('<mark>');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('prints every mention with --mentions, and JSON with --json', () => {
    const text = cli('search', '引黄入呼', '--mentions', '--index', index, '--seeds', SEEDS);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^引黄入呼: 3 次/);
    expect(text.stdout.match(/【引黄入呼】/g)).toHaveLength(3);
    const json = cli('search', '引黄入呼', '--mentions', '--json', '--year', '2025', '--index', index, '--seeds', SEEDS);
    expect(JSON.parse(json.stdout).totalOccurrences).toBe(2);
  });

  it('applies the filters', () => {
    const r = cli('search', '马铃薯', '--city', '乌兰察布', '--kind', '政府工作报告', '--json', '--index', index, '--seeds', SEEDS);
    const body = JSON.parse(r.stdout);
    expect(body.total).toBeGreaterThan(0);
    expect(body.hits.every((h: { city: string }) => h.city === '乌兰察布')).toBe(true);
  });

  it('sorts by year and groups by document as the API does', () => {
    const years = (sort: string): number[] => {
      const r = cli('search', '新质生产力', '--sort', sort, '--json', '--index', index, '--seeds', SEEDS);
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout).hits as { year: number }[]).map((h) => h.year);
    };
    const newest = years('newest');
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    const oldest = years('oldest');
    expect(oldest).toEqual([...oldest].sort((a, b) => a - b));
    const grouped = JSON.parse(cli('search', '新质生产力', '--group', 'doc', '--json', '--index', index, '--seeds', SEEDS).stdout);
    const ids = (grouped.hits as { docId: string }[]).map((h) => h.docId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(grouped.hits.some((h: { more?: number }) => (h.more ?? 0) > 0)).toBe(true);
    expect(cli('search', '新质生产力', '--group', 'doc', '--index', index, '--seeds', SEEDS).stdout).toMatch(/本文另有 \d+ 处/);
  });

  it.each([
    [['search', '马铃薯', '--sort', 'random'], /--sort must be one of/],
    [['search', '马铃薯', '--mentions', '--group', 'doc'], /--group goes with ranked search/],
    [['search', '马铃薯', '--bogus'], /unknown flag --bogus/],
    [['search', '马铃薯', '--year', 'soon'], /--year must be a 4-digit year/],
    [['search', '马铃薯', '--kind', '小说'], /--kind must be one of/],
    [['search', '马铃薯', '--size', '500'], /--size must be an integer from 1 to 100/],
    [['search', '马铃薯', '--city'], /--city needs a value/],
    [['search'], /a query is needed/],
    [['frobnicate'], /unknown command/],
  ])('refuses %j with one line and exit code 2', (args, message) => {
    const r = cli(...args, '--index', index, '--seeds', SEEDS);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
