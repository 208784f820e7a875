import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { JobStatus, schedulerv1 } from '@sched/rpc/gen';
import * as commands from './commands';
import { JobTable } from './job-table';
import { SNAPSHOT_VERSION, SnapshotError } from './snapshot-codec';
import { Log, T0, assign, jobId, register, report, submit } from './test-log.test-util';

function busyLog(): Log {
  const log = new Log();
  log.applyAll(register(1, 2), register(2, 1, ['exec']), commands.setWorkerDraining(2n, true));
  log.applyAll(submit(1, { idempotencyKey: 'a' }), submit(2, { image: 'alpine' }), submit(3), submit(4, { createdAtMs: 1n }));
  log.applyAll(assign(1, 1), assign(2, 1), report(1, 1, 'completed'), commands.cancelJob(jobId(3), T0));
  return log;
}

describe('snapshot / restore', () => {
  it('restores an equal table: same queries, same bytes, same applied position', () => {
    const log = busyLog();
    const bytes = log.table.snapshot();
    const restored = JobTable.restore(bytes);
    expect(restored.snapshot()).toEqual(bytes);
    expect([restored.appliedIndex, restored.appliedTerm]).toEqual([log.table.appliedIndex, 1]);
    expect(restored.stream()).toEqual(log.table.stream());
    expect(restored.workers()).toEqual(log.table.workers());
    expect([...restored.pending()]).toEqual([...log.table.pending()]);
    expect(restored.runningOn(1n)).toEqual(log.table.runningOn(1n));
    expect(restored.countsByStatus()).toEqual(log.table.countsByStatus());
    expect(restored.getByIdempotencyKey('a')?.id).toBe(jobId(1));
  });

  it('continues exactly like the original after restore', () => {
    const log = busyLog();
    const restored = JobTable.restore(log.table.snapshot());
    const next = [submit(5), assign(4, 1), commands.workerLost(1n, T0 + 9n), commands.evictJobs(T0 + 10n)];
    let index = log.table.appliedIndex;
    for (const c of next) {
      index++;
      expect(restored.apply(c, { index, term: 2 })).toEqual(log.table.apply(c, { index, term: 2 }));
    }
    expect(restored.snapshot()).toEqual(log.table.snapshot());
  });

  it('writes a versioned protobuf TableSnapshot with 16-byte ids, jobs in submit order', () => {
    const decoded = fromBinary(schedulerv1.TableSnapshotSchema, busyLog().table.snapshot());
    expect(decoded.version).toBe(SNAPSHOT_VERSION);
    expect(decoded.jobs.map((j) => j.id.length)).toEqual([16, 16, 16, 16]);
    expect(decoded.jobs.map((j) => j.status)).toEqual([JobStatus.COMPLETED, JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.PENDING]);
    expect(decoded.workers.map((w) => [w.id, w.draining])).toEqual([
      [1n, false],
      [2n, true],
    ]);
  });

  it('writes exactly the bytes protobuf-es writes for the same TableSnapshot, and reads them back', () => {
    const bytes = busyLog().table.snapshot();
    const decoded = fromBinary(schedulerv1.TableSnapshotSchema, bytes);
    expect(toBinary(schedulerv1.TableSnapshotSchema, decoded)).toEqual(bytes);
    const reencoded = toBinary(schedulerv1.TableSnapshotSchema, create(schedulerv1.TableSnapshotSchema, decoded));
    expect(JobTable.restore(reencoded).snapshot()).toEqual(bytes);
  });

  it('skips fields it does not know (an additive newer writer)', () => {
    const bytes = busyLog().table.snapshot();
    const withExtra = Uint8Array.from([...bytes, 0xf8, 0x06, 0x01]); // field 111, varint 1
    expect(JobTable.restore(withExtra).snapshot()).toEqual(bytes);
  });

  it('snapshots an empty table and restores it', () => {
    const empty = JobTable.create();
    expect(JobTable.restore(empty.snapshot()).snapshot()).toEqual(empty.snapshot());
  });

  it.each([
    ['bytes that are not a snapshot', Uint8Array.of(0x0a, 0xff)],
    ['an unknown version', toBinary(schedulerv1.TableSnapshotSchema, create(schedulerv1.TableSnapshotSchema, { version: 2 }))],
    ['empty bytes (version 0)', new Uint8Array()],
    [
      'a short job id',
      toBinary(schedulerv1.TableSnapshotSchema, create(schedulerv1.TableSnapshotSchema, { version: 1, jobs: [{ id: Uint8Array.of(1), status: JobStatus.PENDING }] })),
    ],
    [
      'an unknown status',
      toBinary(schedulerv1.TableSnapshotSchema, create(schedulerv1.TableSnapshotSchema, { version: 1, jobs: [{ id: new Uint8Array(16), status: 0 }] })),
    ],
    [
      'a repeated job id',
      toBinary(
        schedulerv1.TableSnapshotSchema,
        create(schedulerv1.TableSnapshotSchema, {
          version: 1,
          jobs: [
            { id: new Uint8Array(16), status: JobStatus.PENDING },
            { id: new Uint8Array(16), status: JobStatus.FAILED },
          ],
        }),
      ),
    ],
    [
      'a repeated idempotency key',
      toBinary(
        schedulerv1.TableSnapshotSchema,
        create(schedulerv1.TableSnapshotSchema, {
          version: 1,
          jobs: [
            { id: new Uint8Array(16), status: JobStatus.PENDING, idempotencyKey: 'k' },
            { id: new Uint8Array(16).fill(1), status: JobStatus.FAILED, idempotencyKey: 'k' },
          ],
        }),
      ),
    ],
    [
      'a repeated worker id',
      toBinary(schedulerv1.TableSnapshotSchema, create(schedulerv1.TableSnapshotSchema, { version: 1, workers: [{ id: 3n }, { id: 3n }] })),
    ],
  ])('refuses %s', (_what, bytes) => {
    expect(() => JobTable.restore(bytes)).toThrow(SnapshotError);
  });
});
