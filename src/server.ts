/**
 * The server: loads (or builds) the index, serves the app, optionally rebuilds on changes to the seeds, and shuts down
 * cleanly on SIGTERM/SIGINT. `npm start -- [--port N] [--seeds DIR] [--index DIR] [--watch]`.
 */
import http from 'node:http';
import inspector from 'node:inspector';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpenedCluster } from './opensearch/open.js';
import { buildIndex, openIndex } from './pipeline/open.js';
import { loadConfig, type Config } from './core/config.js';
import { createApp } from './web/app.js';
import { createReloader, type Reloader } from './web/reload.js';
import { gracefulClose } from './web/shutdown.js';

export interface RunningServer {
  server: http.Server;
  reloader: Reloader;
  /** The URL it serves, e.g. `http://localhost:3000`. */
  url: string;
  /** Stops accepting connections, lets responses in flight finish (for up to 30 s), stops watching. */
  close(): Promise<void>;
}

/**
 * Hands back to the system the memory that loading the index used and no longer needs: a full, memory-reducing
 * garbage collection (V8's `LowMemoryNotification`, through the in-process inspector session's
 * `HeapProfiler.collectGarbage`; no port is opened). Loading allocates hundreds of MB that die young (the saved
 * files, the parsed lines MiniSearch copies) and leaves the young generation grown to its maximum; without this the
 * heap keeps that room until V8's memory reducer runs after seconds of idleness (bench/README.md has what it saves).
 * Falls back to `gc()` when the process runs with `--expose-gc` and the
 * inspector is unavailable; does nothing otherwise.
 */
async function releaseMemory(): Promise<void> {
  try {
    const session = new inspector.Session();
    session.connect();
    try {
      await new Promise<void>((resolve, reject) =>
        session.post('HeapProfiler.collectGarbage', (err) => (err ? reject(err) : resolve())));
    } finally {
      session.disconnect();
    }
  } catch {
    (globalThis as { gc?: () => void }).gc?.();
  }
}

/** How long a shutdown waits for responses in flight before ending their connections. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

/** How long after listening the server loads jieba's dictionary, so the first health checks answer at once. */
const WARM_DELAY_MS = 250;

/**
 * Opens the index (building it when missing or stale) and listens; jieba's
 * dictionary (blocking) loads just after, unless a search needs it first.
 * @example
 * const { url, close } = await startServer({ ...loadConfig([], {}), port: 0 });
 */
export async function startServer(config: Config, log: (line: string) => void = (line) => console.log(line)): Promise<RunningServer> {
  if (config.backend === 'opensearch') return startOnCluster(config, log);
  // What the load leaves behind is handed back once the deferred parse below is done too (one collection, after
  // the server answers, rather than one before it listens).
  const opened = await openIndex({ seeds: config.seeds, index: config.index, log });
  const reloader = createReloader({
    initial: opened.engine,
    initialStatus: { stale: opened.stale ?? null, warnings: opened.warnings },
    // openIndex rebuilds only when the seeds changed; a forced reindex rebuilds regardless. Either way a failure
    // throws: the reloader keeps the index it serves and marks it stale.
    // Warmed before it is swapped in: a freshly built ranked index loads on first use, which belongs to the
    // rebuild, not to the first request after it.
    rebuild: async (force) => {
      const next = force
        ? await buildIndex({ seeds: config.seeds, out: config.index, log })
        : await openIndex({ seeds: config.seeds, index: config.index, log, serveStale: false });
      return { engine: next.engine.warm(), warnings: next.warnings };
    },
    log,
  });
  const { server, closeServer, url } = await serve(reloader, config);
  const { docs, paragraphs } = opened.engine.stats();
  log(`policy-search: serving ${docs} documents, ${paragraphs} paragraphs at ${url}`);
  // The index is whole before the server listens; the query segmenter and the parse of the ranked index into
  // MiniSearch's maps come after, while health, documents and mentions (which need neither) already answer. A search
  // arriving first loads them itself. What the parse leaves behind is handed back as after the load.
  const warm = setTimeout(() => {
    opened.engine.warm();
    void releaseMemory();
  }, WARM_DELAY_MS);
  warm.unref();

  const close = (): Promise<void> => {
    clearTimeout(warm);
    reloader.close();
    // Responses in flight finish sending (a large download included); idle connections close at once.
    return closeServer(SHUTDOWN_TIMEOUT_MS);
  };
  return { server, reloader, url, close };
}

/** The app over the reloader's backend, listening (`--watch` watching the seeds), for either backend. */
async function serve(reloader: Reloader, config: Config): Promise<{ server: http.Server; closeServer: ReturnType<typeof gracefulClose>; url: string }> {
  const app = createApp({
    getEngine: reloader.get,
    status: reloader.status,
    reindex: () => reloader.reload('POST /api/reindex', true),
    reindexToken: config.reindexToken,
    production: config.production,
  });
  if (config.watch) reloader.watch(config.seeds);
  const server = http.createServer(app);
  const closeServer = gracefulClose(server);
  return { server, closeServer, url: await listen(server, config) };
}

/**
 * `npm start -- --backend opensearch --opensearch URL [--index-name N]`: serves the index of an OpenSearch cluster,
 * brought up to date with the seeds first (only the reports that changed when it can); `--watch` and
 * `POST /api/reindex` update it the same way (a forced reindex builds it anew) and swap the backend in.
 */
async function startOnCluster(config: Config, log: (line: string) => void): Promise<RunningServer> {
  // Imported here: a server of the in-process engine never loads the cluster client.
  const { openClusterFresh } = await import('./opensearch/open.js');
  const open = (rebuild: boolean, serveStale: boolean): Promise<OpenedCluster> =>
    openClusterFresh({ url: config.opensearch, name: config.indexName, seeds: config.seeds, rebuild, serveStale, log });
  const opened = await open(false, true);
  let served = opened.backend;
  const reloader = createReloader({
    initial: served,
    initialStatus: { stale: opened.stale ?? null, warnings: opened.warnings },
    rebuild: async (force) => {
      const next = await open(force, false);
      // The previous backend's client closes once the requests it may be answering are done.
      const previous = served;
      served = next.backend;
      setTimeout(() => void previous.close(), SHUTDOWN_TIMEOUT_MS).unref();
      return { engine: next.backend, warnings: next.warnings };
    },
    log,
  });
  const { server, closeServer, url } = await serve(reloader, config);
  const { docs, paragraphs } = served.stats();
  log(`policy-search: serving ${docs} documents, ${paragraphs} paragraphs from OpenSearch ${config.opensearch} (${config.indexName}) at ${url}`);
  const close = async (): Promise<void> => {
    reloader.close();
    await closeServer(SHUTDOWN_TIMEOUT_MS);
    await served.close();
  };
  return { server, reloader, url, close };
}

async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env);
  const running = await startServer(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.log(`policy-search: ${signal} received, finishing in-flight requests`);
      running.close().then(() => process.exit(0));
    });
  }
}

// Runs only as the entry point (`node dist/server.js` from `npm start`), never on import.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((err: unknown) => {
    console.error(`policy-search: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

/** Listens on the configured port and host; the URL to tell the user (`localhost` for an any-address host). */
async function listen(server: http.Server, config: { port: number; host: string }): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${shownHost}:${port}`;
}
