/**
 * The Express application: security headers, compression, static files, the JSON API and the pages (README, "HTTP
 * API") and one error handler. It never listens and never reads the seeds; `server.ts` does both.
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import { AppError, notFound, ParamError } from '../core/errors.js';
import { MAX_QUERY } from '../core/params.js';
import { PUBLIC, VIEWS } from '../core/paths.js';
import type { AppDeps } from './deps.js';
import { statusOf } from './errors.js';
import { renderPage } from './render.js';
import { apiRouter } from './routes/api.js';
import { pagesRouter } from './routes/pages.js';
import { checkQueryString } from './validate.js';

export type { AppDeps } from './deps.js';

/**
 * Builds the app.
 * @example
 * const app = createApp({ getEngine: () => engine });
 * await request(app).get('/api/health') //=> 200 {ok: true, docs: 5, paragraphs: …}
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const production = deps.production ?? false;
  const log = deps.log ?? ((line: string) => console.error(line));

  app.disable('x-powered-by');
  // Express's own last-resort handler prints stacks outside production; no answer of ours ever does.
  app.set('env', 'production');
  app.set('query parser', 'simple');
  app.set('views', VIEWS);
  app.set('view engine', 'ejs');
  app.set('view cache', production);
  app.locals.production = production;
  // The longest query, for the search form's maxlength and the error page's hint.
  app.locals.maxQuery = MAX_QUERY;

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'same-origin' },
      // Served over plain HTTP on a LAN as often as behind TLS: HSTS would lock such users out.
      strictTransportSecurity: false,
    }),
  );
  app.use(compression());
  app.use(rejectMalformedQuery);
  app.use('/static', express.static(PUBLIC, { index: false, dotfiles: 'ignore', maxAge: production ? '1h' : 0 }));
  app.use('/api', apiRouter(deps));
  app.use(pagesRouter(deps));
  app.use((req, _res, next) => next(notFound(req.path.startsWith('/api/') ? `no API route ${req.method} ${req.path}` : `没有这个页面：${req.path}`)));
  app.use(errorHandler(log));
  return app;
}

/** Answers 400 for a query string that is not valid percent-encoded UTF-8 (Express would quietly mangle it). */
const rejectMalformedQuery: RequestHandler = (req, _res, next) => {
  const i = req.originalUrl.indexOf('?');
  try {
    if (i >= 0) checkQueryString(req.originalUrl.slice(i + 1));
    next();
  } catch (err) {
    next(err);
  }
};

/** True for an error a client caused, which `describe` turns into its answer; anything else is a bug. */
function known(err: unknown): boolean {
  return describe(err).known;
}

/** Status and message of an error a client caused (AppError, or Express/send's own 4xx such as a bad path). */
function describe(err: unknown): { status: number; message: string; zh?: string; known: boolean } {
  if (err instanceof ParamError) return { status: statusOf(err.code), message: err.message, zh: err.zh, known: true };
  if (err instanceof AppError) return { status: statusOf(err.code), message: err.message, known: true };
  const status = typeof err === 'object' && err !== null ? Number((err as { status?: unknown }).status) : NaN;
  if (status >= 400 && status < 500) {
    if (err instanceof URIError) return { status, message: 'malformed percent-encoding in the path', zh: '网址路径中的百分号编码有误', known: true };
    return { status, message: status === 404 ? 'not found' : 'bad request', known: true };
  }
  return { status: 500, message: 'internal error', known: false };
}

/**
 * The one error handler: JSON `{error}` under /api, the error page elsewhere. No answer ever carries a stack trace
 * or a path of the server, whatever `NODE_ENV` says: an unexpected error answers a generic 500, and its stack goes to
 * the log.
 */
function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (!known(err)) log(`error: ${req.method} ${req.originalUrl}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    // Too late for an error answer: Express ends the connection.
    if (res.headersSent) return next(err);
    const { status, message, zh } = describe(err);
    if (req.originalUrl.startsWith('/api/') || req.originalUrl === '/api') {
      res.status(status).json({ error: message });
      return;
    }
    const q = typeof req.query?.q === 'string' ? req.query.q : '';
    renderPage(res, 'error', { title: status === 404 ? '未找到' : status === 400 ? '请求有误' : '出错了', status, message: zh ?? message, q: q.length <= MAX_QUERY ? q : '' }, status).catch(
      (renderErr: unknown) => {
        log(`error: rendering the error page failed: ${String(renderErr)}`);
        if (!res.headersSent) res.status(status).type('text/plain; charset=utf-8').send(`${status} ${message}`);
      },
    );
  };
}
