/**
 * The format stamp: what an index on disk must carry to be loaded by this version of the code.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from '../core/paths.js';
import { INGEST_PACKAGES, INGEST_SOURCES } from '../ingest/index.js';
import { RANK_SOURCES } from '../index/rank-options.js';
import { TEXT_SOURCES } from '../text/normalize.js';
import { segmenterId } from '../text/segment.js';

/**
 * Bump when the layout or a file format of a generation changes (`codec.ts`, `generations.ts`). (2: ranked search in MiniSearch's `rank.json`; 3: the same
 * serialisation one entry per line, `rank.ndjson`; 4: mention lists as varint gaps; 5: paragraph texts and normalised texts in `texts.bin`.)
 */
export const FORMAT_VERSION = 5;
export const FORMAT_NAME = 'policy-search-index';

/**
 * The source files whose code decides what an index holds, relative to the root, as the modules that own them
 * list them: ingestion (what paragraphs and metadata a file gives), normalisation, and the ranked index's options.
 * Segmentation is stamped on its own (`segmenterId`). A test checks that every listed file exists.
 */
export const FORMAT_SOURCES: readonly string[] = [...TEXT_SOURCES, ...RANK_SOURCES, ...INGEST_SOURCES];

let codeHash: string | undefined;

/**
 * The stamp an index must carry to be loaded: the file format, the segmenter (rules, user dictionary, jieba
 * version), the sources of ingestion, normalisation and the index options ({@link FORMAT_SOURCES}), and the
 * versions of MiniSearch and of the libraries that extract PDF, Word and web pages, so that a change to any of them
 * forces a rebuild.
 */
export function formatStamp(): string {
  if (codeHash === undefined) {
    const h = createHash('sha256');
    // The TypeScript sources, whether this module runs compiled or under the test runner: the same stamp either way.
    for (const f of FORMAT_SOURCES) {
      try {
        h.update(f).update(fs.readFileSync(path.join(ROOT, f)));
      } catch {
        h.update(`${f}:missing`);
      }
    }
    for (const pkg of ['minisearch', ...INGEST_PACKAGES]) h.update(`${pkg}:${packageVersion(pkg)}`);
    codeHash = h.digest('hex').slice(0, 12);
  }
  return `${FORMAT_NAME}/${FORMAT_VERSION}/seg-${segmenterId()}/ingest-${codeHash}`;
}

/** An installed package's version (found above its entry point: not every package exports its package.json). */
function packageVersion(name: string): string {
  try {
    const entry = createRequire(import.meta.url).resolve(name);
    let dir = path.dirname(entry);
    const isRoot = (d: string): boolean =>
      fs.existsSync(path.join(d, 'package.json')) && (JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: string }).name === name;
    while (!isRoot(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
