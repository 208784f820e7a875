import { Code } from '@connectrpc/connect';
import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways may live in
 * one process: tests, or a node hosting one): requests and their latency by method, route
 * pattern (`/api/jobs/:id`; `unmatched` for 404s, so labels stay bounded) and status, and
 * every failed gRPC attempt to a node by RPC and status code (retried attempts included).
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'sched_dashboard_http_requests_total',
    help: 'HTTP requests answered by the gateway.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'sched_dashboard_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to the end of its answer.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly upstreamErrors = new Counter({
    name: 'sched_dashboard_upstream_errors_total',
    help: 'Failed gRPC calls from the gateway to sched nodes, by RPC and gRPC status code.',
    labelNames: ['rpc', 'code'] as const,
    registers: [this.registry],
  });

  request(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  upstreamError(rpc: string, code: Code): void {
    this.upstreamErrors.inc({ rpc, code: codeName(code) });
  }
}

/** `failed_precondition` for Code.FailedPrecondition: gRPC's own status names, lowercased. */
function codeName(code: Code): string {
  return (Code[code] ?? 'unknown').replace(/[A-Z]/g, (c, at: number) => (at === 0 ? '' : '_') + c.toLowerCase());
}
