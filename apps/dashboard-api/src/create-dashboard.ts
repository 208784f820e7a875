import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClientPool, type TlsMaterial } from '@sched/rpc';
import { ClusterView } from './cluster/cluster-view';
import { requestListener } from './http/serve';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { parseNodeUrls } from './node-urls';
import { clusterRoute } from './routes/cluster-route';
import { healthRoutes } from './routes/health-routes';
import { jobRoutes } from './routes/job-routes';
import { listJobsRoute } from './routes/list-jobs-route';
import { metricsRoute } from './routes/metrics-route';
import { openApiRoute } from './routes/openapi-route';
import { staticRoutes } from './routes/static-routes';
import { submitJobRoute } from './routes/submit-job-route';
import { NodeRouter, READ_TIMEOUT_MS } from './upstream/node-router';

export interface DashboardOptions {
  /** gRPC base URLs of the cluster's nodes (`http://127.0.0.1:50051`, or all `https://`); see node-urls.ts. */
  readonly nodes: readonly string[];
  /** CA, client certificate and key for `https://` nodes (mutual TLS); required with them. */
  readonly tls?: TlsMaterial | undefined;
  /** Interface the HTTP server binds, e.g. '127.0.0.1' or '0.0.0.0'. */
  readonly host: string;
  /** HTTP port; 0 binds a free one (see Dashboard.port). */
  readonly port: number;
  /** How long a request keeps looking for a leader or a reachable node (default 5000 ms). */
  readonly leaderWaitMs?: number | undefined;
}

export interface Dashboard {
  /** The port actually bound. */
  readonly port: number;
  /**
   * Stops accepting connections, lets requests in flight finish for up to 2 s (then drops
   * their connections), and closes the gRPC connections. Idempotent.
   */
  close(): Promise<void>;
}

const DEFAULT_LEADER_WAIT_MS = 5000;
/** At most this long a cluster-status refresh looks for a leader (the page polls every 2 s). */
const CLUSTER_LOOKUP_MS = 1000;
const CLOSE_GRACE_MS = 2000;
/** Whole-request and header deadlines of the HTTP server (slow clients cannot pin it). */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;

/**
 * A REST gateway and web dashboard for a sched cluster (REF §5 with SPEC §4's departures):
 * a node:http server on `host:port` whose routes call the nodes' SchedulerService through
 * one pooled HTTP/2 connection per node, following the leader (upstream/node-router.ts).
 * Runs standalone (`sched-dashboard`) or inside a node (`sched server --dashboard-port`).
 * Rejects (before binding anything) a node list that parseNodeUrls refuses, or `https://`
 * nodes without `tls`; rejects when the port cannot be bound.
 */
export async function createDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { urls, secure } = parseNodeUrls(options.nodes);
  if (secure && options.tls === undefined) throw new Error('https:// nodes need TLS material (CA, certificate and key)');
  const metrics = new GatewayMetrics();
  const pool = createClientPool({ defaultTimeoutMs: READ_TIMEOUT_MS, ...(secure ? { tls: options.tls } : {}) });
  const leaderWaitMs = options.leaderWaitMs ?? DEFAULT_LEADER_WAIT_MS;
  const router = new NodeRouter({ urls, secure, pool, leaderWaitMs, onFailure: (rpc, error) => metrics.upstreamError(rpc, error.code) });
  const cluster = new ClusterView(router, Math.min(leaderWaitMs, CLUSTER_LOOKUP_MS));
  const routes = [
    ...staticRoutes(),
    ...healthRoutes(cluster),
    clusterRoute(cluster),
    listJobsRoute(router),
    submitJobRoute(router),
    ...jobRoutes(router),
    openApiRoute(),
    metricsRoute(metrics),
  ];
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }, requestListener(routes, metrics));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    pool.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(timer);
          pool.close();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
