/**
 * The build's progress bar on a terminal (stderr), drawn by cli-progress; nothing when stderr is not a terminal.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { BuildProgress } from '../pipeline/open.js';

/** Each phase as the bar names it. */
const LABELS: Record<BuildProgress['phase'], string> = { ingest: '读取', segment: '分词', index: '建索引', save: '保存' };

/** A bar for `onProgress`; `done` clears it (before a log line, and at the end). */
export function progressBar(on: boolean): { update: (p: BuildProgress) => void; done: () => void } {
  if (!on) return { update: () => {}, done: () => {} };
  const bar = new SingleBar(
    { format: '[{bar}] {label} {phase} {value}/{total}', stream: process.stderr, barsize: 30, clearOnComplete: true, hideCursor: true },
    Presets.legacy,
  );
  let running = false;
  return {
    update: (p) => {
      const payload = { label: LABELS[p.phase], phase: p.phase };
      if (!running) {
        bar.start(p.total, p.done, payload);
        running = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, payload);
      }
    },
    done: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}
