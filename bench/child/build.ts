/**
 * Child: builds an index as `npm run index` does (`--mode build`: buildIndex), or opens one as `npm start` does
 * (`--mode open`: openIndex, which rebuilds a stale index), and reports the wall time around that one call.
 */
import { loadStore } from '../project.js';
import { finish, flags, logCollector, required, settledMemory } from './common.js';

const f = flags();
const seeds = required(f, 'seeds');
const index = required(f, 'index');
const mode = f.get('mode') ?? 'build';
const store = await loadStore();
const logs = logCollector();

const t0 = performance.now();
if (mode === 'build') {
  const out = await store.buildIndex({ seeds, out: index, log: logs.log });
  const ms = performance.now() - t0;
  finish(f, { mode, ms, summary: summarizeReturn(out), log: logs.lines(), maxRssBytes: process.resourceUsage().maxRSS * 1024 });
} else {
  const opened = await store.openIndex({ seeds, index, log: logs.log });
  const ms = performance.now() - t0;
  const memory = settledMemory();
  finish(f, {
    mode,
    ms,
    rebuilt: opened.rebuilt,
    reason: opened.reason ?? null,
    stats: opened.engine.stats(),
    memory,
    log: logs.lines(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  });
}

/** The numbers buildIndex returned, whatever its shape (documents, paragraphs, warnings…). */
function summarizeReturn(out: unknown): Record<string, number> {
  const summary: Record<string, number> = {};
  if (out && typeof out === 'object') {
    for (const [k, v] of Object.entries(out as Record<string, unknown>)) {
      if (typeof v === 'number') summary[k] = v;
      else if (Array.isArray(v)) summary[k] = v.length;
    }
  }
  return summary;
}
