import { create } from '@bufbuild/protobuf';
import { GetClusterStatusResponseSchema } from '@sched/rpc/gen';
import { renderJson } from '../format/json';
import { clusterStatusJson, clusterStatusTable } from './cluster-status';

const status = create(GetClusterStatusResponseSchema, {
  currentTerm: 3n,
  leaderId: 1n,
  nodes: [
    { nodeId: 1n, address: '127.0.0.1:50051', isAlive: true },
    { nodeId: 2n, address: '127.0.0.1:50052', isAlive: false },
  ],
});

it('cluster status table (REF §1.7)', () => {
  expect(clusterStatusTable(status)).toBe(
    [
      'Cluster Status',
      '='.repeat(40),
      'Term:   3',
      'Leader: Node 1',
      '',
      'Nodes:',
      'ID       ADDRESS                   STATUS',
      '-'.repeat(45),
      '1        127.0.0.1:50051           [+] alive',
      '2        127.0.0.1:50052           [-] dead',
      '',
    ].join('\n'),
  );
});

it('cluster status JSON', () => {
  expect(renderJson(clusterStatusJson(status))).toBe(`{
  "current_term": 3,
  "leader_id": 1,
  "nodes": [
    {
      "node_id": 1,
      "address": "127.0.0.1:50051",
      "is_alive": true
    },
    {
      "node_id": 2,
      "address": "127.0.0.1:50052",
      "is_alive": false
    }
  ]
}
`);
});
