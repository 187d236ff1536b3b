/**
 * The server: loads (or builds) the index, serves the app, optionally rebuilds on changes to the seeds, and shuts down
 * cleanly on SIGTERM/SIGINT. `npm start -- [--port N] [--seeds DIR] [--index DIR] [--watch]`.
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { openIndex, buildIndex } from './store.js';
import { createApp } from './app.js';
import { createReloader, type Reloader } from './reload.js';

export interface RunningServer {
  server: http.Server;
  reloader: Reloader;
  /** The URL it serves, e.g. `http://localhost:3000`. */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, stops watching. */
  close(): Promise<void>;
}

/**
 * Opens the index (building it when missing or stale), then listens.
 * @example
 * const { url, close } = await startServer({ ...loadConfig([], {}), port: 0 });
 */
export async function startServer(config: Config, log: (line: string) => void = (line) => console.log(line)): Promise<RunningServer> {
  const opened = await openIndex({ seeds: config.seeds, index: config.index, log });
  const reloader = createReloader({
    initial: opened.engine,
    // openIndex rebuilds only when the seeds changed; a forced reindex rebuilds regardless.
    rebuild: async (force) => {
      if (force) await buildIndex({ seeds: config.seeds, out: config.index, log });
      return (await openIndex({ seeds: config.seeds, index: config.index, log })).engine;
    },
    log,
  });
  const app = createApp({
    getEngine: reloader.get,
    reindex: () => reloader.reload('POST /api/reindex', true),
    reindexToken: config.reindexToken,
    production: config.production,
  });
  if (config.watch) reloader.watch(config.seeds);

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  const { docs, paragraphs } = opened.engine.stats();
  log(`policy-search: serving ${docs} documents, ${paragraphs} paragraphs at ${url}`);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      reloader.close();
      server.close(() => resolve());
      // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
    }));
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

// Runs only as the entry point (`tsx src/server.ts`), never on import.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((err: unknown) => {
    console.error(`policy-search: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
