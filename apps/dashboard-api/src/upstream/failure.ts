import { Code, ConnectError } from '@connectrpc/connect';
import { leaderHintOf } from '@sched/rpc';

/** The node's answer to a submit while it drains (REF §4.2): final, never retried elsewhere. */
export const DRAINING_TEXT = 'Node is draining and not accepting new jobs';

/** What the cluster says when nobody leads (REF §4.1); also the gateway's answer when it found no leader in time. */
export const LEADER_UNKNOWN_TEXT = 'Not the leader. Leader unknown, retry later';

/**
 * What a router does after a failed call to one node:
 * - `redirect`: the node named the leader (`x-sched-leader-addr` trailer, or the
 *   `Not the leader. Try <host:port>` text): call it there;
 * - `elsewhere`: this node cannot serve the call now (unreachable, shutting down, no
 *   leader known, leadership lost mid-write, or — for reads — too slow): try another node;
 * - `final`: the answer stands (validation, not found, already finished, draining,
 *   capacity, and a write's deadline, which may still commit).
 */
export type Failure =
  | { readonly kind: 'redirect'; readonly address: string }
  | { readonly kind: 'elsewhere'; readonly leaderUnknown: boolean }
  | { readonly kind: 'final' };

export function classifyFailure(error: ConnectError, call: 'read' | 'write'): Failure {
  const hint = leaderHintOf(error);
  if (hint !== undefined) return { kind: 'redirect', address: hint.address };
  switch (error.code) {
    case Code.FailedPrecondition:
      return error.rawMessage.startsWith('Not the leader') ? { kind: 'elsewhere', leaderUnknown: true } : { kind: 'final' };
    case Code.Unavailable:
      if (error.rawMessage === DRAINING_TEXT) return { kind: 'final' };
      return { kind: 'elsewhere', leaderUnknown: /leader unknown/i.test(error.rawMessage) };
    case Code.DeadlineExceeded:
      return call === 'read' ? { kind: 'elsewhere', leaderUnknown: false } : { kind: 'final' };
    default:
      return hasNetworkCause(error) ? { kind: 'elsewhere', leaderUnknown: false } : { kind: 'final' };
  }
}

/** A Node network or TLS error (string `code`, e.g. ECONNRESET) under the call's failure. */
function hasNetworkCause(error: ConnectError): boolean {
  const cause: unknown = error.cause;
  return typeof cause === 'object' && cause !== null && !(cause instanceof ConnectError) && typeof (cause as { code?: unknown }).code === 'string';
}
