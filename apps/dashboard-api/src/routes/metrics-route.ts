import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { Route } from '../http/route-table';

/** GET /metrics: the gateway's metrics in Prometheus text format. */
export function metricsRoute(metrics: GatewayMetrics): Route {
  return {
    method: 'GET',
    path: '/metrics',
    handle: async () => ({ status: 200, headers: { 'content-type': metrics.registry.contentType }, body: await metrics.registry.metrics() }),
  };
}
