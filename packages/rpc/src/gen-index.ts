/**
 * `@sched/rpc/gen`: the generated protobuf-es message types, schemas and service
 * descriptors, and nothing else (no Connect, no transport code), so packages that only
 * encode or decode messages, such as @sched/scheduler, can depend on it cheaply.
 *
 * - `scheduler.*` (the client API, wire-identical to nomad-lite) is exported flat:
 *   `SubmitJobRequestSchema`, `SchedulerService`, `JobStatus`, ...
 * - `sched.raft.v1.*` (node-to-node Raft transport) is exported as the namespace `raftv1`,
 *   because its short names (Message, Entry, Vote, ...) would read ambiguously flat.
 * - `sched.scheduler.v1.*` (the job table's snapshot format, node-to-node only) is exported
 *   as the namespace `schedulerv1`, for the same reason.
 *
 * The files under ./gen are produced by `npm run proto:generate`; edit the .proto files in
 * /proto instead.
 */
export * from './gen/scheduler_pb';
export * as raftv1 from './gen/sched/raft/v1/raft_pb';
export * as schedulerv1 from './gen/sched/scheduler/v1/table_pb';
