import { Code, ConnectError } from '@connectrpc/connect';

/**
 * The not-leader contract of every leader-only RPC (REF §4.1, MUST match byte for byte):
 *
 *   FAILED_PRECONDITION  "Not the leader. Try <host:port>"
 *   FAILED_PRECONDITION  "Not the leader. Try unknown address"   (leader id known, address not)
 *   FAILED_PRECONDITION  "Not the leader. Leader unknown, retry later"
 *
 * plus, whenever a leader is known, the response trailers (gRPC) / headers (Connect)
 * `x-sched-leader-id: <id>` and `x-sched-leader-addr: <host:port>`.
 *
 * The trailers are the machine-readable channel. The message is for humans and for clients
 * of the reference; our servers encode it as the gRPC spec says (grpc-message-encoding.ts),
 * so every client reads it intact, but a client parsing text from elsewhere may meet
 * mangled forms (`127.0.0.1%3A50052`). Clients should therefore read the trailers first
 * (leaderHintOf).
 */
export const LEADER_ID_HEADER = 'x-sched-leader-id';
export const LEADER_ADDR_HEADER = 'x-sched-leader-addr';

const TRY = 'Not the leader. Try ';
const UNKNOWN_ADDRESS = 'unknown address';
const LEADER_UNKNOWN = 'Not the leader. Leader unknown, retry later';

/** The leader as this node knows it: its id, and its address from `--peers` when listed there. */
export interface KnownLeader {
  readonly id: number;
  readonly address?: string | undefined;
}

/** The error a non-leader answers with; `leader` absent means no leader is known. */
export function notLeaderError(leader?: KnownLeader): ConnectError {
  if (leader === undefined) return new ConnectError(LEADER_UNKNOWN, Code.FailedPrecondition);
  const metadata = new Headers({ [LEADER_ID_HEADER]: String(leader.id) });
  if (leader.address !== undefined) metadata.set(LEADER_ADDR_HEADER, leader.address);
  return new ConnectError(TRY + (leader.address ?? UNKNOWN_ADDRESS), Code.FailedPrecondition, metadata);
}

/** Where a client should retry a call that failed with a not-leader error. */
export interface LeaderHint {
  /** `host:port`, no scheme, exactly as the server's `--peers` lists it. */
  readonly address: string;
  /** The leader's node id, when the server sent it (always, for sched servers). */
  readonly id?: number;
}

/**
 * The leader hint carried by `error`, or undefined when it is not a not-leader error or
 * names no usable address. Reads the `x-sched-leader-*` metadata first and falls back to
 * the message text (`Not the leader. Try <host:port>`, as a nomad-lite server sends it).
 */
export function leaderHintOf(error: unknown): LeaderHint | undefined {
  if (!(error instanceof ConnectError) || error.code !== Code.FailedPrecondition) return undefined;
  const address = error.metadata.get(LEADER_ADDR_HEADER);
  if (address !== null && address !== '') {
    const id = Number(error.metadata.get(LEADER_ID_HEADER));
    return Number.isSafeInteger(id) && id > 0 ? { address, id } : { address };
  }
  if (!error.rawMessage.startsWith(TRY)) return undefined;
  const fromText = error.rawMessage.slice(TRY.length);
  return fromText === '' || fromText === UNKNOWN_ADDRESS ? undefined : { address: fromText };
}
