/**
 * Child: builds an index as `npm run index` does (`--mode build`: buildIndex), or opens one as `npm start` does
 * (`--mode open`: openIndex, which rebuilds a stale index), and reports the wall time around that one call.
 */
import { loadStore, type Progress } from '../project.js';
import { finish, flags, logCollector, required, settledMemory } from './common.js';

const f = flags();
const seeds = required(f, 'seeds');
const index = required(f, 'index');
const mode = f.get('mode') ?? 'build';
const store = await loadStore();
const logs = logCollector();
const phases = phaseTimer();

const t0 = performance.now();
if (mode === 'build') {
  const out = await store.buildIndex({ seeds, out: index, log: logs.log, onProgress: phases.onProgress });
  const ms = performance.now() - t0;
  finish(f, { mode, ms, phases: phases.result(performance.now()), summary: summarizeReturn(out), log: logs.lines(), maxRssBytes: process.resourceUsage().maxRSS * 1024 });
} else {
  const opened = await store.openIndex({ seeds, index, log: logs.log, onProgress: phases.onProgress });
  const ms = performance.now() - t0;
  const memory = settledMemory();
  finish(f, {
    mode,
    ms,
    phases: phases.result(performance.now()),
    rebuilt: opened.rebuilt,
    reason: opened.reason ?? null,
    stats: opened.engine.stats(),
    memory,
    log: logs.lines(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  });
}

/**
 * Milliseconds spent in each phase the build reports through `onProgress`, from the first report of a phase to the
 * first report of the next one (the last phase ends when the call returns); `before` is the time until the first.
 */
function phaseTimer(): { onProgress: (p: Progress) => void; result: (end: number) => Record<string, number> } {
  const starts: [string, number][] = [];
  return {
    onProgress: (p) => {
      if (starts[starts.length - 1]?.[0] !== p.phase) starts.push([p.phase, performance.now()]);
    },
    result: (end) => {
      const out: Record<string, number> = {};
      if (starts.length) out.before = starts[0]![1] - t0;
      starts.forEach(([phase, at], i) => {
        out[phase] = (out[phase] ?? 0) + ((starts[i + 1]?.[1] ?? end) - at);
      });
      return out;
    },
  };
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
