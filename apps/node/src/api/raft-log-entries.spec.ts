import { Code } from '@connectrpc/connect';
import { commands } from '@sched/scheduler';
import { toBinary } from '@bufbuild/protobuf';
import { CommandSchema } from '@sched/rpc/gen';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import type { FakeNode } from './fake-node.test-util';

const serve = useServedNodes();

/** A leader's no-op at index 1 (as every new leader appends), then `count` committed submits. */
function logWithNoop(node: FakeNode, count: number): void {
  node.log.push({ index: 1, term: 1, data: new Uint8Array() });
  node.commit = 1;
  for (let i = 0; i < count; i++) {
    node.apply(commands.submitJob({ jobId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, command: `echo ${i}`, createdAtMs: BigInt(i) }));
  }
}

describe('GetRaftLogEntries on the leader', () => {
  it('a fresh log: no entries, all indexes 0', async () => {
    const { scheduler } = await serve();
    await expect(scheduler.getRaftLogEntries({})).resolves.toMatchObject({ entries: [], commitIndex: 0n, lastLogIndex: 0n, firstAvailableIndex: 0n });
  });

  it('entries in order, decoded as commands; the no-op carries none; committed up to the commit index', async () => {
    const { node, scheduler } = await serve();
    logWithNoop(node, 5);
    node.log.push({ index: 7, term: 2, data: toBinary(CommandSchema, commands.cancelJob('00000000-0000-4000-8000-000000000000', 9n)) });
    const answer = await scheduler.getRaftLogEntries({});
    expect(answer).toMatchObject({ commitIndex: 6n, lastLogIndex: 7n, firstAvailableIndex: 1n });
    expect(answer.entries.map((e) => [Number(e.index), Number(e.term), e.command?.commandType.case, e.isCommitted])).toEqual([
      [1, 1, undefined, true],
      [2, 1, 'submitJob', true],
      [3, 1, 'submitJob', true],
      [4, 1, 'submitJob', true],
      [5, 1, 'submitJob', true],
      [6, 1, 'submitJob', true],
      [7, 2, 'cancelJob', false],
    ]);
    expect(answer.entries[1]?.command?.commandType).toMatchObject({ case: 'submitJob', value: { command: 'echo 0' } });
  });

  it('start and limit: start past the end → none; a limit bounds the window', async () => {
    const { node, scheduler } = await serve();
    logWithNoop(node, 5);
    expect((await scheduler.getRaftLogEntries({ startIndex: 100n })).entries).toEqual([]);
    expect((await scheduler.getRaftLogEntries({ startIndex: 1n, limit: 100 })).entries).toHaveLength(6);
    expect((await scheduler.getRaftLogEntries({ startIndex: 3n, limit: 2 })).entries.map((e) => e.index)).toEqual([3n, 4n]);
  });

  it('limit 0 → 100, above 1000 → 1000', async () => {
    const { node, scheduler } = await serve();
    logWithNoop(node, 1100);
    expect((await scheduler.getRaftLogEntries({})).entries).toHaveLength(100);
    expect((await scheduler.getRaftLogEntries({ limit: 5000 })).entries).toHaveLength(1000);
  });

  it('after compaction: first_available_index is the first kept entry, and nothing below it is returned', async () => {
    const { node, scheduler } = await serve();
    logWithNoop(node, 5);
    node.firstIndex = 4;
    node.log = node.log.filter((e) => e.index >= 4);
    const fromStart = await scheduler.getRaftLogEntries({});
    expect(fromStart).toMatchObject({ firstAvailableIndex: 4n, lastLogIndex: 6n, commitIndex: 6n });
    expect(fromStart.entries.map((e) => e.index)).toEqual([4n, 5n, 6n]);
    expect((await scheduler.getRaftLogEntries({ startIndex: 2n })).entries.map((e) => e.index)).toEqual([4n, 5n, 6n]);
    node.firstIndex = 7;
    node.log = [];
    await expect(scheduler.getRaftLogEntries({})).resolves.toMatchObject({ entries: [], firstAvailableIndex: 0n, lastLogIndex: 6n });
  });
});

describe('GetRaftLogEntries on a follower: forwarded to the leader', () => {
  it("returns the leader's log", async () => {
    const leader = await serve({ id: 2 });
    logWithNoop(leader.node, 3);
    const follower = await serve({ id: 1, peers: [{ id: 2, address: leader.address }] });
    follower.node.becomeFollower(2);
    const answer = await follower.scheduler.getRaftLogEntries({ startIndex: 2n });
    expect(answer).toEqual(await leader.scheduler.getRaftLogEntries({ startIndex: 2n }));
    expect(answer.entries).toHaveLength(3);
  });

  it('with the same errors as GetClusterStatus', async () => {
    const { node, scheduler } = await serve({ peers: [{ id: 2, address: '127.0.0.1:1' }] });
    node.becomeFollower(0);
    await expectStatus(scheduler.getRaftLogEntries({}), Code.Unavailable, 'Leader unknown, please retry later');
    node.becomeFollower(5);
    await expectStatus(scheduler.getRaftLogEntries({}), Code.NotFound, 'Unknown node 5');
  });
});
