/**
 * The flags of `sched server`: the reference's (REF §2.1), with its defaults, plus the
 * timings and limits it hard-coded (SPEC §2 "Timings"), the worker settings and the log
 * level. The command-line layer registers exactly these; `parseServerConfig` validates them.
 */
export interface ServerFlag {
  /** Long flag name without dashes; the parsed value is keyed by its camelCase form. */
  readonly name: string;
  readonly value?: string;
  readonly description: string;
  readonly default?: string;
}

export const SERVER_FLAGS: readonly ServerFlag[] = [
  { name: 'node-id', value: 'ID', description: 'unique node id (also the worker id), a positive integer', default: '1' },
  { name: 'port', value: 'PORT', description: 'gRPC port (all services and the Connect protocol)', default: '50051' },
  { name: 'listen-host', value: 'HOST', description: 'address to listen on', default: '0.0.0.0' },
  { name: 'dashboard-port', value: 'PORT', description: 'serve the HTTP dashboard and REST API on this port' },
  { name: 'peers', value: 'LIST', description: 'other nodes as id:host:port,... (IPv6 as id:[::1]:port)', default: '' },
  { name: 'advertise-addr', value: 'HOST:PORT', description: 'address this node reports for itself (default 127.0.0.1:<port>)' },
  { name: 'image', value: 'IMAGE', description: 'default Docker image for jobs', default: 'alpine:latest' },
  { name: 'data-dir', value: 'DIR', description: 'persist the Raft log, snapshots and job output here (default: in memory)' },
  { name: 'tls', description: 'require mTLS on every gRPC connection' },
  { name: 'ca-cert', value: 'PATH', description: 'CA certificate (PEM); requires --tls' },
  { name: 'cert', value: 'PATH', description: 'node certificate (PEM); requires --tls' },
  { name: 'key', value: 'PATH', description: 'node private key (PEM); requires --tls' },
  { name: 'allow-insecure', description: 'fall back to plaintext if TLS cannot be set up' },
  { name: 'tick-ms', value: 'MS', description: 'length of one Raft tick', default: '10' },
  { name: 'election-timeout-ms', value: 'MS', description: 'minimum election timeout; each timeout is drawn from [t, 2t]', default: '150' },
  { name: 'heartbeat-interval-ms', value: 'MS', description: 'leader heartbeat interval', default: '50' },
  { name: 'peer-liveness-ms', value: 'MS', description: 'a peer not heard from for this long shows as dead', default: '3000' },
  { name: 'worker-heartbeat-ms', value: 'MS', description: 'worker heartbeat period', default: '2000' },
  { name: 'worker-liveness-ms', value: 'MS', description: 'a worker silent for this long loses its running jobs', default: '5000' },
  { name: 'job-timeout-ms', value: 'MS', description: 'default job timeout', default: '30000' },
  { name: 'shutdown-grace-ms', value: 'MS', description: 'on SIGTERM, time running jobs get to finish and results to commit', default: '30000' },
  { name: 'commit-deadline-ms', value: 'MS', description: 'deadline from accepting a write to applying it', default: '5000' },
  { name: 'proposal-queue', value: 'N', description: 'client writes waiting to enter the Raft log (results and the leader\'s own writes may use a quarter more)', default: '256' },
  { name: 'job-retention-ms', value: 'MS', description: 'finished jobs (and their output) are evicted this long after they finish', default: '3600000' },
  { name: 'snapshot-every', value: 'N', description: 'entries applied between snapshots (log compaction)', default: '1000' },
  { name: 'worker-slots', value: 'N', description: 'jobs this node runs at once; 0 makes it a control-plane node that runs none (default: its CPU count)' },
  { name: 'max-attempts', value: 'N', description: 'default attempts per job before it fails for lost workers', default: '3' },
  { name: 'output-limit-bytes', value: 'BYTES', description: 'output kept per stream per job', default: '1048576' },
  { name: 'executor', value: 'KIND', description: 'docker | sandbox | exec (default: docker if a daemon answers, else sandbox if bubblewrap is installed)' },
  { name: 'log-level', value: 'LEVEL', description: 'error | warn | info | debug (default: $SCHED_LOG_LEVEL or info)' },
];
