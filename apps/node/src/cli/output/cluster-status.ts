import type { GetClusterStatusResponse } from '@sched/rpc/gen';
import type { JsonValue } from '../format/json';
import { joinLines, padRight } from '../format/text';

/** `cluster status`, table (REF §1.7). */
export function clusterStatusTable(status: GetClusterStatusResponse): string {
  const lines = [
    'Cluster Status',
    '='.repeat(40),
    `Term:   ${status.currentTerm}`,
    `Leader: Node ${status.leaderId}`,
    '',
    'Nodes:',
    `${padRight('ID', 8)} ${padRight('ADDRESS', 25)} STATUS`,
    '-'.repeat(45),
  ];
  for (const node of status.nodes) {
    const liveness = node.isAlive ? '[+] alive' : '[-] dead';
    lines.push(`${padRight(node.nodeId.toString(), 8)} ${padRight(node.address, 25)} ${liveness}`);
  }
  return joinLines(lines);
}

/** `cluster status`, JSON: `{current_term, leader_id, nodes: [{node_id, address, is_alive}]}`. */
export function clusterStatusJson(status: GetClusterStatusResponse): JsonValue {
  return {
    current_term: status.currentTerm,
    leader_id: status.leaderId,
    nodes: status.nodes.map((node) => ({ node_id: node.nodeId, address: node.address, is_alive: node.isAlive })),
  };
}
