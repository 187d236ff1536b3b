import path from 'node:path';
import { AppError } from './errors.js';

/** Everything the server and the CLI can be told, over defaults. */
export interface Config {
  port: number;
  host: string;
  /** Directory of the reports (`*.txt`, `*.md`, optional `catalog.json`). */
  seeds: string;
  /** Directory of the built index. */
  index: string;
  /** Rebuild in the background when `seeds/` changes. */
  watch: boolean;
  /** Enables `POST /api/reindex` when set (from `REINDEX_TOKEN`). */
  reindexToken: string | null;
  production: boolean;
}

const DEFAULTS: Config = {
  port: 3000,
  host: '0.0.0.0',
  seeds: 'seeds',
  index: 'index',
  watch: false,
  reindexToken: null,
  production: false,
};

/**
 * Reads `--port N --seeds DIR --index DIR --out DIR --watch` (also `--port=N`) and `PORT`, `HOST`,
 * `REINDEX_TOKEN`, `NODE_ENV` over the defaults. Unknown flags are left for the caller (see `rest`).
 *
 * @example
 * loadConfig(['--port', '8080'], {}).port //=> 8080
 */
export function loadConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Config & { rest: string[] } {
  const cfg: Config = { ...DEFAULTS };
  if (env.PORT) cfg.port = parsePort(env.PORT, 'PORT');
  if (env.HOST) cfg.host = env.HOST;
  if (env.REINDEX_TOKEN) cfg.reindexToken = env.REINDEX_TOKEN;
  cfg.production = env.NODE_ENV === 'production';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new AppError(`${flag} needs a value`, { code: 'bad_flag' });
      return v;
    };
    switch (flag) {
      case '--port': cfg.port = parsePort(value(), '--port'); break;
      case '--host': cfg.host = value(); break;
      case '--seeds': cfg.seeds = value(); break;
      case '--index': case '--out': cfg.index = value(); break;
      case '--watch': cfg.watch = true; break;
      default: rest.push(arg);
    }
  }
  cfg.seeds = path.resolve(cfg.seeds);
  cfg.index = path.resolve(cfg.index);
  return { ...cfg, rest };
}

function parsePort(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new AppError(`${name} must be a port number 0–65535, got "${v}"`, { code: 'bad_flag' });
  }
  return n;
}
