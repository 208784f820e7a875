/**
 * @sched/scheduler: the replicated job table of sched, a pure deterministic state machine
 * over the scheduler `Command`s of proto/scheduler.proto, and the leader's placement and
 * worker-liveness policies as pure functions. No I/O, no clocks, no randomness: every
 * time it stores comes from the entry being applied. Design: docs/scheduler.md.
 */

// The state machine.
export { JobTable, type JobTableOptions, type StatusCounts } from './job-table';
export type { ApplyMeta, ApplyResult, Effect, Noop, NoopReason } from './apply-result';
export { type Job, type Worker, isActive, isTerminal } from './job';
export type { ListQuery, ListResult } from './list-jobs';
export { SNAPSHOT_VERSION, SnapshotError } from './snapshot-codec';
export * as commands from './commands';

// Leader-side policies.
export { type Placement, type PlacementJob, type PlacementWorker, place } from './placement';
export { planAssignments } from './plan-assignments';
export { type Heartbeat, type LivenessView, liveWorkerIds, reconcileWorkers } from './worker-liveness';

// Validation and names the API layers share.
export { type CommandTextError, utf8ByteLength, validateCommandText } from './command-text';
export { isCanonicalJobId, parseJobId } from './job-id';
export { STATUS_NAMES, type StatusName, isKnownStatus, parseStatusName, statusLabel, statusName } from './status-names';
export { parsePageToken } from './page-token';
export * from './limits';
