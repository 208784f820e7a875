import type { IncomingMessage } from 'node:http';
import type { Reply } from './reply';

export interface RouteRequest {
  readonly req: IncomingMessage;
  /** Path segments matched by `:name` in the route's path, percent-decoded (left as sent when that fails). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `/api/jobs/:id`: literal segments and `:name` segments that match any one non-empty segment. */
  readonly path: string;
  readonly handle: (request: RouteRequest) => Promise<Reply>;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong-method'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * The route for `method` and `pathname` (HEAD is served as GET, without a body); a path
 * that exists with other methods only is `wrong-method` (405 with `Allow`), anything else
 * `not-found` (404). Paths match exactly: no trailing slash, no prefix.
 */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const allow: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params === undefined) continue;
    if (route.method === wanted) return { kind: 'route', route, params };
    allow.push(route.method, ...(route.method === 'GET' ? ['HEAD'] : []));
  }
  return allow.length > 0 ? { kind: 'wrong-method', allow } : { kind: 'not-found' };
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = pathname.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let k = 0; k < want.length; k++) {
    const w = want[k]!;
    const h = have[k]!;
    if (!w.startsWith(':')) {
      if (w !== h) return undefined;
      continue;
    }
    if (h === '') return undefined;
    params[w.slice(1)] = percentDecoded(h);
  }
  return params;
}

function percentDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
