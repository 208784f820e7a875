/**
 * `@sched/rpc`: everything that puts sched on the wire.
 *
 * - Generated messages and service descriptors (also alone, without transport code, as
 *   `@sched/rpc/gen`).
 * - Raft messages <-> `sched.raft.v1` batches, one request per lane (raft-codec.ts).
 * - The not-leader contract of the client API (errors.ts).
 * - An HTTP/2 server for gRPC + Connect, h2c or mutual TLS (server.ts), and pooled clients
 *   with default deadlines (clients.ts), sharing the size limits of limits.ts.
 */
export * from './gen-index';
export { CodecError, type CodecProblem } from './codec-error';
export { LANES, type Lane, type LaneBatch, type LaneRequest } from './raft-lanes';
export { decodeBatch, encodeBatch } from './raft-codec';
export {
  LEADER_ADDR_HEADER,
  LEADER_ID_HEADER,
  type KnownLeader,
  type LeaderHint,
  leaderHintOf,
  notLeaderError,
} from './errors';
export type { TlsMaterial } from './tls-material';
export { MAX_MESSAGE_BYTES } from './limits';
export { peerCertificateKey } from './peer-certificate';
export { type RpcServer, type RpcServerOptions, startRpcServer } from './server';
export { type ClientPool, type ClientPoolOptions, createClientPool } from './clients';
