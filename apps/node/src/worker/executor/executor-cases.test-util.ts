import { readdirSync, readFileSync } from 'node:fs';
import type { ExecutionResult, Executor } from './executor';

/** Runs `command` on `executor` with a 10 s timeout (or the given one), not cancelled. */
export function runCommand(executor: Executor, command: string, timeoutMs = 10_000, signal = new AbortController().signal): Promise<ExecutionResult> {
  return executor.run({ jobId: 'test-job', attempt: 1, command, timeoutMs }, signal);
}

/**
 * Pids of live processes whose command line (arguments joined by spaces) matches the
 * regular expression `marker`, like `pgrep -f` but read from /proc (no procps needed).
 */
export function processesMatching(marker: string): number[] {
  const pattern = new RegExp(marker);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (pattern.test(cmdline.replace(/\0/g, ' ').trimEnd())) pids.push(Number(entry));
  }
  return pids;
}

/** Polls until `check` holds, failing after `withinMs`. */
export async function eventually(check: () => boolean, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A `sleep` duration no other process on the machine uses, to find our sleeps by. */
function uniqueSleep(): string {
  return `${30 + Math.floor(Math.random() * 1e6) / 1e7}`;
}

/**
 * The reference's executor expectations (REF §8 / §11.13), plus timeout, cancel, output
 * cap and decoding, and that timeout and cancel kill the job's whole process tree. Every
 * test stops what it started: jobs are run to their end, or cancelled in afterEach.
 */
export function describeExecutorContract(make: () => Executor): void {
  const controllers: AbortController[] = [];
  const started = (): AbortSignal => {
    const controller = new AbortController();
    controllers.push(controller);
    return controller.signal;
  };
  afterEach(() => {
    for (const controller of controllers.splice(0)) controller.abort();
  });

  describe('reference expectations (REF §8)', () => {
    it('echo hello: completed, output hello\\n, no error', async () => {
      const result = await runCommand(make(), 'echo hello');
      expect(result).toMatchObject({ outcome: 'completed', exitCode: 0, stdout: { text: 'hello\n', truncated: false } });
      expect(result.error).toBeUndefined();
      expect(result.finishedAtMs).toBeGreaterThanOrEqual(result.startedAtMs);
    });

    it('true: completed with no output', async () => {
      const result = await runCommand(make(), 'true');
      expect(result).toMatchObject({ outcome: 'completed', stdout: { text: '' }, stderr: { text: '' } });
    });

    it('seq 1 1000: 1000 lines', async () => {
      const result = await runCommand(make(), 'seq 1 1000');
      const lines = result.stdout.text.trimEnd().split('\n');
      expect(lines).toHaveLength(1000);
      expect(lines[999]).toBe('1000');
    });

    it('exit 1: failed with exit code 1 and an error', async () => {
      const result = await runCommand(make(), 'exit 1');
      expect(result).toMatchObject({ outcome: 'failed', exitCode: 1, error: 'Exit code: Some(1)' });
    });

    it('stderr of a failing command is the error', async () => {
      const result = await runCommand(make(), 'echo oops >&2; exit 3');
      expect(result).toMatchObject({ outcome: 'failed', exitCode: 3, error: 'oops\n', stderr: { text: 'oops\n' } });
    });

    it('stderr is kept on success too', async () => {
      const result = await runCommand(make(), 'echo out; echo warn >&2');
      expect(result).toMatchObject({ outcome: 'completed', stdout: { text: 'out\n' }, stderr: { text: 'warn\n' } });
    });

    it('unknown command: failed, exit 127', async () => {
      const result = await runCommand(make(), 'no-such-command-sched-test');
      expect(result).toMatchObject({ outcome: 'failed', exitCode: 127 });
      expect(result.error).toContain('not found');
    });

    it('multi-line output', async () => {
      const result = await runCommand(make(), "printf 'line1\\nline2\\nline3\\n'");
      expect(result.stdout.text.split('\n').filter((line) => line !== '')).toEqual(['line1', 'line2', 'line3']);
    });

    it("echo 'hello $USER' stays literal", async () => {
      expect((await runCommand(make(), "echo 'hello $USER'")).stdout.text).toBe('hello $USER\n');
    });

    it("echo 'hello world' | wc -w is 2", async () => {
      expect((await runCommand(make(), "echo 'hello world' | wc -w")).stdout.text.trim()).toBe('2');
    });
  });

  describe('output', () => {
    it('caps a stream at 1 MiB with a visible marker, drains the rest, and still completes', async () => {
      const result = await runCommand(make(), "head -c 3000000 /dev/zero | tr '\\0' a");
      const dropped = 3_000_000 - 1024 * 1024;
      expect(result).toMatchObject({ outcome: 'completed', stdout: { truncated: true, droppedBytes: dropped } });
      expect(result.stdout.text).toBe('a'.repeat(1024 * 1024) + `\n[output truncated: ${dropped} bytes dropped]`);
    });

    it('replaces bytes that are not UTF-8', async () => {
      const result = await runCommand(make(), "printf 'ok \\377\\376 é\\n'");
      expect(result.stdout.text).toBe('ok \uFFFD\uFFFD é\n');
    });
  });

  describe('timeout and cancel kill the whole process tree', () => {
    it('formats the timeout like the reference and kills background children too', async () => {
      const sleep = uniqueSleep();
      const begun = Date.now();
      const result = await runCommand(make(), `sleep ${sleep} & sleep ${sleep}; wait`, 300);
      expect(result).toMatchObject({ outcome: 'failed', error: 'Timed out after 0.3s' });
      expect(result.exitCode).toBeUndefined();
      expect(Date.now() - begun).toBeLessThan(1300);
      await eventually(() => processesMatching(`sleep ${sleep}`).length === 0, 1000, `no 'sleep ${sleep}' left`);
    });

    it('cancel: resolves cancelled within 1 s and leaves no process behind', async () => {
      const sleep = uniqueSleep();
      const controller = new AbortController();
      controllers.push(controller);
      const running = runCommand(make(), `sleep ${sleep} & sleep ${sleep}; wait`, 30_000, controller.signal);
      await eventually(() => processesMatching(`^sleep ${sleep}`).length === 2, 5000, 'both sleeps started');
      const cancelledAt = Date.now();
      controller.abort();
      const result = await running;
      expect(result.outcome).toBe('cancelled');
      expect(result.exitCode).toBeUndefined();
      expect(Date.now() - cancelledAt).toBeLessThan(1000);
      await eventually(() => processesMatching(`sleep ${sleep}`).length === 0, 1000 - (Date.now() - cancelledAt), `no 'sleep ${sleep}' left`);
    });

    it('a job cancelled before it starts is cancelled without running', async () => {
      const controller = new AbortController();
      controller.abort();
      const result = await runCommand(make(), 'echo never', 10_000, controller.signal);
      expect(result).toMatchObject({ outcome: 'cancelled', stdout: { text: '' } });
    });

    it('background leftovers of a finished job are killed when its shell exits', async () => {
      const sleep = uniqueSleep();
      const result = await runCommand(make(), `sleep ${sleep} & echo started`, 10_000, started());
      expect(result).toMatchObject({ outcome: 'completed', stdout: { text: 'started\n' } });
      await eventually(() => processesMatching(`sleep ${sleep}`).length === 0, 1000, `no 'sleep ${sleep}' left`);
    });
  });

  it('refuses a job with an image (only docker workers run images)', async () => {
    const result = await make().run({ jobId: 'j', attempt: 1, command: 'true', image: 'alpine:latest', timeoutMs: 1000 }, new AbortController().signal);
    expect(result).toMatchObject({ outcome: 'failed', error: expect.stringContaining('need a docker worker') });
  });
}
