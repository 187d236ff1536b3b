import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from './errors.js';

/** Everything the server and the CLI can be told, over defaults. */
export interface Config {
  port: number;
  host: string;
  /** Directory of the reports (`*.txt`, `*.md`, `*.pdf`, `*.docx`, `*.doc`, `*.html`, `*.htm`, optional `catalog.json`). */
  seeds: string;
  /** Directory of the built index. */
  index: string;
  /** Rebuild in the background when `seeds/` changes. */
  watch: boolean;
  /** Enables `POST /api/reindex` when set (from `REINDEX_TOKEN`). */
  reindexToken: string | null;
  production: boolean;
  /** Where the index lives: `engine` (in this process, the default) or `opensearch` (a cluster). */
  backend: 'engine' | 'opensearch';
  /** The cluster's URL(s) for the OpenSearch backend, comma-separated. */
  opensearch: string;
  /** The alias of the index in the cluster. */
  indexName: string;
}

const DEFAULTS: Config = {
  port: 3000,
  host: '0.0.0.0',
  seeds: 'seeds',
  index: 'index',
  watch: false,
  reindexToken: null,
  production: false,
  backend: 'engine',
  opensearch: 'http://127.0.0.1:9200',
  indexName: 'policy-search',
};

/** The flags every command takes (the server's all of them), as `util.parseArgs` options. */
const SHARED_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seeds: { type: 'string' },
  index: { type: 'string' },
  out: { type: 'string' },
  watch: { type: 'boolean' },
  backend: { type: 'string' },
  opensearch: { type: 'string' },
  'index-name': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type FlagValues = Record<string, string | boolean | undefined>;

/**
 * Reads `--port N --seeds DIR --index DIR --out DIR --watch --backend engine|opensearch --opensearch URL
 * --index-name N` (also `--port=N`) and `PORT`, `HOST`,
 * `REINDEX_TOKEN`, `NODE_ENV` over the defaults, with Node's `util.parseArgs`. A command with flags of its own
 * names them in `extra` and finds their values in `values`; words that are not flags are in `positionals` when
 * `positionals` is set, an error otherwise, as is an unknown flag.
 *
 * @example
 * loadConfig(['--port', '8080'], {}).port //=> 8080
 */
export function loadConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  extra: ParseArgsConfig['options'] = {},
  opts: { positionals?: boolean } = {},
): Config & { values: FlagValues; positionals: string[] } {
  const cfg: Config = { ...DEFAULTS };
  if (env.PORT) cfg.port = parsePort(env.PORT, 'PORT');
  if (env.HOST) cfg.host = env.HOST;
  if (env.REINDEX_TOKEN) cfg.reindexToken = env.REINDEX_TOKEN;
  cfg.production = env.NODE_ENV === 'production';
  const { values, positionals } = parseFlags(argv, { ...SHARED_FLAGS, ...extra }, opts.positionals ?? false);
  for (const [name, v] of Object.entries(values)) {
    if (v === '') throw new AppError(`--${name} needs a value`, { code: 'bad_flag' });
  }
  if (typeof values.port === 'string') cfg.port = parsePort(values.port, '--port');
  if (typeof values.host === 'string') cfg.host = values.host;
  if (typeof values.seeds === 'string') cfg.seeds = values.seeds;
  if (typeof values.index === 'string') cfg.index = values.index;
  if (typeof values.out === 'string') cfg.index = values.out;
  if (values.watch === true) cfg.watch = true;
  if (typeof values.backend === 'string') {
    if (values.backend !== 'engine' && values.backend !== 'opensearch') {
      throw new AppError(`--backend must be engine or opensearch, got "${values.backend}"`, { code: 'bad_flag' });
    }
    cfg.backend = values.backend;
  }
  if (typeof values.opensearch === 'string') cfg.opensearch = values.opensearch;
  if (typeof values['index-name'] === 'string') cfg.indexName = values['index-name'];
  cfg.seeds = path.resolve(cfg.seeds);
  cfg.index = path.resolve(cfg.index);
  return { ...cfg, values, positionals };
}

/** `util.parseArgs`, strict, its errors said as one line naming the flag. */
function parseFlags(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>, allowPositionals: boolean): { values: FlagValues; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals }) as { values: FlagValues; positionals: string[] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = (e as Error).message;
    const flag = /'(--?[^' ]+)/.exec(message)?.[1] ?? '';
    const said =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown flag ${flag}`
      : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' ? `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trim()
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(message) ? `${flag} takes no value`
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `${flag} needs a value`
      : message;
    throw new AppError(said, { code: 'bad_flag' });
  }
}

function parsePort(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new AppError(`${name} must be a port number 0–65535, got "${v}"`, { code: 'bad_flag' });
  }
  return n;
}
