import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from '../http/route-table';

/** The page's files: apps/dashboard-api/web, beside src/ and dist/ alike. */
export const WEB_DIR = join(__dirname, '..', '..', 'web');

/**
 * Scripts and styles only from this origin, no inline code, no framing, requests only to
 * this origin: even if data ever reached the page unescaped, it could not run.
 */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const FILES = [
  { path: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { path: '/assets/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { path: '/assets/style.css', file: 'style.css', type: 'text/css; charset=utf-8' },
] as const;

/**
 * GET / (the dashboard page, REF §5.2) and its script and stylesheet, read once when the
 * gateway starts. Browsers revalidate them on every load (`no-cache`), so a new version
 * shows at once.
 */
export function staticRoutes(): Route[] {
  return FILES.map(({ path, file, type }) => {
    const body = readFileSync(join(WEB_DIR, file));
    const headers = { 'content-type': type, 'cache-control': 'no-cache', 'content-security-policy': PAGE_POLICY };
    return { method: 'GET', path, handle: async () => ({ status: 200, headers, body }) };
  });
}
