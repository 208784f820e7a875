import type { ConnectRouter } from '@connectrpc/connect';
import { notLeaderError } from './errors';
import { JobStatus, SchedulerService } from './gen/scheduler_pb';
import { peerCertificateKey } from './peer-certificate';
import { type RpcServer, startRpcServer } from './server';

/** The leader the fixture's not-leader errors point to. */
export const FIXTURE_LEADER = { id: 2, address: '127.0.0.1:50052' } as const;
export const FIXTURE_CREATED_AT_MS = 1_700_000_000_000n;
export const FIXTURE_STREAM_LENGTH = 3;

/**
 * Resolves after `ms`; if `signal` aborts first, never settles (and clears its timer). A
 * handler awaiting it behaves like one whose caller went away: it never writes an answer
 * to the dead stream, which connect-node would log as a failed handler.
 */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => clearTimeout(timer));
  });
}

/**
 * A trivial SchedulerService for transport tests, one behaviour per RPC:
 * - SubmitJob echoes `<CN of the client certificate, or "plaintext">:<command>`;
 * - GetJobStatus fails with the not-leader error naming FIXTURE_LEADER,
 *   CancelJob with "leader unknown", TransferLeadership with "leader id 3, address unknown";
 * - StreamJobs streams FIXTURE_STREAM_LENGTH jobs;
 * - ListJobs sleeps `page_size` milliseconds, then answers total_count = page_size (a call
 *   cancelled or past its deadline before that gets no answer from it);
 * - every other RPC is unimplemented (UNIMPLEMENTED).
 */
export function schedulerFixture(router: ConnectRouter): void {
  router.service(SchedulerService, {
    submitJob: (req, ctx) => ({
      jobId: `${ctx.values.get(peerCertificateKey)?.subject.CN ?? 'plaintext'}:${req.command}`,
      createdAtMs: FIXTURE_CREATED_AT_MS,
    }),
    getJobStatus: () => {
      throw notLeaderError(FIXTURE_LEADER);
    },
    cancelJob: () => {
      throw notLeaderError();
    },
    transferLeadership: () => {
      throw notLeaderError({ id: 3 });
    },
    async *streamJobs() {
      for (let i = 0; i < FIXTURE_STREAM_LENGTH; i++) {
        yield { jobId: `job-${i}`, command: `echo ${i}`, status: JobStatus.PENDING, createdAtMs: BigInt(i) };
      }
    },
    listJobs: async (req, ctx) => {
      await sleepUnlessAborted(req.pageSize, ctx.signal);
      return { totalCount: req.pageSize };
    },
  });
}

/** A plaintext server on 127.0.0.1 and a free port. */
export function startLocal(routes: (router: ConnectRouter) => void): Promise<RpcServer> {
  return startRpcServer({ host: '127.0.0.1', port: 0, routes });
}

/**
 * A SchedulerService whose GetClusterStatus ignores ctx.signal and never answers. Call it
 * without a deadline (`timeoutMs: 0`), so no server-side deadline timer outlives the test.
 */
export function neverAnswering(router: ConnectRouter): void {
  const never = new Promise<void>(() => undefined);
  router.service(SchedulerService, { getClusterStatus: async () => (await never, {}) });
}
