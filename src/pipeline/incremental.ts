/**
 * The incremental build: reports only added to a loaded generation are indexed after it, and a new generation saved.
 */
import fsp from 'node:fs/promises';
import type { IngestedDoc, IngestResult } from '../core/types.js';
import { CATALOG_FILE, catalogEntries, ingestDir, markDuplicates, readSeedsCatalog, type Catalog } from '../ingest/index.js';
import { flatten, type CorpusIndex } from '../index/corpus.js';
import { SearchEngine } from '../search/engine.js';
import type { SeedEntry } from '../store/fingerprint.js';
import { saveGeneration, tidy, type Manifest } from '../store/generations.js';
import { Lexicon, learnTerms } from '../text/lexicon.js';
import { norm } from '../text/normalize.js';
import { segmentMany } from '../text/segment.js';
import { startRun, type BuildOptions, type BuildResult } from './options.js';
import { cacheFile, cacheKey, readCache, segcacheDir, writeJoined } from './segcache.js';
import { logWarnings } from './warnings.js';

/**
 * Adds reports to a loaded generation instead of rebuilding it, when reports were only added (see
 * `addedReports` in `store/fingerprint.ts`): only the new reports are ingested into the index, segmented (or taken from the cache) and
 * added to the loaded MiniSearch, their pids after the existing ones; the mention lists are rebuilt (cheap) and a new
 * generation is saved atomically, as a build does.
 *
 * The documents keep their order and the new ones come after them (a full build orders all by file name), so
 * paragraphs with equal scores may rank in another order than after a full build; answers are otherwise the same.
 *
 * When `catalog.json` changed with them, the old reports whose entry in it changed (all of them, for a generation that
 * did not keep the entries, or when it cannot be read) are ingested again too, and must come out as they were.
 *
 * Terms the new reports quote join the corpus lexicon; the old paragraphs holding one are re-indexed with it (found
 * by the mention lists, tokens from the segmentation cache), as a full build would tokenise them.
 *
 * @returns null, having logged why, when the change is not one an incremental build reproduces exactly: an old
 *   report's metadata changed (with `catalog.json`), a new report repeats an id, or an old report that needs
 *   re-indexing is not in the segmentation cache.
 */
export async function addLocked(
  opts: BuildOptions & { fingerprint: SeedEntry[] },
  base: { index: CorpusIndex; manifest: Manifest; added: string[] },
): Promise<BuildResult | null> {
  const run = startRun(opts);
  const old = base.index;
  const no = (why: string): null => {
    run.log(`index: not incremental (${why})`);
    return null;
  };

  // With catalog.json unchanged, the old reports (unchanged too) would ingest exactly as they did: only the new ones
  // are read, and the old warnings kept. With it changed, so would those whose catalog entry is what it was when they
  // were indexed: the others are read again too, and must come out as they were (checked below). When the entries
  // they were indexed with are unknown (a generation made before they were kept) or catalog.json cannot be read, all
  // are read again.
  const catalogEntry = (seeds: readonly SeedEntry[]): string => JSON.stringify(seeds.find((e) => e.file === CATALOG_FILE) ?? null);
  const stored = base.manifest.catalogEntries;
  // The old reports whose document is kept as it is.
  const reused = new Set<string>();
  const { docs: ingested, warnings, catalog } = await run.step('ingest', async (): Promise<IngestResult & { catalog: Catalog }> => {
    let catalog: Catalog | undefined;
    let again: string[] = [];
    if (catalogEntry(base.manifest.seeds ?? []) !== catalogEntry(opts.fingerprint)) {
      try {
        catalog = readSeedsCatalog(opts.seeds);
      } catch {
        catalog = undefined;
      }
      if (!stored || !catalog) return ingestDir(opts.seeds);
      const now = catalogEntries(catalog, old.docs.map((m) => m.file));
      again = old.docs.map((m) => m.file).filter((f) => stored[f] !== now[f]);
    }
    const fresh = await ingestDir(opts.seeds, { only: new Set([...base.added, ...again]), ...(catalog ? { catalog } : {}) });
    const freshByFile = new Map(fresh.docs.map((d) => [d.meta.file, d]));
    const redone = new Set(again);
    const docs: IngestedDoc[] = [];
    old.docs.forEach((meta, i) => {
      if (!redone.has(meta.file)) {
        reused.add(meta.file);
        docs.push({ meta, paragraphs: old.docParagraphs[i]! });
      } else if (freshByFile.has(meta.file)) docs.push(freshByFile.get(meta.file)!);
    });
    docs.push(...fresh.docs.filter((d) => !redone.has(d.meta.file)));
    // The new reports, and the old ones read again, are compared with the others (which were compared among
    // themselves when they were built).
    const duplicates = markDuplicates(docs);
    // The old reports' own warnings, kept for those not read again; the catalog's and the listing's (entries skipped) come fresh.
    const oldSeeds = new Set((base.manifest.seeds ?? []).map((e) => e.file));
    const kept = (base.manifest.warnings ?? []).filter((w) => oldSeeds.has(w.file) && w.file !== CATALOG_FILE && !redone.has(w.file));
    return {
      docs,
      warnings: [...kept, ...fresh.warnings, ...duplicates],
      catalog: fresh.catalog,
    };
  });
  const byFile = new Map(ingested.map((d) => [d.meta.file, d]));
  // The old documents must ingest as they did (catalog.json may have changed with the added reports).
  for (const meta of old.docs) {
    const d = byFile.get(meta.file);
    if (!d) return no(`${meta.file} is no longer indexed`);
    if (JSON.stringify(d.meta) !== JSON.stringify(meta)) return no(`the metadata of ${meta.file} changed`);
  }
  const oldFiles = new Set(old.docs.map((m) => m.file));
  const added = ingested.filter((d) => !oldFiles.has(d.meta.file));
  const ids = new Set(old.docs.map((m) => m.id));
  for (const d of added) {
    if (ids.has(d.meta.id)) return no(`duplicate document id ${d.meta.id}`);
    ids.add(d.meta.id);
  }
  const newNorms = added.map((d) => d.paragraphs.map((p) => norm(p.text)));
  // Terms the new reports quote join the corpus lexicon: the old paragraphs holding one get its token too, as in a
  // full build (re-indexed from their cached segmentation).
  const newTerms = learnTerms(newNorms.flat()).filter((t) => !old.lexicon.terms.has(t));
  const lexicon = newTerms.length > 0 ? new Lexicon([...old.lexicon.terms, ...newTerms]) : old.lexicon;
  const touched = new Map<number, number[]>();
  for (const t of newTerms) {
    for (const pid of old.mentionIndex.containing(t, old.norms)) {
      const di = old.paraDoc[pid]!;
      let list = touched.get(di);
      if (!list) touched.set(di, (list = []));
      list.push(pid);
    }
  }
  const cacheDir = segcacheDir(opts.out);
  const redo: { pid: number; before: string[]; after: string[] }[] = [];
  for (const [di, pids] of touched) {
    const first = old.paraDoc.indexOf(di);
    const count = old.docParagraphs[di]!.length;
    const docNorms = old.norms.slice(first, first + count);
    const base = await readCache(cacheFile(cacheDir, cacheKey(docNorms)), count);
    if (!base) return no(`the segmentation of ${old.docs[di]!.file} is not cached`);
    for (const pid of new Set(pids)) {
      const n = old.norms[pid]!;
      const b = base[pid - first]!;
      const before = b.concat(old.lexicon.overlay(n, b));
      const after = b.concat(lexicon.overlay(n, b));
      if (before.join(' ') !== after.join(' ')) redo.push({ pid, before, after });
    }
  }

  // Segmentation of the new reports only, from the cache when it has them.
  await fsp.mkdir(cacheDir, { recursive: true });
  const keys = newNorms.map(cacheKey);
  const tokens = await Promise.all(keys.map((k, i) => readCache(cacheFile(cacheDir, k), newNorms[i]!.length)));
  let segmented = 0;
  run.progress('segment', 0, added.length);
  for (let i = 0; i < added.length; i++) {
    if (!tokens[i]) {
      const same = keys.indexOf(keys[i]!);
      if (same < i) tokens[i] = tokens[same]!;
      else {
        tokens[i] = segmentMany(newNorms[i]!);
        segmented++;
        writeJoined(cacheFile(cacheDir, keys[i]!), tokens[i]!.map((t) => t.join(' ')));
      }
    }
    run.progress('segment', i + 1, added.length);
    await new Promise<void>((r) => setImmediate(r));
  }
  run.lap('segment');

  const docs = [...old.docs.map((m) => byFile.get(m.file)!), ...added];
  const rank = old.rank;
  const index = await run.step('index', (): CorpusIndex => {
    const flat = flatten(docs, old.norms.concat(newNorms.flat()));
    for (const r of redo) rank.replace(r.pid, r.before, r.after);
    rank.append(newNorms.flatMap((ns, i) => ns.map((n, j) => {
      const t = tokens[i]![j]!;
      return t.concat(lexicon.overlay(n, t));
    })));
    return { ...flat, lexicon, rank, mentionIndex: old.mentionIndex.append(newNorms.flat(), old.norms.length) };
  });

  await run.step('save', async () => {
    let gen: string;
    try {
      // The catalog entry each document was indexed with: the old one for a document kept, the one applied now for the others.
      const now = catalogEntries(catalog, docs.map((d) => d.meta.file));
      const entries = stored ? Object.fromEntries(docs.flatMap((d) => {
        const f = d.meta.file;
        const e = reused.has(f) ? stored[f] : now[f];
        return e === undefined ? [] : [[f, e]];
      })) : now;
      gen = await saveGeneration(opts.out, index, opts.fingerprint, warnings, entries);
    } finally {
      rank.releaseSaved();
    }
    await tidy(opts.out, gen);
  });
  logWarnings(run.log, warnings);
  const ms = run.summary(`index: incremental: ${added.length} new report(s), ${newNorms.flat().length} paragraphs added to ${old.docs.length} documents`,
    `${segmented} segmented, ${old.docs.length - reused.size} old report(s) ingested again, ${newTerms.length} new quoted term(s) re-indexed in ${redo.length} old paragraph(s)`);
  return { engine: new SearchEngine(index), docs: docs.length, paragraphs: index.paragraphs.length, warnings, ms, phases: run.phases, segmented };
}
