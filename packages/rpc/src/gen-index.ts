/**
 * `@sched/rpc/gen`: the generated protobuf-es message types, schemas and service
 * descriptors, and nothing else (no Connect, no transport code), so packages that only
 * encode or decode messages, such as @sched/scheduler, can depend on it cheaply.
 *
 * - `scheduler.*` (the client API, wire-identical to nomad-lite) is exported flat:
 *   `SubmitJobRequestSchema`, `SchedulerService`, `JobStatus`, ...
 * - `sched.raft.v1.*` (node-to-node Raft transport) is exported as the namespace `raftv1`,
 *   because its short names (Message, Entry, Vote, ...) would read ambiguously flat.
 *
 * The files under ./gen are produced by `npm run proto:generate`; edit the .proto files in
 * /proto instead.
 */
export * from './gen/scheduler_pb';
export * as raftv1 from './gen/sched/raft/v1/raft_pb';
