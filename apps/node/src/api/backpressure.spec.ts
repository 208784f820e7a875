import { Code } from '@connectrpc/connect';
import { RaftFailure } from '../raft/errors';
import { expectStatus, useServedNodes } from './api-harness.test-util';

const serve = useServedNodes();

/** REF §11.8, with the driver's queue and deadline replaced by a propose that fails the same way. */
describe('backpressure (REF §11.8)', () => {
  // REF's bound is 200 ms; what it separates is a refusal at once from a wait for Raft's
  // commit deadline (seconds), so the bound here leaves room for a loaded 2-core CI machine.
  it('a full proposal queue → RESOURCE_EXHAUSTED at once, without waiting for a deadline', async () => {
    const { node, scheduler } = await serve();
    node.proposeImpl = () => Promise.reject(new RaftFailure('queue-full', 'Server is overloaded; retry with backoff'));
    const started = performance.now();
    await expectStatus(scheduler.submitJob({ command: 'echo hi' }), Code.ResourceExhausted, 'Server is overloaded; retry with backoff');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a stalled Raft → DEADLINE_EXCEEDED `Raft did not commit the entry in time` when the driver gives up', async () => {
    const { node, scheduler } = await serve();
    const deadlineMs = 300;
    node.proposeImpl = () =>
      new Promise((_resolve, reject) => setTimeout(() => reject(new RaftFailure('deadline', 'Raft did not commit the entry in time')), deadlineMs));
    const started = performance.now();
    await expectStatus(scheduler.submitJob({ command: 'echo hi' }), Code.DeadlineExceeded, 'Raft did not commit the entry in time');
    expect(performance.now() - started).toBeGreaterThanOrEqual(deadlineMs - 5);
    expect(node.table().size).toBe(0);
  });

  it('a proposal that never completes leaves the client with its own deadline, never a success', async () => {
    const { node, scheduler } = await serve();
    node.proposeImpl = () => new Promise(() => undefined);
    await expectStatus(scheduler.submitJob({ command: 'echo hi' }, { timeoutMs: 200 }), Code.DeadlineExceeded);
  });

  it('a submit its client gave up on still commits, and is not answered into the dead stream', async () => {
    const { node, scheduler } = await serve();
    node.proposeImpl = (command) => new Promise((resolve) => setTimeout(() => resolve(node.apply(command)), 150));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expectStatus(scheduler.submitJob({ command: 'echo hi' }, { timeoutMs: 50 }), Code.DeadlineExceeded);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(node.table().size).toBe(1);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
