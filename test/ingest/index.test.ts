/**
 * The entry points of ingestion (src/ingest/index.ts) over seeds in every format: listing, ids, and a build that
 * goes on past the files it cannot read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDir, listSeedFiles, seedIds } from '../../src/ingest/index.js';
import type { IngestResult } from '../../src/core/types.js';
import { FORMATS, SEED_000 } from '../helpers/formats.js';
import { SEEDS } from '../helpers/seed-docs.js';

describe('seedIds', () => {
  it('gives each file its name without the extension', () => {
    expect(seedIds(['a.txt', 'b.docx', '报告.pdf'])).toEqual(new Map([['a.txt', 'a'], ['b.docx', 'b'], ['报告.pdf', '报告']]));
  });

  it('lets the text file keep a name several formats share, and the others add their extension', () => {
    const ids = seedIds(['a.pdf', 'a.txt', 'a.docx', 'a.HTM', 'a_pdf.txt']);
    expect(ids.get('a.txt')).toBe('a');
    expect(ids.get('a.docx')).toBe('a_docx');
    expect(ids.get('a.HTM')).toBe('a_htm');
    expect(ids.get('a_pdf.txt')).toBe('a_pdf');
    expect(ids.get('a.pdf')).toBe('a_pdf_2');
    expect(new Set(ids.values()).size).toBe(5);
  });
});

describe('ingestDir over seeds in every format, some unreadable', () => {
  let dir: string;
  let result: IngestResult;
  const BAD = ['corrupt.docx', 'encrypted.pdf', 'password.docx', 'scan.pdf', 'word97-named.pdf'];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formats-'));
    fs.copyFileSync(path.join(SEEDS, `${SEED_000}.txt`), path.join(dir, `${SEED_000}.txt`));
    for (const ext of ['pdf', 'docx', 'doc', 'html']) fs.copyFileSync(path.join(FORMATS, `${SEED_000}.${ext}`), path.join(dir, `${SEED_000}.${ext}`));
    fs.copyFileSync(path.join(FORMATS, `${SEED_000}.html`), path.join(dir, 'saved.htm'));
    for (const f of BAD) fs.copyFileSync(path.join(FORMATS, f), path.join(dir, f));
    result = await ingestDir(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists every .txt, .md, .pdf, .docx, .doc, .html and .htm', () => {
    expect(listSeedFiles(dir)).toHaveLength(11);
  });

  it('indexes each readable file once, with an id of its own, and the same paragraphs in every format', () => {
    expect(result.docs.map((d) => [d.meta.id, d.meta.file])).toEqual([
      [`${SEED_000}_doc`, `${SEED_000}.doc`],
      [`${SEED_000}_docx`, `${SEED_000}.docx`],
      [`${SEED_000}_html`, `${SEED_000}.html`],
      [`${SEED_000}_pdf`, `${SEED_000}.pdf`],
      [SEED_000, `${SEED_000}.txt`],
      ['saved', 'saved.htm'],
    ]);
    const text = result.docs.find((d) => d.meta.id === SEED_000)!.paragraphs.map((p) => p.text);
    for (const f of ['doc', 'docx', 'html']) expect(result.docs.find((d) => d.meta.id === `${SEED_000}_${f}`)!.paragraphs.map((p) => p.text)).toEqual(text);
  });

  it('skips each unreadable file with one warning naming it, and nothing else', () => {
    expect(result.warnings.filter((w) => w.skipped).map((w) => w.file).sort()).toEqual(BAD);
    // Besides the skips: seed 000 has no title line, so its city is a guess from the body in every format; and its
    // copies in the other formats are the same report as the .txt, marked duplicateOf it.
    for (const w of result.warnings.filter((x) => !x.skipped)) {
      expect(w.reason).toMatch(/city 呼和浩特 is a guess from the body|the same report as 000_cacabed7aa6ec20d\.txt; marked duplicateOf 000_cacabed7aa6ec20d and counted once/);
    }
    for (const w of result.warnings.filter((x) => x.skipped)) expect(w.reason.startsWith(`${w.file}: skipped, `)).toBe(true);
  });
});
