import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { freePorts } from '../src/cluster/local-cluster.test-util';
import { FAST_TIMINGS, GrpcJsNode, grpcFailure, killAll, startThreeNodes } from './interop.test-util';
import { eventually, sched, ServerProcess } from './server-process.test-util';

jest.setTimeout(60_000);

const GEN_CERTS = join(__dirname, '..', '..', '..', 'tools', 'gen-certs.sh');

interface JobView {
  readonly status: string;
  readonly output: string;
  readonly assigned_worker: number;
  readonly executed_by: number;
  readonly exit_code: number | null;
}

/**
 * The mTLS acceptance of issue 5 on real processes: three `sched server --tls` nodes with
 * the certificates of tools/gen-certs.sh. Clients with client.crt are served; a job
 * submitted through a follower runs on the workers and reports back (worker heartbeats,
 * result forwarding and output fetches all over mTLS: a plaintext or certificate-less
 * connection is refused, as the last tests show); REF §2.4's startup decisions.
 */
describe('a three-process cluster with --tls', () => {
  let certs: string;
  let gate: string;
  const tempDirs: string[] = [];
  let ports: number[];
  let servers = new Map<number, ServerProcess>();
  const extra: ServerProcess[] = [];
  const cert = (name: string) => join(certs, name);
  const url = (id: number) => `https://127.0.0.1:${ports[id - 1]}`;
  /** The CLI with the CA and the client certificate. */
  const cli = (group: string, id: number, ...args: string[]) =>
    sched(group, '-a', url(id), '--ca-cert', cert('ca.crt'), '--cert', cert('client.crt'), '--key', cert('client.key'), ...args);
  const grpcJs = (id: number, credentials: grpc.ChannelCredentials) =>
    // An IP address is no valid SNI name; verify the certificate's cluster name instead.
    new GrpcJsNode(`127.0.0.1:${ports[id - 1]}`, credentials, { 'grpc.ssl_target_name_override': 'sched-cluster' });
  const pem = (name: string) => readFileSync(cert(name));

  beforeAll(async () => {
    tempDirs.push((certs = mkdtempSync(join(tmpdir(), 'sched-tls-'))));
    tempDirs.push((gate = mkdtempSync('/var/tmp/sched-tls-gate-')));
    chmodSync(gate, 0o755); // jobs may run as nobody
    await promisify(execFile)('bash', [GEN_CERTS, certs]);
    ports = await freePorts(5);
    servers = startThreeNodes(ports, (id) => [
      '--tls', '--ca-cert', cert('ca.crt'), '--cert', cert(`node${id}.crt`), '--key', cert(`node${id}.key`),
      '--executor', 'sandbox', '--worker-slots', '1',
    ]);
  });
  afterAll(async () => {
    await killAll([...servers.values(), ...extra]);
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  let leader: number;

  it('the CLI with https:// and the client certificate gets the cluster status: three alive nodes over mTLS', async () => {
    const status = await eventually(async () => {
      const r = await cli('cluster', 1, 'status');
      return r.code === 0 && r.stdout.match(/\[\+\] alive/g)?.length === 3 ? r : undefined;
    }, 30_000);
    expect(status.stderr).toBe('');
    leader = Number(/Leader: Node (\d)/.exec(status.stdout)![1]);
    for (const server of servers.values()) expect(server.log).toContain('TLS enabled with mTLS authentication');
  });

  it('jobs submitted to a follower (redirected) run on all three workers and report COMPLETED with their output to every node', async () => {
    const follower = [1, 2, 3].find((id) => id !== leader)!;
    // Each job waits for the gate file (the sandbox sees the host's root read-only, not its
    // /tmp); with one slot per worker, three jobs RUNNING at once are on three workers, so
    // both followers heartbeat the leader and forward their results to it.
    const submits = await Promise.all(
      [1, 2, 3].map((k) => cli('job', follower, 'submit', `while [ ! -e ${gate}/open ]; do sleep 0.05; done; echo tls-${k}`)),
    );
    for (const r of submits) expect([r.code, r.stderr]).toEqual([0, `Redirecting to leader at ${url(leader)}...\n`]);
    const ids = submits.map((r) => /Job ID: (\S+)/.exec(r.stdout)![1]!);
    const viewOf = async (id: string, via: number) => JSON.parse((await cli('job', via, '-o', 'json', 'status', id)).stdout) as JobView;
    const running = await eventually(async () => {
      const views = await Promise.all(ids.map((id) => viewOf(id, leader)));
      return views.every((v) => v.status === 'RUNNING') ? views : undefined;
    }, 30_000);
    expect(new Set(running.map((v) => v.assigned_worker))).toEqual(new Set([1, 2, 3]));
    writeFileSync(join(gate, 'open'), '');
    const done = await eventually(async () => {
      const all = await Promise.all(ids.map((id) => Promise.all([1, 2, 3].map((via) => viewOf(id, via)))));
      return all.flat().every((v) => v.status === 'COMPLETED') ? all : undefined;
    }, 30_000);
    done.forEach((views, k) => {
      // Two of the three views fetched the output from the executing node over mTLS.
      for (const view of views) expect(view).toMatchObject({ output: `tls-${k + 1}\n`, exit_code: 0, executed_by: running[k]!.assigned_worker });
    });
  });

  it('a client without a certificate is refused: the CLI exits 1 with an `Error:` line, grpc-js gets an error', async () => {
    const noCert = await sched('cluster', '-a', url(leader), '--ca-cert', cert('ca.crt'), 'status');
    expect(noCert.code).toBe(1);
    expect(noCert.stdout).toBe('');
    expect(noCert.stderr).toMatch(/^Error: \S.*\n$/);
    const submit = await sched('job', '-a', url(leader), '--ca-cert', cert('ca.crt'), 'submit', 'echo refused');
    expect([submit.code, submit.stdout]).toEqual([1, '']);
    expect(submit.stderr).toMatch(/^Error: \S.*\n$/);

    const withCert = grpcJs(leader, grpc.credentials.createSsl(pem('ca.crt'), pem('client.key'), pem('client.crt')));
    const caOnly = grpcJs(leader, grpc.credentials.createSsl(pem('ca.crt')));
    try {
      expect((await withCert.scheduler<{ leader_id: string }>('GetClusterStatus')).leader_id).toBe(String(leader));
      for (const call of [caOnly.scheduler('GetClusterStatus'), caOnly.scheduler('SubmitJob', { command: 'echo refused' })]) {
        // The handshake fails (`tlsv13 alert certificate required`) before any handler runs.
        expect((await grpcFailure(call)).code).toBe(grpc.status.UNAVAILABLE);
      }
    } finally {
      withCert.close();
      caOnly.close();
    }
    const list = await cli('job', leader, '-o', 'json', 'list', '--all');
    expect(list.stdout).not.toContain('echo refused');
  });

  it('a plaintext client against the TLS port fails', async () => {
    const plain = await sched('cluster', '-a', `http://127.0.0.1:${ports[leader - 1]}`, 'status');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^Error: \S.*\n$/);
    const client = new GrpcJsNode(`127.0.0.1:${ports[leader - 1]}`);
    try {
      const error = await grpcFailure(client.scheduler('GetClusterStatus', {}, { deadlineMs: 5000 }));
      expect(error.code).toBe(grpc.status.UNAVAILABLE);
    } finally {
      client.close();
    }
  });

  it('--tls with missing certificate paths: exit 1 with `Error: TLS enabled but missing required paths (--ca-cert, --cert, --key)`', async () => {
    const server = new ServerProcess(['--port', String(ports[3]), '--listen-host', '127.0.0.1', '--tls', '--ca-cert', cert('ca.crt'), '--executor', 'exec']);
    extra.push(server);
    expect(await server.exited).toBe(1);
    expect(server.log).toContain('Error: TLS enabled but missing required paths (--ca-cert, --cert, --key)\n');
  });

  it('--tls with missing paths and --allow-insecure: starts in plaintext with the warning', async () => {
    const port = ports[4]!;
    const server = new ServerProcess(['--port', String(port), '--listen-host', '127.0.0.1', '--tls', '--cert', cert('node1.crt'), '--allow-insecure', '--executor', 'exec', ...FAST_TIMINGS]);
    extra.push(server);
    const status = await eventually(async () => {
      const r = await sched('cluster', '-a', `http://127.0.0.1:${port}`, 'status');
      return r.code === 0 ? r : undefined;
    }, 30_000);
    expect(status.stdout).toContain('Leader: Node 1');
    expect(server.log).toContain('TLS enabled but certificate paths incomplete, running in insecure mode');
    expect(server.log).toContain('Starting gRPC server WITHOUT TLS - not recommended for production');
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
