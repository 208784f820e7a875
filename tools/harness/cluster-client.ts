import { Code, ConnectError, type Client } from '@connectrpc/connect';
import { createClientPool, leaderHintOf, type ClientPool } from '@sched/rpc';
import { SchedulerService } from '@sched/rpc/gen';

export type SchedulerClient = Client<typeof SchedulerService>;

/** How one call to the cluster ended. */
export type CallOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly tries: number }
  | { readonly ok: false; readonly error: ConnectError; readonly tries: number };

export interface ClusterClientOptions {
  /** Node id -> `http://host:port`. */
  readonly urls: ReadonlyMap<number, string>;
  /** Deadline of one try (a single RPC). */
  readonly callTimeoutMs: number;
}

/**
 * A client of the whole cluster over one HTTP/2 connection per node, the way a careful
 * application calls sched: leader-only calls go to the node believed to lead; a not-leader
 * answer moves to the hinted leader (by id), any other retryable failure moves to the next
 * node after a short pause, until the call's own deadline.
 *
 * Retrying a write is only safe when it is idempotent: callers retry submits with an
 * idempotency key, so a retry of an attempt that did commit returns the same job.
 */
export class ClusterClient {
  private readonly pool: ClientPool;
  private readonly ids: number[];
  private leader: number;

  constructor(private readonly options: ClusterClientOptions) {
    this.pool = createClientPool({ defaultTimeoutMs: options.callTimeoutMs });
    this.ids = [...options.urls.keys()];
    this.leader = this.ids[0]!;
  }

  /** The client of node `id`, for calls that any node answers from its own table. */
  node(id: number): SchedulerClient {
    const url = this.options.urls.get(id);
    if (url === undefined) throw new Error(`no node ${id}`);
    return this.pool.client(SchedulerService, url);
  }

  /** Runs `call` on the leader, following hints and retrying what `retryable` allows for up to `deadlineMs`. */
  async onLeader<T>(call: (client: SchedulerClient) => Promise<T>, deadlineMs: number, retryable = isRetryable): Promise<CallOutcome<T>> {
    const giveUpAt = Date.now() + deadlineMs;
    for (let tries = 1; ; tries++) {
      try {
        return { ok: true, value: await call(this.node(this.leader)), tries };
      } catch (caught) {
        const error = ConnectError.from(caught);
        if (!retryable(error) || Date.now() >= giveUpAt) return { ok: false, error, tries };
        const hinted = leaderHintOf(error)?.id;
        if (hinted !== undefined && this.options.urls.has(hinted) && hinted !== this.leader) {
          this.leader = hinted;
        } else {
          this.leader = this.ids[(this.ids.indexOf(this.leader) + 1) % this.ids.length]!;
          await sleep(RETRY_PAUSE_MS);
        }
      }
    }
  }

  close(): void {
    this.pool.close();
  }
}

/** Pause before trying the next node when no leader hint says where to go. */
const RETRY_PAUSE_MS = 20;

/**
 * Failures after which another try (maybe on another node) can succeed: not-leader answers
 * (FAILED_PRECONDITION `Not the leader...`; other FAILED_PRECONDITIONs, such as cancelling a
 * finished job, are final), and the transient codes. connect-node reports a connection
 * reset (a node killed mid-call) as ABORTED.
 */
export function isRetryable(error: ConnectError): boolean {
  if (error.code === Code.FailedPrecondition) return error.rawMessage.startsWith('Not the leader');
  return [Code.Unavailable, Code.DeadlineExceeded, Code.ResourceExhausted, Code.Aborted, Code.Canceled, Code.Unknown].includes(error.code);
}

/** The scheduler's answer once it holds 10,000 pending and running jobs (REF §4.2). */
const AT_CAPACITY_TEXT = 'Job queue is at capacity';

/** Whether `error` is the at-capacity refusal, which only finishing jobs can clear. */
export function isAtCapacity(error: ConnectError): boolean {
  return error.code === Code.ResourceExhausted && error.rawMessage === AT_CAPACITY_TEXT;
}

/** isRetryable, except a full table: for a cluster that runs no job, which never frees room. */
export function isRetryableUnlessFull(error: ConnectError): boolean {
  return isRetryable(error) && !isAtCapacity(error);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
