import { formatSeconds } from './format-duration';
import { toExecutionResult } from './result-mapping';
import type { ProcessEnd, ProcessRun } from './run-process-tree';
import { spawnErrorText } from './spawn-error';

const empty = { text: '', truncated: false, droppedBytes: 0 };
const run = (end: ProcessEnd, stderr = '', afterKillError?: string): ProcessRun => ({
  end,
  stdout: empty,
  stderr: { ...empty, text: stderr },
  startedAtMs: 1,
  finishedAtMs: 2,
  ...(afterKillError === undefined ? {} : { afterKillError }),
});

describe('result mapping (REF §8)', () => {
  it.each([
    [30_000, '30s'],
    [300, '0.3s'],
    [1_500, '1.5s'],
    [1, '0.001s'],
    [90_000, '90s'],
  ])('formats a %d ms timeout as %s', (ms, text) => {
    expect(formatSeconds(ms)).toBe(text);
  });

  it('exit 0 is completed with exit code 0', () => {
    expect(toExecutionResult(run({ kind: 'exited', code: 0, signal: null }), 1000)).toEqual({ outcome: 'completed', exitCode: 0, stdout: empty, stderr: empty, startedAtMs: 1, finishedAtMs: 2 });
  });

  it('non-zero exit: failed, error = stderr, else Exit code: Some(n)', () => {
    expect(toExecutionResult(run({ kind: 'exited', code: 2, signal: null }, 'bad\n'), 1000)).toMatchObject({ outcome: 'failed', exitCode: 2, error: 'bad\n' });
    expect(toExecutionResult(run({ kind: 'exited', code: 2, signal: null }), 1000)).toMatchObject({ outcome: 'failed', exitCode: 2, error: 'Exit code: Some(2)' });
  });

  it('killed by a signal: failed, Exit code: None, the signal recorded, no exit code', () => {
    const result = toExecutionResult(run({ kind: 'exited', code: null, signal: 'SIGSEGV' }), 1000);
    expect(result).toMatchObject({ outcome: 'failed', signal: 'SIGSEGV', error: 'Exit code: None' });
    expect(result).not.toHaveProperty('exitCode');
  });

  it('timeout: failed, Timed out after <timeout>, clean-up failure appended', () => {
    expect(toExecutionResult(run({ kind: 'timed-out' }), 30_000)).toMatchObject({ outcome: 'failed', error: 'Timed out after 30s' });
    expect(toExecutionResult(run({ kind: 'timed-out' }, '', 'docker rm -f x failed: boom'), 300).error).toBe('Timed out after 0.3s; docker rm -f x failed: boom');
  });

  it('cancel: cancelled, no error unless the clean-up failed', () => {
    expect(toExecutionResult(run({ kind: 'cancelled' }), 1000)).not.toHaveProperty('error');
    expect(toExecutionResult(run({ kind: 'cancelled' }, '', 'rm failed'), 1000)).toMatchObject({ outcome: 'cancelled', error: 'Cancelled; rm failed' });
  });

  it("spawn failure: the OS error text in Rust's form", () => {
    const enoent = Object.assign(new Error('spawn docker ENOENT'), { errno: -2, code: 'ENOENT' });
    expect(toExecutionResult(run({ kind: 'spawn-failed', error: enoent }), 1000)).toMatchObject({ outcome: 'failed', error: 'No such file or directory (os error 2)' });
    expect(spawnErrorText(Object.assign(new Error('x'), { errno: -13 }))).toBe('Permission denied (os error 13)');
    expect(spawnErrorText(new TypeError('argument must not contain null bytes'))).toBe('argument must not contain null bytes');
  });
});
