import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/core/paths.js';
import { FORMAT_SOURCES, formatStamp } from '../../src/store/stamp.js';

describe('formatStamp', () => {
  it('hashes source files that all exist, so moving one cannot silently stop forcing a rebuild', () => {
    expect(FORMAT_SOURCES.length).toBeGreaterThanOrEqual(7);
    for (const f of FORMAT_SOURCES) expect(fs.existsSync(path.join(ROOT, f)), f).toBe(true);
  });

  it('covers every ingestion stage, and the extractor of every format', () => {
    const stages = fs.readdirSync(path.join(ROOT, 'src', 'ingest')).filter((f) => f.endsWith('.ts') && f !== 'inspect.ts');
    for (const f of stages) expect(FORMAT_SOURCES, f).toContain(`src/ingest/${f}`);
    const formats = fs.readdirSync(path.join(ROOT, 'src', 'ingest', 'formats')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(formats.length).toBeGreaterThanOrEqual(10);
    for (const f of formats) expect(FORMAT_SOURCES, f).toContain(`src/ingest/formats/${f}`);
  });

  it('names the format, the segmenter and the sources', () => {
    expect(formatStamp()).toMatch(/^policy-search-index\/\d+\/seg-[0-9a-f]{16}\/ingest-[0-9a-f]{12}$/);
  });
});
