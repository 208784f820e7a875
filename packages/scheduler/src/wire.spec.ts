// WireWriter / WireReader against protobuf-es on the values that stress an encoder:
// negative int32/int64 (ten-byte varints), uint64 max, multi-byte and lone-surrogate
// strings, nested messages longer than 127 bytes (two-byte length prefix).
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { JobStatus, schedulerv1 } from '@sched/rpc/gen';
import * as commands from './commands';
import { JobTable } from './job-table';
import { Log, jobId, submit } from './test-log.test-util';
import { WireReader } from './wire-reader';
import { WireWriter } from './wire-writer';

function extremeTable(): JobTable {
  const log = new Log();
  const big = 2n ** 64n - 1n;
  log.apply(commands.registerWorker(big, 2 ** 32 - 1, ['docker', 'é', 'x'.repeat(200)]));
  log.apply(submit(1, { command: `é😀\ud800 ${'x'.repeat(1000)}`, createdAtMs: -(2n ** 63n), idempotencyKey: 'k'.repeat(300), timeoutMs: 2 ** 32 - 1 }));
  log.apply(commands.assignJob({ jobId: jobId(1), workerId: big, attempt: 1 }));
  log.apply(commands.updateJobStatus({ jobId: jobId(1), status: JobStatus.FAILED, executedBy: big, exitCode: -2147483648, completedAtMs: 2n ** 63n - 1n, attempt: 1 }));
  log.apply(submit(2, { command: 'ok', createdAtMs: 0n, image: '' }));
  return log.table;
}

describe('snapshot wire format', () => {
  it('writes what protobuf-es writes for extreme values, and reads it back', () => {
    const table = extremeTable();
    const bytes = table.snapshot();
    const decoded = fromBinary(schedulerv1.TableSnapshotSchema, bytes);
    expect(toBinary(schedulerv1.TableSnapshotSchema, decoded)).toEqual(bytes);
    expect(decoded.jobs[0]).toMatchObject({ exitCode: -2147483648, createdAtMs: -(2n ** 63n), completedAtMs: 2n ** 63n - 1n });
    expect(decoded.jobs[0]?.command.startsWith('é😀\ufffd ')).toBe(true);
    const restored = JobTable.restore(bytes);
    expect(restored.snapshot()).toEqual(bytes);
    expect(restored.get(jobId(1))).toMatchObject({ exitCode: -2147483648, assignedWorker: 2n ** 64n - 1n, createdAtMs: -(2n ** 63n) });
  });

  it('rejects truncated and malformed input', () => {
    const bytes = extremeTable().snapshot();
    expect(() => JobTable.restore(bytes.subarray(0, bytes.length - 3))).toThrow(/does not decode/);
    expect(() => new WireReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).big(false)).toThrow();
    expect(() => new WireReader(Uint8Array.of(0x0b)).skip(3)).toThrow(/wire type 3/);
  });

  it('grows its buffer for large outputs', () => {
    const w = new WireWriter();
    const chunk = 'y'.repeat(50_000);
    for (let i = 0; i < 4; i++) w.string(1, chunk);
    const r = new WireReader(w.finish());
    const read: string[] = [];
    while (r.more()) {
      r.key();
      read.push(r.string());
    }
    expect(read).toEqual([chunk, chunk, chunk, chunk]);
  });
});
