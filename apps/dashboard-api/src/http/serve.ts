import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { empty, json, type Reply } from './reply';
import { matchRoute, type Route } from './route-table';

/** Headers on every answer: no MIME sniffing; API answers are never cached (static files set their own). */
const COMMON_HEADERS: Readonly<Record<string, string>> = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

/**
 * The node:http request listener of a gateway: routes the request (404 / 405 with `Allow`,
 * empty bodies, as the reference), runs the route, writes its Reply, and records the
 * request in `metrics`. A route that throws answers 500 `{"success":false,"error":...}`;
 * a 413 closes the connection (its body may not have been read to the end).
 */
export function requestListener(routes: readonly Route[], metrics: GatewayMetrics): RequestListener {
  return (req, res) => {
    const started = process.hrtime.bigint();
    void answer(routes, req).then((outcome) => {
      res.once('close', () => metrics.request(req.method ?? '', outcome.route, outcome.reply.status, Number(process.hrtime.bigint() - started) / 1e9));
      write(res, outcome.reply);
    });
  };
}

async function answer(routes: readonly Route[], req: IncomingMessage): Promise<{ route: string; reply: Reply }> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://gateway');
  } catch {
    return { route: 'unmatched', reply: empty(400) };
  }
  const match = matchRoute(routes, req.method ?? '', url.pathname);
  if (match.kind === 'not-found') return { route: 'unmatched', reply: empty(404) };
  if (match.kind === 'wrong-method') return { route: 'unmatched', reply: empty(405, { allow: match.allow.join(', ') }) };
  try {
    return { route: match.route.path, reply: await match.route.handle({ req, params: match.params, query: url.searchParams }) };
  } catch (error) {
    return { route: match.route.path, reply: json(500, { success: false, error: `Internal error: ${(error as Error).message}` }) };
  }
}

function write(res: ServerResponse, reply: Reply): void {
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries({ ...COMMON_HEADERS, ...reply.headers })) res.setHeader(name, value);
  if (reply.status === 413) res.setHeader('connection', 'close');
  res.setHeader('content-length', Buffer.byteLength(reply.body));
  res.end(reply.body);
}
