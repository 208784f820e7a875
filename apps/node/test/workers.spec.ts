import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, ProcessCluster, sched } from './server-process.test-util';

jest.setTimeout(120_000);

interface JobView {
  readonly job_id: string;
  readonly status: string;
  readonly output: string;
  readonly executed_by: number;
  readonly assigned_worker: number;
}

/**
 * Issue 6 on real processes: many jobs spread over the workers; a node killed while it runs
 * jobs loses them to the others, and when it comes back it does not run them again (the
 * `exec` executor lets each run leave a mark in a host file).
 */
describe('workers of a three-process cluster', () => {
  let cluster: ProcessCluster;
  const url = (id: number) => cluster.url(id);
  let keys = 0;
  /** Submits like a careful client: with an idempotency key, retrying what may not have committed. */
  const submitWith = async (flags: string[], command: string) => {
    const key = `test-${++keys}`;
    for (let attempt = 1; ; attempt++) {
      const r = await sched('job', '-a', url(1), 'submit', '--idempotency-key', key, ...flags, command);
      if (r.code === 0) return /Job ID: (\S+)/.exec(r.stdout)![1]!;
      if (attempt === 5 || !/Leadership (was lost|is being transferred)|Leader unknown|Not the leader/.test(r.stderr)) throw new Error(r.stderr);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const submit = (command: string) => submitWith([], command);
  const status = async (id: string, via: number) => JSON.parse((await sched('job', '-a', url(via), '-o', 'json', 'status', id)).stdout) as JobView;
  /** The leader as node `via` sees it, once it names a running node. */
  const leaderOf = async (via: number) =>
    eventually(async () => {
      const id = (JSON.parse((await sched('cluster', '-a', url(via), '-o', 'json', 'status')).stdout) as { leader_id: number }).leader_id;
      return id > 0 && cluster.servers.has(id) ? id : undefined;
    });
  const allAlive = (via: number) =>
    eventually(async () => ((await sched('cluster', '-a', url(via), 'status')).stdout.match(/\[\+\] alive/g)?.length === 3 ? true : undefined));

  beforeAll(async () => {
    cluster = await ProcessCluster.create(3, [
      '--tick-ms', '10', '--election-timeout-ms', '300', '--heartbeat-interval-ms', '50',
      '--executor', 'exec', '--worker-slots', '4', '--worker-heartbeat-ms', '200', '--worker-liveness-ms', '1500', '--shutdown-grace-ms', '1000',
    ]);
    cluster.startAll();
    await eventually(async () => ((await sched('cluster', '-a', url(1), 'status')).stdout.includes('[+] alive') ? true : undefined));
  });
  afterAll(() => cluster.destroy());

  it('runs 200 concurrent echo jobs, each once with its output, on all three workers', async () => {
    const ids = await Promise.all(Array.from({ length: 200 }, (_, k) => submit(`echo job-${k}`)));
    // Node 2 fetches each output from the node that ran the job (2 s deadline, empty on
    // failure, as REF): under load a first read may come back without it, a later one not.
    const done = await eventually(async () => {
      const all = await Promise.all(ids.map((id) => status(id, 2)));
      return all.every((j, k) => j.status === 'COMPLETED' && j.output === `job-${k}\n`) ? all : undefined;
    }, 60_000);
    done.forEach((job, k) => expect(job.output).toBe(`job-${k}\n`));
    expect(new Set(done.map((j) => j.executed_by))).toEqual(new Set([1, 2, 3]));
  });

  it('requeues the jobs of a killed node, and the node does not run them again when it returns', async () => {
    const marks = join(cluster.root, 'marks');
    const ids = await Promise.all([0, 1, 2, 3, 4, 5].map((k) => submit(`mkdir -p ${marks}; echo ran >> ${marks}/job-${k}; sleep 3`)));
    const running = await eventually(async () => {
      const all = await Promise.all(ids.map((id) => status(id, 1)));
      return all.every((j) => j.status === 'RUNNING') ? all : undefined;
    });
    // RUNNING means assigned; wait until every job has also left its first mark.
    await eventually(async () => (ids.every((_, k) => existsSync(join(marks, `job-${k}`))) ? true : undefined));
    // A follower: killing the leader is the next test's case (its workers may fence and
    // re-run their jobs while a new leader is elected, which is not what this test counts).
    const leader = await leaderOf(1);
    const victim = running.map((j) => j.assigned_worker).find((worker) => worker !== leader);
    if (victim === undefined) throw new Error(`all six jobs run on the leader ${leader}`);
    const onVictim = running.map((j) => j.assigned_worker === victim);
    await cluster.stop(victim, 'SIGKILL');
    try {
      const finished = await eventually(async () => {
        const all = await Promise.all(ids.map((id) => status(id, leader)));
        return all.every((j) => j.status === 'COMPLETED') ? all : undefined;
      }, 60_000);
      finished.forEach((j, k) => expect(onVictim[k] ? j.executed_by !== victim : j.executed_by === running[k]!.assigned_worker).toBe(true));
      // A job of the killed node ran twice (the killed attempt, then the requeued one); the others once.
      expect(runs()).toEqual(onVictim.map((lost) => (lost ? 2 : 1)));
    } finally {
      cluster.start(victim);
      await allAlive(leader);
    }
    await new Promise((r) => setTimeout(r, 4000)); // longer than a job: a re-run would have left its mark
    expect(runs()).toEqual(onVictim.map((lost) => (lost ? 2 : 1)));

    function runs(): number[] {
      return ids.map((_, k) => readFileSync(join(marks, `job-${k}`), 'utf8').split('\n').filter(Boolean).length);
    }
  });

  it('finishes every job with its output when the leader is killed while followers finish theirs', async () => {
    const ids = await Promise.all([0, 1, 2, 3, 4, 5].map((k) => submit(`sleep 1; echo finished-${k}`)));
    await eventually(async () => ((await Promise.all(ids.map((id) => status(id, 1)))).every((j) => j.status === 'RUNNING') ? true : undefined));
    const leader = await leaderOf(1);
    await cluster.stop(leader, 'SIGKILL');
    const via = [1, 2, 3].find((id) => id !== leader)!;
    try {
      const done = await eventually(async () => {
        const all = await Promise.all(ids.map((id) => status(id, via)));
        return all.every((j) => j.status === 'COMPLETED') ? all : undefined;
      }, 60_000);
      // Jobs that ran on the killed leader were requeued and ran again elsewhere; the others
      // reported to the new leader (or, fenced while it was elected, ran again). Either way:
      // completed with the output, read from any node.
      done.forEach((job, k) => expect(job.output).toBe(`finished-${k}\n`));
    } finally {
      // Bring the killed node back, so the next test finds all three.
      cluster.start(leader);
      await allAlive(via);
      await eventually(async () => ((await sched('cluster', '-a', url(1), 'status')).code === 0 ? true : undefined));
    }
  });

  it('kills a cancelled running job within a second, and fails a job past its timeout', async () => {
    const pidFile = join(cluster.root, 'cancel.pid');
    const id = await submit(`echo $$ > ${pidFile}; exec sleep 60`);
    await eventually(async () => ((await status(id, 1)).status === 'RUNNING' && readFileSync(pidFile, 'utf8').trim() !== '' ? true : undefined));
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect((await sched('job', '-a', url(1), 'cancel', id)).code).toBe(0);
    const cancelledAt = Date.now();
    await eventually(async () => (existsSync(`/proc/${pid}`) ? undefined : true), 5000);
    expect(Date.now() - cancelledAt).toBeLessThan(1500);
    expect((await status(id, 1)).status).toBe('CANCELLED');

    const timed = await submitWith(['--timeout-ms', '500'], 'sleep 60');
    const failed = await eventually(async () => {
      const r = await sched('job', '-a', url(1), '-o', 'json', 'status', timed);
      const job = JSON.parse(r.stdout) as JobView & { error: string };
      return job.status === 'FAILED' ? job : undefined;
    }, 10_000);
    expect(failed.error).toBe('Timed out after 0.5s');
  });
});
