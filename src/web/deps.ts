/**
 * What the web app is given: the backend that answers now, and the optional reindex hook. Routes and the app take
 * these; nothing here imports a route.
 */
import type { IndexStatus } from '../core/types.js';
import type { SearchBackend } from '../search/backend.js';
import type { ReloadOutcome } from './reload.js';

export interface AppDeps {
  /** The backend that answers now; called per request so a reload can swap it. */
  getEngine: () => SearchBackend;
  /**
   * Whether the index served is stale and the warnings of its build, for `/api/health` and the home page; absent
   * (an engine built in memory) they say nothing of it.
   */
  status?: () => IndexStatus;
  /** Rebuilds the index (enables `POST /api/reindex` together with `reindexToken`). */
  reindex?: () => Promise<ReloadOutcome>;
  /** Secret that `POST /api/reindex` must present; null or absent disables the route. */
  reindexToken?: string | null;
  /** Hides stack traces and caches views. */
  production?: boolean;
  /** Where unexpected errors are logged. */
  log?: (line: string) => void;
}
