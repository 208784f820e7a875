import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecExecutor } from './exec-executor';
import { describeExecutorContract, eventually, processesMatching, runCommand } from './executor-cases.test-util';

describe('ExecExecutor', () => {
  describeExecutorContract(() => new ExecExecutor());

  it('starts jobs with the minimal environment, not the node\'s', async () => {
    process.env['SCHED_TEST_SECRET'] = 'leak';
    try {
      const result = await runCommand(new ExecExecutor(), 'env');
      const names = result.stdout.text.split('\n').filter((line) => line !== '').map((line) => line.split('=')[0]);
      expect(names).not.toContain('SCHED_TEST_SECRET');
      expect(names).toEqual(expect.arrayContaining(['PATH', 'HOME', 'LANG']));
    } finally {
      delete process.env['SCHED_TEST_SECRET'];
    }
  });

  it('uses the configured output cap', async () => {
    const result = await runCommand(new ExecExecutor({ outputLimitBytes: 4 }), 'printf 123456; printf abcdef >&2');
    expect(result.stdout).toEqual({ text: '1234\n[output truncated: 2 bytes dropped]', truncated: true, droppedBytes: 2 });
    expect(result.stderr).toEqual({ text: 'abcd\n[output truncated: 2 bytes dropped]', truncated: true, droppedBytes: 2 });
  });

  it('reports a job killed by a signal as Exit code: None with the signal', async () => {
    const result = await runCommand(new ExecExecutor(), 'kill -9 $$');
    expect(result).toMatchObject({ outcome: 'failed', signal: 'SIGKILL', error: 'Exit code: None' });
    expect(result.exitCode).toBeUndefined();
  });
});

describe('ExecExecutor with a process that leaves the job\'s process group', () => {
  it('finishes the job once sh exits; the escaped process is not isolated (exec has no PID namespace)', async () => {
    const marker = `sleep 3${Math.floor(Math.random() * 1e6)}`;
    const begun = Date.now();
    try {
      const result = await runCommand(new ExecExecutor(), `setsid ${marker} & echo hi`);
      expect(result).toMatchObject({ outcome: 'completed', stdout: { text: 'hi\n' } });
      expect(Date.now() - begun).toBeLessThan(3000); // the escaped sleep lasts for weeks
    } finally {
      for (const pid of processesMatching(marker)) process.kill(pid, 'SIGKILL');
    }
  });
});

describe('ExecExecutor when the node dies', () => {
  const root = join(__dirname, '..', '..', '..', '..', '..');
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  /** Starts a node-like process that runs `command` on an ExecExecutor; resolves with it once the job wrote its pid. */
  async function parentRunning(command: string, pidFile: string): Promise<ChildProcess> {
    const script = [
      `const { ExecExecutor } = require(${JSON.stringify(join(__dirname, 'exec-executor.ts'))});`,
      `new ExecExecutor().run({ jobId: 'j', attempt: 1, command: ${JSON.stringify(command)}, timeoutMs: 60000 }, new AbortController().signal);`,
    ].join('\n');
    const parent = spawn(process.execPath, ['--conditions=@sched/source', '-r', join(root, 'tools', 'register-ts.cjs'), '-e', script], { stdio: 'ignore' });
    await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'), 10_000, 'the job wrote its pid');
    return parent;
  }

  it('kills the job shell with SIGKILL when the node is killed -9 (setpriv --pdeathsig)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-exec-'));
    const pidFile = join(dir, 'pid');
    try {
      const parent = await parentRunning(`echo $$ > ${pidFile}; while true; do sleep 0.05; done`, pidFile);
      const shell = Number(readFileSync(pidFile, 'utf8'));
      expect(isAlive(shell)).toBe(true);
      parent.kill('SIGKILL');
      await eventually(() => !isAlive(shell), 2000, `job shell ${shell} gone`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says in its summary whether the job shell dies with the node', () => {
    expect(new ExecExecutor().summary).toContain('the job shell dies with the node');
    expect(new ExecExecutor({ setprivPath: null }).summary).toContain('no setpriv: a job outlives a killed node');
  });
});
