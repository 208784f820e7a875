import { ConfigError } from './config-error';
import { formatHostPort, parseHostPort, parsePort } from './host-port';
import { validateImageName } from './image-name';
import { type Peer, parseNodeId, parsePeers } from './peers';
import type { TlsFlags } from './tls-mode';

export type ExecutorKind = 'docker' | 'sandbox' | 'exec';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Timings {
  readonly tickMs: number;
  /** In ticks, as the Raft core counts them. */
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly peerLivenessMs: number;
  readonly workerHeartbeatMs: number;
  readonly workerLivenessMs: number;
  readonly jobTimeoutMs: number;
  readonly commitDeadlineMs: number;
  readonly shutdownGraceMs: number;
}

export interface ServerConfig {
  readonly nodeId: number;
  readonly listenHost: string;
  readonly port: number;
  readonly dashboardPort: number | undefined;
  readonly peers: readonly Peer[];
  readonly advertiseAddr: string;
  readonly image: string;
  readonly dataDir: string | undefined;
  readonly tls: TlsFlags;
  readonly timings: Timings;
  readonly proposalQueue: number;
  readonly snapshotEvery: number;
  /** Finished jobs are evicted (through Raft) this long after they finish. */
  readonly jobRetentionMs: number;
  readonly workerSlots: number;
  readonly maxAttempts: number;
  readonly outputLimitBytes: number;
  /** Undefined: choose at startup from what the host offers. */
  readonly executor: ExecutorKind | undefined;
  readonly logLevel: LogLevel;
}

export type RawServerOptions = Readonly<Record<string, string | boolean | undefined>>;

export interface ConfigContext {
  readonly cpuCount: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Validates `sched server`'s options (keyed by camelCase flag name, as the command-line
 * layer parses them) into a config, or throws ConfigError naming the flag and the problem.
 */
export function parseServerConfig(raw: RawServerOptions, context: ConfigContext): ServerConfig {
  const text = (name: string): string | undefined => {
    const v = raw[name];
    return typeof v === 'string' ? v : undefined;
  };
  const flag = (name: string): boolean => raw[name] === true;
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const t = text(name);
    if (t === undefined) return fallback;
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) throw new ConfigError(`${flagName(name)}: expected an integer from ${min} to ${max}, got '${t}'`);
    return Number(t);
  };

  const nodeId = parseNodeId(text('nodeId') ?? '1', '--node-id');
  const port = parsePort(text('port') ?? '50051', '--port');
  const dashboardText = text('dashboardPort');
  const dashboardPort = dashboardText === undefined ? undefined : parsePort(dashboardText, '--dashboard-port');
  if (dashboardPort === port) throw new ConfigError(`--dashboard-port ${port} is the gRPC --port too`);
  const listenHost = text('listenHost') ?? '0.0.0.0';
  parseHostPort(`${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}`, '--listen-host');
  const peers = parsePeers(text('peers') ?? '', nodeId);
  const advertise = text('advertiseAddr');
  const advertiseAddr = advertise === undefined ? `127.0.0.1:${port}` : formatHostPort(parseHostPort(advertise, '--advertise-addr'));

  const tls: TlsFlags = {
    tls: flag('tls'),
    caCert: text('caCert'),
    cert: text('cert'),
    key: text('key'),
    allowInsecure: flag('allowInsecure'),
  };
  if (!tls.tls) {
    for (const [name, value] of [['--ca-cert', tls.caCert], ['--cert', tls.cert], ['--key', tls.key]] as const) {
      if (value !== undefined) throw new ConfigError(`${name} requires --tls`);
    }
  }

  const tickMs = int('tickMs', 10, 1, 1000);
  const ticks = (name: string, fallback: number): number => {
    const ms = int(name, fallback, 1, 600_000);
    if (ms % tickMs !== 0) throw new ConfigError(`${flagName(name)} (${ms}) must be a multiple of --tick-ms (${tickMs})`);
    return ms / tickMs;
  };
  const electionTicks = ticks('electionTimeoutMs', 150);
  const heartbeatTicks = ticks('heartbeatIntervalMs', 50);
  if (heartbeatTicks >= electionTicks) throw new ConfigError('--heartbeat-interval-ms must be less than --election-timeout-ms');
  const workerHeartbeatMs = int('workerHeartbeatMs', 2000, 1, 600_000);
  const workerLivenessMs = int('workerLivenessMs', 5000, 1, 3_600_000);
  if (workerLivenessMs <= workerHeartbeatMs) throw new ConfigError('--worker-liveness-ms must be greater than --worker-heartbeat-ms');

  const executorText = text('executor');
  if (executorText !== undefined && !['docker', 'sandbox', 'exec'].includes(executorText)) {
    throw new ConfigError(`--executor: expected docker, sandbox or exec, got '${executorText}'`);
  }
  const levelText = text('logLevel') ?? context.env['SCHED_LOG_LEVEL'] ?? 'info';
  if (!['error', 'warn', 'info', 'debug'].includes(levelText)) {
    throw new ConfigError(`log level: expected error, warn, info or debug, got '${levelText}'`);
  }
  const dataDir = text('dataDir');
  if (dataDir !== undefined && dataDir.trim() === '') throw new ConfigError('--data-dir must not be empty');

  return {
    nodeId,
    listenHost,
    port,
    dashboardPort,
    peers,
    advertiseAddr,
    image: validateImageName(text('image') ?? 'alpine:latest', '--image'),
    dataDir,
    tls,
    timings: {
      tickMs,
      electionTicks,
      heartbeatTicks,
      peerLivenessMs: int('peerLivenessMs', 3000, 1, 3_600_000),
      workerHeartbeatMs,
      workerLivenessMs,
      jobTimeoutMs: int('jobTimeoutMs', 30_000, 1, 86_400_000),
      commitDeadlineMs: int('commitDeadlineMs', 5000, 1, 600_000),
      shutdownGraceMs: int('shutdownGraceMs', 30_000, 0, 3_600_000),
    },
    proposalQueue: int('proposalQueue', 256, 1, 100_000),
    snapshotEvery: int('snapshotEvery', 1000, 1, 10_000_000),
    jobRetentionMs: int('jobRetentionMs', 3_600_000, 1000, 366 * 86_400_000),
    workerSlots: int('workerSlots', context.cpuCount, 0, 1024),
    maxAttempts: int('maxAttempts', 3, 1, 100),
    outputLimitBytes: int('outputLimitBytes', 1024 * 1024, 1024, 64 * 1024 * 1024),
    executor: executorText as ExecutorKind | undefined,
    logLevel: levelText as LogLevel,
  };
}

/** `electionTimeoutMs` -> `--election-timeout-ms`. */
function flagName(camel: string): string {
  return `--${camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
