/** What every measurement child shares: its flags and how it hands its result back. */
import fs from 'node:fs';

/** The child's `--name value` flags. */
export function flags(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) out.set(a.slice(2), argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') ? argv[++i]! : 'true');
  }
  return out;
}

/** The flag `name`, or an error naming it. */
export function required(f: Map<string, string>, name: string): string {
  const v = f.get(name);
  if (v === undefined) throw new Error(`bench child: --${name} is required`);
  return v;
}

/** Writes the result for the parent and ends the process (the engine may hold timers or handles open). */
export function finish(f: Map<string, string>, result: unknown): never {
  fs.writeFileSync(required(f, 'result'), JSON.stringify(result));
  process.exit(0);
}

/** Collects an index's log lines: a count and the first few, for the report. */
export function logCollector(): { log: (msg: string) => void; lines: () => { count: number; first: string[] } } {
  let count = 0;
  const first: string[] = [];
  return {
    log: (msg: string) => {
      count++;
      if (first.length < 8) first.push(String(msg).slice(0, 300));
    },
    lines: () => ({ count, first }),
  };
}

/** Heap and RSS after a full garbage collection (the child runs with --expose-gc). */
export function settledMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage();
}
