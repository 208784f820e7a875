import { randomUUID } from 'node:crypto';
import { ClusterClient, type CallOutcome, isAtCapacity, isRetryable, isRetryableUnlessFull } from '../harness/cluster-client';
import { elapsedMs } from '../harness/stats';

/** The deadline of one submit, including its retries on other nodes. */
export const SUBMIT_DEADLINE_MS = 30_000;

/**
 * Submits `command` to the leader with a fresh idempotency key, so that retries are safe.
 * `retryAtCapacity`: whether a full table is waited out (a cluster that runs jobs frees
 * room) or final (one with --worker-slots 0 never does).
 */
export function submitOnce(client: ClusterClient, command: string, retryAtCapacity = true): Promise<CallOutcome<string>> {
  const idempotencyKey = randomUUID();
  const retryable = retryAtCapacity ? isRetryable : isRetryableUnlessFull;
  return client.onLeader(async (c) => (await c.submitJob({ command, idempotencyKey })).jobId, SUBMIT_DEADLINE_MS, retryable);
}

export interface LoadResult {
  /** Latency of every acknowledged submit, in ms. */
  readonly latenciesMs: number[];
  readonly failures: number;
  readonly elapsedMs: number;
  /** The cluster refused a submit at its active-job capacity, and the load stopped there. */
  readonly stoppedAtCapacity: boolean;
}

export interface LoadOptions {
  readonly urls: ReadonlyMap<number, string>;
  /** Concurrent clients, each on connections of its own, each with one call in flight. */
  readonly clients: number;
  /** Stop starting submits after this long... */
  readonly durationMs?: number;
  /** ...or after this many submits in all, whichever comes first. */
  readonly submits?: number;
  readonly command: (sequence: number) => string;
  /** See submitOnce; default true. False: the first at-capacity refusal ends the load. */
  readonly retryAtCapacity?: boolean;
}

/**
 * Closed-loop load: `clients` clients each submit, wait for the answer, and submit again,
 * until the duration or the submit budget is used up (or, without retryAtCapacity, the
 * table is full). Every acknowledged submit's latency is kept; submits that failed after
 * all retries are counted.
 */
export async function runSubmitLoad(options: LoadOptions): Promise<LoadResult> {
  const clients = Array.from({ length: options.clients }, () => new ClusterClient({ urls: options.urls, callTimeoutMs: 5000 }));
  const latenciesMs: number[] = [];
  let failures = 0;
  let started = 0;
  let stoppedAtCapacity = false;
  const start = process.hrtime.bigint();
  const stopAt = Date.now() + (options.durationMs ?? Number.POSITIVE_INFINITY);
  const budget = options.submits ?? Number.POSITIVE_INFINITY;
  const loop = async (client: ClusterClient) => {
    while (Date.now() < stopAt && started < budget && !stoppedAtCapacity) {
      const sequence = started++;
      const t0 = process.hrtime.bigint();
      const outcome = await submitOnce(client, options.command(sequence), options.retryAtCapacity);
      if (outcome.ok) latenciesMs.push(elapsedMs(t0));
      else if (isAtCapacity(outcome.error)) stoppedAtCapacity = true;
      else failures++;
    }
  };
  try {
    await Promise.all(clients.map(loop));
  } finally {
    for (const client of clients) client.close();
  }
  return { latenciesMs, failures, elapsedMs: elapsedMs(start), stoppedAtCapacity };
}
