// SPEC §3 "Client writes": a retried submit with the same idempotency key gets the
// original job back, deduplicated inside the state machine (so across failovers too).
import { JobStatus } from '@sched/rpc/gen';
import * as commands from './commands';
import { JobTable } from './job-table';
import { Log, T0, assign, jobId, reasons, register, report, submit } from './test-log.test-util';

describe('idempotent submit', () => {
  it('keeps one job for two submits with the same key, and names the original', () => {
    const log = new Log(2);
    log.apply(submit(1, { idempotencyKey: 'retry-1' }));
    // The retry reached another leader, which chose a new id and a new time.
    const retry = log.apply(submit(2, { idempotencyKey: 'retry-1', createdAtMs: T0 + 999n }));
    expect(retry.noops).toEqual([expect.objectContaining({ reason: 'duplicate-idempotency-key', jobId: jobId(1) })]);
    for (const t of log.tables) {
      expect(t.size).toBe(1);
      expect(t.getByIdempotencyKey('retry-1')).toMatchObject({ id: jobId(1), createdAtMs: T0 + 1n });
    }
  });

  it('deduplicates whatever state the original is in, even at capacity', () => {
    const log = new Log(1, { capacity: 1 });
    log.applyAll(register(1), submit(1, { idempotencyKey: 'k' }));
    expect(reasons(log.apply(submit(2, { idempotencyKey: 'k' })))).toEqual(['duplicate-idempotency-key']);
    log.applyAll(assign(1, 1), report(1, 1, 'completed'));
    expect(reasons(log.apply(submit(3, { idempotencyKey: 'k' })))).toEqual(['duplicate-idempotency-key']);
    expect(log.table.get(jobId(1))?.status).toBe(JobStatus.COMPLETED);
  });

  it('treats different keys, and no key, as different submits', () => {
    const log = new Log();
    log.applyAll(submit(1, { idempotencyKey: 'a' }), submit(2, { idempotencyKey: 'b' }), submit(3), submit(4));
    expect(log.table.size).toBe(4);
  });

  it('survives a snapshot', () => {
    const log = new Log();
    log.apply(submit(1, { idempotencyKey: 'k' }));
    const restored = JobTable.restore(log.table.snapshot());
    expect(reasons(restored.apply(submit(2, { idempotencyKey: 'k' }), { index: 2, term: 1 }))).toEqual(['duplicate-idempotency-key']);
    expect(restored.apply(commands.cancelJob(jobId(1), T0), { index: 3, term: 1 }).effects).toHaveLength(1);
  });
});
