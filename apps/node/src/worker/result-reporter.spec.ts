import { JobStatus } from '@sched/rpc/gen';
import { type ApplyResult, commands, JobTable } from '@sched/scheduler';
import { MemoryReportOutbox } from '@sched/storage';
import { createLogger } from '../log/logger';
import { ResultReporter, type ResultReporterOptions } from './result-reporter';

const quiet = createLogger('error', () => {});
const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];

/** A table where every job of `ids` is Running attempt 1 on worker 1. */
function runningTable(): JobTable {
  const table = JobTable.create();
  let index = 0;
  const apply = (c: Parameters<JobTable['apply']>[0]) => table.apply(c, { index: ++index, term: 1 });
  apply(commands.registerWorker(1n, 4, ['exec']));
  for (const jobId of ids) {
    apply(commands.submitJob({ jobId, command: 'true', createdAtMs: 1n }));
    apply(commands.assignJob({ jobId, workerId: 1n, attempt: 1 }));
  }
  return table;
}

const update = (jobId: string) => ({ jobId, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1, exitCode: 0, completedAtMs: 5n });

function reporter(over: Partial<Omit<ResultReporterOptions, 'table'>> & { outbox: MemoryReportOutbox; table: JobTable }) {
  const proposed: string[] = [];
  const { table } = over;
  const options: ResultReporterOptions = {
    isLeader: () => true,
    leaderAddress: () => undefined,
    internalClient: () => {
      throw new Error('not used');
    },
    propose: (command) => {
      proposed.push(command.commandType.case ?? 'none');
      return Promise.resolve({ effects: [], noops: [] } as ApplyResult);
    },
    retryMs: 5,
    log: quiet,
    ...over,
    table: () => table,
  };
  return { reporter: new ResultReporter(options), proposed };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('the result reporter', () => {
  it('sends the results waiting together, as one batch entry, and forgets them once committed', async () => {
    const outbox = new MemoryReportOutbox();
    const { reporter: r, proposed } = reporter({ outbox, table: runningTable() });
    for (const id of ids) r.add(update(id));
    r.start();
    await settle();
    expect(proposed).toEqual(['batchUpdateJobStatus']);
    expect(outbox.all()).toEqual([]);
    expect(r.size).toBe(0);
  });

  it('keeps results in the outbox until committed, retrying failed reports, and resends them after a restart', async () => {
    const outbox = new MemoryReportOutbox();
    let fail = true;
    const first = reporter({ outbox, table: runningTable(), propose: () => (fail ? Promise.reject(new Error('no quorum')) : Promise.resolve({ effects: [], noops: [] })) });
    first.reporter.add(update(ids[0]!));
    first.reporter.start();
    await settle();
    expect(outbox.all().map((e) => e.key)).toEqual([`${ids[0]}/1`]);
    first.reporter.stop();
    // The process restarts: a new reporter finds the result in the outbox and sends it.
    fail = false;
    const second = reporter({ outbox, table: runningTable() });
    expect(second.reporter.has(`${ids[0]}/1`)).toBe(true);
    second.reporter.start();
    await settle();
    expect(second.proposed).toEqual(['updateJobStatus']);
    expect(outbox.all()).toEqual([]);
  });

  it('drops a result whose attempt the table no longer shows running (superseded or already applied)', async () => {
    const outbox = new MemoryReportOutbox();
    const table = runningTable();
    const { reporter: r, proposed } = reporter({ outbox, table });
    table.apply(commands.cancelJob(ids[1]!, 9n), { index: 100, term: 1 });
    r.add(update(ids[1]!));
    r.start();
    await settle();
    expect(proposed).toEqual([]);
    expect(outbox.all()).toEqual([]);
  });
});
