import { toBinary } from '@bufbuild/protobuf';
import { CommandSchema } from '@sched/rpc/gen';
import { commands } from '@sched/scheduler';
import { randomUUID } from 'node:crypto';
import { LocalCluster, until } from './local-cluster.test-util';

function submit(command: string) {
  const jobId = randomUUID();
  return { jobId, data: toBinary(CommandSchema, commands.submitJob({ jobId, command, createdAtMs: BigInt(Date.now()) })) };
}

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await cluster?.destroy();
  cluster = undefined;
});

describe('nodes over real gRPC on loopback', () => {
  it('elect one leader and replicate a submitted job to every table', async () => {
    cluster = await LocalCluster.start(3);
    const leader = await cluster.waitForLeader();
    const { jobId, data } = submit('echo hello');
    const result = await leader.driver.propose(data);
    expect(result.effects.map((e) => e.type)).toEqual(['job-submitted']);
    await until(() => cluster!.running().every((n) => n.machine.table.get(jobId) !== undefined));
    // The leader heard from both peers within the liveness window.
    expect([2, 3, 1].filter((id) => id !== leader.config.nodeId).every((id) => leader.liveness.alive(id))).toBe(true);
  });

  it('elect a new leader when the leader stops, which serves writes', async () => {
    cluster = await LocalCluster.start(3);
    const first = await cluster.waitForLeader();
    await first.driver.propose(submit('before').data);
    await cluster.stop(first.config.nodeId);
    const second = await cluster.waitForLeader();
    expect(second.config.nodeId).not.toBe(first.config.nodeId);
    expect(second.driver.status().term).toBeGreaterThan(1);
    const { jobId, data } = submit('after');
    await second.driver.propose(data);
    await until(() => cluster!.running().every((n) => n.machine.table.get(jobId) !== undefined));
    expect(second.machine.table.list({})).toMatchObject({ ok: true, totalCount: 2 });
  });

  it('keep jobs and the log across a restart of every node with --data-dir', async () => {
    cluster = await LocalCluster.start(3, { durable: true });
    const leader = await cluster.waitForLeader();
    const { jobId, data } = submit('durable');
    await leader.driver.propose(data);
    await until(() => cluster!.running().every((n) => n.machine.table.get(jobId) !== undefined));
    const lastIndex = leader.driver.status().lastIndex;
    for (const id of [1, 2, 3]) await cluster.stop(id);
    for (const id of [1, 2, 3]) await cluster.restart(id);
    const again = await cluster.waitForLeader();
    await until(() => cluster!.running().every((n) => n.machine.table.get(jobId)?.command === 'durable'));
    expect(again.driver.status().lastIndex).toBeGreaterThan(lastIndex); // the new leader's no-op follows the old log
  });
});

describe('partitions injected on real links', () => {
  it('let the majority elect a leader while the isolated old leader steps down and cannot commit', async () => {
    cluster = await LocalCluster.start(3);
    const old = await cluster.waitForLeader();
    cluster.isolate(old.config.nodeId);
    const pending = old.driver.propose(submit('isolated').data);
    await expect(pending).rejects.toMatchObject({ kind: 'leadership-lost' });
    await until(() => cluster!.leaders().some((n) => n !== old));
    cluster.heal();
    await until(() => cluster!.leaders().length === 1 && cluster!.leaders()[0] !== old);
  });
});
