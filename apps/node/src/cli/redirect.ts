import { Code, ConnectError } from '@connectrpc/connect';
import { leaderHintOf } from '@sched/rpc';
import { schemeOf } from './args/address';
import type { SchedulerClient } from './connect';

const NOT_LEADER = 'Not the leader';

/** A leader-only RPC refused by a follower (REF §4.1): FAILED_PRECONDITION `Not the leader...`. */
export function isNotLeaderError(error: unknown): error is ConnectError {
  return error instanceof ConnectError && error.code === Code.FailedPrecondition && error.rawMessage.includes(NOT_LEADER);
}

/**
 * The leader's `host:port` as a not-leader error tells it (`leaderHintOf`: the
 * `x-sched-leader-addr` trailer first, then the text after `Not the leader. Try `), if it
 * looks like an address at all.
 */
export function leaderAddressOf(error: ConnectError): string | undefined {
  const address = leaderHintOf(error)?.address.trim();
  return address !== undefined && isHostPort(address) ? address : undefined;
}

/** Fallback: the address of the node `GetClusterStatus` names as leader; undefined on any failure. */
export async function leaderAddressFromClusterStatus(client: SchedulerClient): Promise<string | undefined> {
  try {
    const status = await client.getClusterStatus({});
    if (status.leaderId === 0n) return undefined;
    const leader = status.nodes.find((node) => node.nodeId === status.leaderId);
    return leader !== undefined && isHostPort(leader.address) ? leader.address : undefined;
  } catch {
    return undefined;
  }
}

/** Where to retry: the leader's address with the scheme of the user's `--addr`. */
export function leaderUrl(originalAddr: string, leaderAddress: string): string {
  return `${schemeOf(originalAddr)}${leaderAddress}`;
}

/** `host:port` or `[v6]:port`, nothing else (no scheme, spaces or path). */
function isHostPort(address: string): boolean {
  return /^(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(address);
}
