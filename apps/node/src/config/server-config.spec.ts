import { ConfigError } from './config-error';
import { type RawServerOptions, parseServerConfig } from './server-config';

const context = { cpuCount: 4, env: {} };
const parse = (raw: RawServerOptions) => parseServerConfig(raw, context);

describe('sched server configuration', () => {
  it('has the reference defaults (REF §2.1) and the SPEC timings', () => {
    const c = parse({});
    expect(c).toMatchObject({
      nodeId: 1,
      port: 50051,
      listenHost: '0.0.0.0',
      dashboardPort: undefined,
      peers: [],
      advertiseAddr: '127.0.0.1:50051',
      image: 'alpine:latest',
      dataDir: undefined,
      proposalQueue: 256,
      jobRetentionMs: 3600000,
      workerSlots: 4,
      maxAttempts: 3,
      outputLimitBytes: 1048576,
      executor: undefined,
      logLevel: 'info',
    });
    expect(c.timings).toEqual({
      tickMs: 10,
      electionTicks: 15,
      heartbeatTicks: 5,
      peerLivenessMs: 3000,
      workerHeartbeatMs: 2000,
      workerLivenessMs: 5000,
      jobTimeoutMs: 30000,
      commitDeadlineMs: 5000,
      shutdownGraceMs: 30000,
    });
  });

  it('derives the advertised address from the port, and accepts hostnames and IPv6', () => {
    expect(parse({ port: '50052' }).advertiseAddr).toBe('127.0.0.1:50052');
    expect(parse({ advertiseAddr: 'node2.internal:50051' }).advertiseAddr).toBe('node2.internal:50051');
    expect(parse({ advertiseAddr: '[::1]:50051' }).advertiseAddr).toBe('[::1]:50051');
  });

  it('accepts --worker-slots 0 for a control-plane node that runs no jobs', () => {
    expect(parse({ workerSlots: '0' }).workerSlots).toBe(0);
  });

  it('takes the log level from SCHED_LOG_LEVEL unless the flag says otherwise', () => {
    expect(parseServerConfig({}, { cpuCount: 1, env: { SCHED_LOG_LEVEL: 'debug' } }).logLevel).toBe('debug');
    expect(parseServerConfig({ logLevel: 'warn' }, { cpuCount: 1, env: { SCHED_LOG_LEVEL: 'debug' } }).logLevel).toBe('warn');
  });

  it.each([
    [{ nodeId: '0' }, "--node-id: invalid node id '0'"],
    [{ nodeId: 'one' }, "--node-id: invalid node id 'one'"],
    [{ port: '70000' }, "--port: invalid port '70000'"],
    [{ port: '-1' }, "--port: invalid port '-1'"],
    [{ dashboardPort: '50051' }, '--dashboard-port 50051 is the gRPC --port too'],
    [{ advertiseAddr: 'nohost' }, "--advertise-addr: expected host:port, got 'nohost'"],
    [{ peers: '1:127.0.0.1:50052' }, "id 1 is this node's own --node-id"],
    [{ caCert: 'ca.crt' }, '--ca-cert requires --tls'],
    [{ key: 'k.pem' }, '--key requires --tls'],
    [{ electionTimeoutMs: '155' }, '--election-timeout-ms (155) must be a multiple of --tick-ms (10)'],
    [{ heartbeatIntervalMs: '150' }, '--heartbeat-interval-ms must be less than --election-timeout-ms'],
    [{ workerLivenessMs: '2000' }, '--worker-liveness-ms must be greater than --worker-heartbeat-ms'],
    [{ proposalQueue: '0' }, '--proposal-queue: expected an integer from 1 to 100000'],
    [{ workerSlots: '1.5' }, "--worker-slots: expected an integer from 0 to 1024, got '1.5'"],
    [{ workerSlots: '-1' }, "--worker-slots: expected an integer from 0 to 1024, got '-1'"],
    [{ jobTimeoutMs: '' }, "--job-timeout-ms: expected an integer from 1 to 86400000, got ''"],
    [{ executor: 'podman' }, "--executor: expected docker, sandbox or exec, got 'podman'"],
    [{ logLevel: 'verbose' }, "log level: expected error, warn, info or debug, got 'verbose'"],
    [{ image: '--privileged' }, "--image: '--privileged' is not a valid Docker image reference"],
    [{ image: 'Alpine' }, "--image: 'Alpine' is not a valid Docker image reference"],
    [{ dataDir: ' ' }, '--data-dir must not be empty'],
  ])('rejects %j: %s', (raw, message) => {
    expect(() => parse(raw)).toThrow(ConfigError);
    expect(() => parse(raw)).toThrow(message);
  });

  it('accepts real image references', () => {
    for (const image of ['alpine', 'alpine:3.20', 'library/alpine:latest', 'ghcr.io/org/tool:v1.2', 'localhost:5000/x@sha256:' + 'a'.repeat(64)]) {
      expect(parse({ image }).image).toBe(image);
    }
  });
});
