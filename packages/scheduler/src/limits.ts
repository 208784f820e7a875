/**
 * The numbers that define the state machine. Every node must run with the same values:
 * they decide what `apply` does, so they are constants, not flags (SPEC §2 "Limits").
 */

/** Active (Pending + Running) jobs the cluster holds at most; a submit beyond it is a no-op. */
export const MAX_ACTIVE_JOBS = 10_000;

/** Longest accepted job command, in UTF-8 bytes (exactly this many is accepted). */
export const MAX_COMMAND_BYTES = 1024;

/** Attempts a job gets when SubmitJobCommand.max_attempts is absent or 0. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Slots of a worker registered without a slot count (nomad-lite's `RegisterWorker{id}`). */
export const DEFAULT_WORKER_SLOTS = 1;

/** ListJobs page size when the request says 0, and the largest page ever returned. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** The executor a worker must advertise to be given jobs that name an image. */
export const DOCKER_EXECUTOR = 'docker';
