// Generated message types and service descriptors (also importable alone as @sched/rpc/gen).
// The Connect server and client helpers will live next to them in this package.
export * from './gen-index';
