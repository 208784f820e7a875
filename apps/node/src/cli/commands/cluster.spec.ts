import { Code } from '@connectrpc/connect';
import { rejectWith, useFakeServers } from '../fake-servers.test-util';
import { sched } from '../run-cli.test-util';

const start = useFakeServers();

describe('cluster status', () => {
  it('prints the leader and nodes (table and JSON)', async () => {
    const server = await start({
      getClusterStatus: () => ({
        currentTerm: 7n,
        leaderId: 2n,
        nodes: [
          { nodeId: 1n, address: '127.0.0.1:50051', isAlive: true },
          { nodeId: 2n, address: '127.0.0.1:50052', isAlive: true },
          { nodeId: 3n, address: '127.0.0.1:50053', isAlive: false },
        ],
      }),
    });
    const table = await sched('cluster', '-a', server.url, 'status');
    expect(table).toEqual({
      code: 0,
      stdout:
        `Cluster Status\n${'='.repeat(40)}\nTerm:   7\nLeader: Node 2\n\nNodes:\n` +
        `ID       ADDRESS                   STATUS\n${'-'.repeat(45)}\n` +
        '1        127.0.0.1:50051           [+] alive\n' +
        '2        127.0.0.1:50052           [+] alive\n' +
        '3        127.0.0.1:50053           [-] dead\n',
      stderr: '',
    });
    const json = await sched('cluster', '-o', 'json', '-a', server.url, 'status');
    expect(JSON.parse(json.stdout)).toEqual({
      current_term: 7,
      leader_id: 2,
      nodes: [
        { node_id: 1, address: '127.0.0.1:50051', is_alive: true },
        { node_id: 2, address: '127.0.0.1:50052', is_alive: true },
        { node_id: 3, address: '127.0.0.1:50053', is_alive: false },
      ],
    });
  });

  it('an RPC error is `Error: <message>`', async () => {
    const server = await start({
      getClusterStatus: rejectWith('Leader unknown, please retry later', Code.Unavailable),
    });
    expect(await sched('cluster', '-a', server.url, 'status')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: Leader unknown, please retry later\n',
    });
  });
});

describe('cluster transfer-leader', () => {
  it('sends --to (0 when absent) to the addressed node and prints the new leader', async () => {
    const targets: bigint[] = [];
    const server = await start({
      transferLeadership: ({ targetNodeId }) => {
        targets.push(targetNodeId);
        return { success: true, message: 'Leadership transferred to node 3', newLeaderId: 3n };
      },
    });
    expect(await sched('cluster', '-a', server.url, 'transfer-leader', '--to', '3')).toEqual({
      code: 0,
      stdout: 'Leadership transferred successfully!\nNew leader: Node 3\n',
      stderr: '',
    });
    expect((await sched('cluster', '-a', server.url, '-o', 'json', 'transfer-leader')).stdout).toBe(
      '{\n  "success": true,\n  "message": "Leadership transferred to node 3",\n  "new_leader_id": 3\n}\n',
    );
    expect(targets).toEqual([3n, 0n]);
  });

  it('success=false fails in both formats and is not redirected', async () => {
    const server = await start({ transferLeadership: () => ({ success: false, message: 'Not the leader', newLeaderId: 0n }) });
    expect(await sched('cluster', '-a', server.url, 'transfer-leader')).toEqual({ code: 1, stdout: '', stderr: 'Transfer failed: Not the leader\n' });
    expect(await sched('cluster', '-a', server.url, '-o', 'json', 'transfer-leader', '--to', '9')).toEqual({
      code: 1,
      stdout: '{\n  "success": false,\n  "message": "Not the leader",\n  "new_leader_id": 0\n}\n',
      stderr: 'Transfer failed: Not the leader\n',
    });
    expect(server.calls).toEqual(['transferLeadership', 'transferLeadership']);
  });
});

describe('cluster drain / undrain', () => {
  it.each([
    [true, 'table', { code: 0, stdout: 'Node drained successfully.\nNode drained successfully\n', stderr: 'Draining node...\n' }],
    [true, 'json', { code: 0, stdout: '{\n  "success": true,\n  "message": "Node drained successfully"\n}\n', stderr: 'Draining node...\n' }],
    [false, 'table', { code: 1, stdout: '', stderr: 'Draining node...\nDrain failed: Node drained successfully\n' }],
  ])('drain announces itself on stderr, then reports (success=%j, %s)', async (success, output, expected) => {
    const server = await start({ drainNode: () => ({ success, message: 'Node drained successfully' }) });
    expect(await sched('cluster', '-a', server.url, '-o', output, 'drain')).toEqual(expected);
  });

  it('undrain prints the result; failure exits 1', async () => {
    let succeed = true;
    const server = await start({
      undrainNode: () => (succeed ? { success: true, message: 'Node undrained' } : { success: false, message: 'not drained' }),
    });
    expect(await sched('cluster', '-a', server.url, 'undrain')).toEqual({ code: 0, stdout: 'Node undrained successfully.\nNode undrained\n', stderr: '' });
    succeed = false;
    expect(await sched('cluster', '-a', server.url, '-o', 'json', 'undrain')).toEqual({
      code: 1,
      stdout: '{\n  "success": false,\n  "message": "not drained"\n}\n',
      stderr: 'Undrain failed: not drained\n',
    });
  });

  it('a node without UndrainNode answers UNIMPLEMENTED, reported as an error', async () => {
    const server = await start({});
    const run = await sched('cluster', '-a', server.url, 'undrain');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: .*UndrainNode.* is not implemented\n$/);
  });
});
