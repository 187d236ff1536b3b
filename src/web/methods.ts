/**
 * 405 Method Not Allowed: a path a route serves, asked with a method no route of it takes, answers 405 with `Allow`
 * listing the methods it takes (not 404, which says the path does not exist).
 */
import type { Router } from 'express';
import { AppError } from '../core/errors.js';

/**
 * Makes every route of `router` answer 405 (with `Allow`) to the methods it does not take, and 204 with `Allow` to
 * OPTIONS. Call once the routes are defined.
 * @example
 * const router = Router(); router.get('/health', …); answerOtherMethods(router);
 * // DELETE /health → 405, Allow: GET, HEAD
 */
export function answerOtherMethods(router: Router): void {
  const allowed = new Map<string, Set<string>>();
  for (const layer of router.stack) {
    if (!layer.route) continue;
    const methods = allowed.get(layer.route.path) ?? new Set<string>();
    for (const l of layer.route.stack) if (l.method) methods.add(l.method.toUpperCase());
    allowed.set(layer.route.path, methods);
  }
  for (const [route, methods] of allowed) {
    if (methods.has('GET')) methods.add('HEAD');
    const allow = [...methods].sort().join(', ');
    router.all(route, (req, res, next) => {
      if (methods.has(req.method)) {
        next();
        return;
      }
      res.set('Allow', allow);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      next(new AppError(`${req.method} is not allowed on ${req.baseUrl}${req.path} (allowed: ${allow})`, { code: 'method_not_allowed' }));
    });
  }
}
