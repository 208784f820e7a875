import { setTimeout as sleep } from 'node:timers/promises';
import { type CallOptions, type Client, Code, ConnectError } from '@connectrpc/connect';
import type { ClientPool } from '@sched/rpc';
import { SchedulerService } from '@sched/rpc/gen';
import { classifyFailure, LEADER_UNKNOWN_TEXT } from './failure';

export type SchedulerClient = Client<typeof SchedulerService>;

export interface NodeRouterOptions {
  /** Base URLs from parseNodeUrls, all of one scheme. */
  readonly urls: readonly string[];
  readonly secure: boolean;
  /** One pooled HTTP/2 connection per node, shared by every call (REF G34: never one per poll). */
  readonly pool: ClientPool;
  /** How long one call keeps looking for a leader or a reachable node before it gives up. */
  readonly leaderWaitMs: number;
  /** Told about every failed attempt (metrics), retried or not. */
  readonly onFailure: (rpc: string, error: ConnectError) => void;
}

/** Deadline of one write attempt: the node's 5 s enqueue-to-apply deadline plus transport slack. */
export const WRITE_TIMEOUT_MS = 7000;
/** Deadline of one read attempt. */
export const READ_TIMEOUT_MS = 3000;
const FIRST_BACKOFF_MS = 25;
const MAX_BACKOFF_MS = 400;

/**
 * Sends gateway calls to the cluster, following its leader.
 *
 * Every call starts at the current node: the last one that answered, which is the leader
 * once any write or cluster-status call went through (the gateway follows the leader, so
 * reads see the writes it acknowledged). A failed attempt is classified (failure.ts):
 * a leader hint redirects the call there, a node that cannot serve it now passes it to
 * the next configured node, and a final answer is thrown to the route. After every
 * round of misses (one per node, plus one) the router sleeps 25 ms, doubling up to
 * 400 ms, so an election in progress is waited out rather than hammered. When
 * `waitMs` runs out the call fails with UNAVAILABLE: `Not the leader. Leader unknown,
 * retry later` when nodes answered but none led, otherwise `No sched node reachable ...`.
 *
 * A write that hit its deadline is final (it may still commit) but moves the current node
 * on, so a paused or partitioned leader does not hold every later call.
 */
export class NodeRouter {
  private current: string;

  constructor(private readonly options: NodeRouterOptions) {
    this.current = options.urls[0]!;
  }

  /** A leader-only call (SubmitJob, CancelJob): redirected and retried as described above. */
  write<T>(rpc: string, send: (client: SchedulerClient, options: CallOptions) => Promise<T>): Promise<T> {
    return this.run(rpc, 'write', this.options.leaderWaitMs, send);
  }

  /** A call any node answers (reads, and GetClusterStatus, which a follower forwards to the leader). */
  read<T>(rpc: string, send: (client: SchedulerClient, options: CallOptions) => Promise<T>, waitMs = this.options.leaderWaitMs): Promise<T> {
    return this.run(rpc, 'read', waitMs, send);
  }

  /** Starts later calls at the node listening on `address` (`host:port`), e.g. the leader a cluster status named. */
  follow(address: string): void {
    const url = this.urlOf(address);
    if (url !== undefined) this.current = url;
  }

  /** Every configured node with its pooled client, for probes that ask each one. */
  everyNode(): { readonly url: string; readonly client: SchedulerClient }[] {
    return this.options.urls.map((url) => ({ url, client: this.options.pool.client(SchedulerService, url) }));
  }

  private async run<T>(
    rpc: string,
    call: 'read' | 'write',
    waitMs: number,
    send: (client: SchedulerClient, options: CallOptions) => Promise<T>,
  ): Promise<T> {
    const giveUpAt = Date.now() + waitMs;
    const timeoutMs = call === 'write' ? WRITE_TIMEOUT_MS : READ_TIMEOUT_MS;
    let target = this.current;
    let misses = 0;
    let backoff = FIRST_BACKOFF_MS;
    for (;;) {
      let error: ConnectError;
      try {
        const answer = await send(this.options.pool.client(SchedulerService, target), { timeoutMs });
        this.current = target;
        return answer;
      } catch (thrown) {
        error = ConnectError.from(thrown);
      }
      this.options.onFailure(rpc, error);
      const failure = classifyFailure(error, call);
      if (failure.kind === 'final') {
        if (error.code === Code.DeadlineExceeded) this.current = this.after(target);
        throw error;
      }
      const leaderless = failure.kind === 'redirect' || failure.leaderUnknown;
      const left = giveUpAt - Date.now();
      if (left <= 0) {
        throw leaderless
          ? new ConnectError(LEADER_UNKNOWN_TEXT, Code.Unavailable)
          : new ConnectError(`No sched node reachable (last tried ${target}: ${error.rawMessage})`, Code.Unavailable);
      }
      target = (failure.kind === 'redirect' ? this.urlOf(failure.address) : undefined) ?? this.after(target);
      if (++misses > this.options.urls.length) {
        await sleep(Math.min(backoff, left));
        backoff = Math.min(2 * backoff, MAX_BACKOFF_MS);
        misses = 0;
      }
    }
  }

  /** The configured node after `url` (the first one when `url` came from a hint). */
  private after(url: string): string {
    const urls = this.options.urls;
    return urls[(urls.indexOf(url) + 1) % urls.length]!;
  }

  /** The base URL of a `host:port` the cluster named: a configured node's, else one with the configured scheme. */
  private urlOf(address: string): string | undefined {
    const scheme = this.options.secure ? 'https' : 'http';
    const url = `${scheme}://${address.toLowerCase()}`;
    if (this.options.urls.includes(url)) return url;
    return /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):[0-9]{1,5}$/.test(address.toLowerCase()) ? url : undefined;
  }
}
