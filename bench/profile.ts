/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and lists where the time went: self time per function, and total
 * (inclusive) time per function of the project's own sources. `npm run bench -- --profile` writes the profiles of the
 * build and load children under bench/results/profiles/; `tsx bench/profile.ts FILE.cpuprofile [N]` prints one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  fn: string;
  /** Milliseconds. */
  self: number;
  total: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.replace(/^file:\/\//, '').replace(/.*\/(src|dist|bench|node_modules)\//, '$1/') : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/**
 * The functions with the most self time, and those of `src/` with the most inclusive time (a function counted once
 * per sample even when it recurses).
 */
export function hotSpots(profile: CpuProfile, top = 15): { totalMs: number; self: HotSpot[]; inclusive: HotSpot[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    let id: number | undefined = profile.samples[i]!;
    const leaf = byId.get(id)!;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let guard = 0; id !== undefined && guard < 10_000; guard++) {
      const node = byId.get(id)!;
      const l = label(node);
      if (/\/(src|dist)\//.test(node.callFrame.url) && !seen.has(l)) {
        seen.add(l);
        inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
      }
      id = parent.get(id);
    }
  }
  const sorted = (m: Map<string, number>, other: Map<string, number>, selfFirst: boolean) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, v]) => (selfFirst ? { fn, self: v, total: other.get(fn) ?? v } : { fn, self: other.get(fn) ?? 0, total: v }));
  return { totalMs: (profile.endTime - profile.startTime) / 1000, self: sorted(self, inclusive, true), inclusive: sorted(inclusive, self, false) };
}

/**
 * A profile file's hot spots as markdown lines; undefined for a thread that mostly idled (tsx's loader thread writes a
 * profile of its own).
 */
export function describeProfile(file: string, top = 12): string | undefined {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const h = hotSpots(p, top);
  const idle = h.self.find((s) => s.fn === '(idle)')?.self ?? 0;
  if (h.inclusive.length === 0 && idle > 0.5 * h.totalMs) return undefined;
  const lines = [`**${path.basename(path.dirname(file))}/${path.basename(file)}** (${(h.totalMs / 1000).toFixed(2)} s profiled)`, '', 'self time:', ''];
  for (const s of h.self) lines.push(`- ${s.self.toFixed(0)} ms  ${s.fn}`);
  lines.push('', 'inclusive time, src/ functions:', '');
  for (const s of h.inclusive) lines.push(`- ${s.total.toFixed(0)} ms  ${s.fn}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile.ts FILE.cpuprofile [N]');
    process.exit(2);
  }
  console.log(describeProfile(file, Number(process.argv[3] ?? 20)) ?? `${file}: an idle thread`);
}
