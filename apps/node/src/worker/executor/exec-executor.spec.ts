import { ExecExecutor } from './exec-executor';
import { describeExecutorContract, processesMatching, runCommand } from './executor-cases.test-util';

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
      expect(Date.now() - begun).toBeLessThan(1000);
    } finally {
      for (const pid of processesMatching(marker)) process.kill(pid, 'SIGKILL');
    }
  });
});
