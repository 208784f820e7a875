import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './executor/executor-cases.test-util';

// The lease keeper on real processes: a stand-in for the node (this script) runs one exec
// job under a LeaseKeeper and renews the lease every 100 ms for 600 ms ahead, unless told
// not to. The job writes its shell's pid, starts a `sleep` of its own, and loops.
jest.setTimeout(30_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
/** Whether `pid` runs: a zombie (killed, not yet reaped by its paused or dead parent) does not. */
const isAlive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

function nodeStandIn(dir: string, renew: boolean): ChildProcess {
  const script = `
    const { ExecExecutor } = require(${JSON.stringify(join(__dirname, 'executor', 'exec-executor.ts'))});
    const { LeaseKeeper } = require(${JSON.stringify(join(__dirname, 'lease-keeper.ts'))});
    const { monotonicMs } = require(${JSON.stringify(join(__dirname, '..', 'monotonic-clock.ts'))});
    const keeper = new LeaseKeeper(50, () => {});
    keeper.renew(monotonicMs() + 600);
    ${renew ? 'setInterval(() => keeper.renew(monotonicMs() + 600), 100);' : 'setInterval(() => {}, 1000);'}
    const job = 'echo $$ > ${dir}/shell; sleep 1000 & echo $! > ${dir}/sleep; while true; do sleep 0.05; done';
    new ExecExecutor({ setprivPath: null }).run({ jobId: 'j', attempt: 1, command: job, timeoutMs: 60000 }, new AbortController().signal);
  `;
  return spawn(process.execPath, ['--conditions=@sched/source', '-r', join(ROOT, 'tools', 'register-ts.cjs'), '-e', script], { stdio: 'ignore' });
}

async function pids(dir: string): Promise<{ shell: number; sleep: number }> {
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  await eventually(() => read('shell').endsWith('\n') && read('sleep').endsWith('\n'), 10_000, 'the job started');
  return { shell: Number(read('shell')), sleep: Number(read('sleep')) };
}

describe('LeaseKeeper', () => {
  let dir: string;
  let parent: ChildProcess | undefined;
  let started: { shell: number; sleep: number } | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sched-lease-'))));
  afterEach(() => {
    parent?.kill('SIGCONT');
    parent?.kill('SIGKILL');
    for (const pid of [started?.shell, started?.sleep]) if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    started = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the job running while the lease is renewed', async () => {
    parent = nodeStandIn(dir, true);
    started = await pids(dir);
    await new Promise((r) => setTimeout(r, 1500));
    expect(isAlive(started.shell)).toBe(true);
    expect(isAlive(started.sleep)).toBe(true);
  });

  it('kills the whole job while the node is paused (SIGSTOP), once the lease runs out', async () => {
    parent = nodeStandIn(dir, true);
    started = await pids(dir);
    parent.kill('SIGSTOP');
    const { shell, sleep } = started;
    await eventually(() => !isAlive(shell) && !isAlive(sleep), 3000, 'job processes gone while the node is paused');
  });

  it('kills the job when the lease is not renewed', async () => {
    parent = nodeStandIn(dir, false);
    started = await pids(dir);
    const { shell } = started;
    await eventually(() => !isAlive(shell), 3000, 'job shell gone');
  });

  it('kills the whole job, grandchildren included, when the node is killed -9', async () => {
    parent = nodeStandIn(dir, true);
    started = await pids(dir);
    await new Promise((r) => setTimeout(r, 1000)); // the keeper lists jobs every 500 ms
    parent.kill('SIGKILL');
    const { shell, sleep } = started;
    await eventually(() => !isAlive(shell) && !isAlive(sleep), 3000, 'job processes gone with the node');
  });
});
