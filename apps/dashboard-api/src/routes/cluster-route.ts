import type { z } from 'zod';
import type { ClusterSnapshot, ClusterView } from '../cluster/cluster-view';
import type { ClusterJson } from '../api/response-schemas';
import { json } from '../http/reply';
import type { Route } from '../http/route-table';

/**
 * GET /api/cluster: always 200 with REF §5.1's keys. The gateway is no node, so the Raft
 * state shown is the leader's (node_id = leader_id, role `leader`; last_applied is its
 * commit index, the gRPC API exposes no applied index) and `nodes` is the leader's list.
 * When no leader answered, every Raft field is null and `nodes` lists the configured nodes,
 * alive when they answered at all.
 */
export function clusterRoute(cluster: ClusterView): Route {
  return { method: 'GET', path: '/api/cluster', handle: async () => json(200, clusterJson(await cluster.snapshot())) };
}

function clusterJson(snapshot: ClusterSnapshot): z.infer<typeof ClusterJson> {
  const nodes = snapshot.nodes.map((n) => ({ node_id: n.nodeId, address: n.address, is_alive: n.alive }));
  const leader = snapshot.leader;
  if (leader === undefined) {
    return { node_id: null, role: null, current_term: null, leader_id: null, commit_index: null, last_applied: null, log_length: null, nodes };
  }
  return {
    node_id: leader.id,
    role: 'leader',
    current_term: leader.term,
    leader_id: leader.id,
    commit_index: leader.commitIndex,
    last_applied: leader.commitIndex,
    log_length: leader.lastLogIndex,
    nodes,
  };
}
