import type { ClusterView } from '../cluster/cluster-view';
import { json } from '../http/reply';
import type { Route } from '../http/route-table';

/**
 * GET /health/live: 200 `{"status":"ok"}` while the gateway runs.
 * GET /health/ready: 200 `{"status":"ok","leader_id":<id>}` only when a leader answered
 * within the cluster view's freshness window (REF only checked that some, possibly stale,
 * leader id was known: G35); else 503 `{"status":"no_leader","leader_id":null}`.
 */
export function healthRoutes(cluster: ClusterView): Route[] {
  return [
    { method: 'GET', path: '/health/live', handle: async () => json(200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/health/ready',
      handle: async () => {
        const { leader } = await cluster.snapshot();
        return leader === undefined ? json(503, { status: 'no_leader', leader_id: null }) : json(200, { status: 'ok', leader_id: leader.id });
      },
    },
  ];
}
