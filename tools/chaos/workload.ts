import { Code, ConnectError } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { ClusterClient } from '../harness/cluster-client';
import type { History, Operation } from './history';
import { Random } from './random';
import { jobScript } from './side-effects';

export interface WorkloadOptions {
  readonly urls: ReadonlyMap<number, string>;
  readonly effectsDir: string;
  readonly clients: number;
  readonly seed: number;
  readonly history: History;
}

const OPERATIONS = { submit: 6, cancel: 2, read: 2 } as const;
/** How long a job's script runs, in 50 ms marks: some longer than the nodes' 2.5 s worker liveness, so a cut-off worker's job outlives the leader's patience unless the worker fences itself. */
const JOB_DURATIONS_MS = [0, 50, 200, 500, 1000, 3000] as const;
const SUBMIT_DEADLINE_MS = 8000;
const CANCEL_DEADLINE_MS = 5000;
const READ_TIMEOUT_MS = 3000;
/** Pause between one client's operations. */
const THINK_MS = 50;

/**
 * Concurrent clients, each on connections of its own, submitting side-effect jobs (with an
 * idempotency key, retried until acknowledged or out of time), cancelling acknowledged
 * jobs, and reading acknowledged jobs with `consistent: true` from a random node, until
 * `stopAtMs`. Every request and answer goes into the history.
 */
export async function runWorkload(options: WorkloadOptions, stopAtMs: number): Promise<void> {
  const seeds = new Random(options.seed);
  await Promise.all(Array.from({ length: options.clients }, (_, k) => runClient(options, k + 1, new Random(seeds.fork()), stopAtMs)));
}

async function runClient(options: WorkloadOptions, client: number, random: Random, stopAtMs: number): Promise<void> {
  const cluster = new ClusterClient({ urls: options.urls, callTimeoutMs: 2000 });
  const ids = [...options.urls.keys()];
  try {
    for (let n = 1; Date.now() < stopAtMs; n++) {
      const acked = [...options.history.acknowledged.values()];
      const op = acked.length === 0 ? 'submit' : random.weighted(OPERATIONS);
      const startMs = Date.now();
      const base = { client, startMs };
      let operation: Operation;
      if (op === 'submit') {
        const key = `c${client}-${n}`;
        const command = jobScript(options.effectsDir, key, random.pick(JOB_DURATIONS_MS));
        const outcome = await cluster.onLeader(async (c) => (await c.submitJob({ command, idempotencyKey: key })).jobId, SUBMIT_DEADLINE_MS);
        operation = outcome.ok ? { ...base, op, key, ok: true, value: outcome.value, endMs: Date.now() } : { ...base, op, key, ...failure(outcome.error) };
      } else if (op === 'cancel') {
        const jobId = random.pick(acked);
        const outcome = await cluster.onLeader((c) => c.cancelJob({ jobId }), CANCEL_DEADLINE_MS);
        operation = outcome.ok
          ? { ...base, op, jobId, ok: true, success: outcome.value.success, value: outcome.value.message, endMs: Date.now() }
          : { ...base, op, jobId, ...failure(outcome.error) };
      } else {
        const jobId = random.pick(acked);
        const node = random.pick(ids);
        try {
          const status = await cluster.node(node).getJobStatus({ jobId, consistent: true }, { timeoutMs: READ_TIMEOUT_MS });
          operation = { ...base, op, jobId, node, ok: true, value: JobStatus[status.status], endMs: Date.now() };
        } catch (error) {
          operation = { ...base, op, jobId, node, ...failure(ConnectError.from(error)) };
        }
      }
      options.history.record(operation);
      await new Promise((resolve) => setTimeout(resolve, THINK_MS));
    }
  } finally {
    cluster.close();
  }
}

function failure(error: ConnectError): { ok: false; error: string; endMs: number } {
  return { ok: false, error: `${Code[error.code]}: ${error.rawMessage}`, endMs: Date.now() };
}
