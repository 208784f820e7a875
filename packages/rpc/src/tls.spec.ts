import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { Http2SessionManager, createGrpcTransport } from '@connectrpc/connect-node';
import { createClientPool } from './clients';
import { SchedulerService } from './gen/scheduler_pb';
import { GrpcJsScheduler, grpcJsError } from './grpc-js-client.test-util';
import { schedulerFixture } from './scheduler-fixture.test-util';
import { type RpcServer, startRpcServer } from './server';
import type { TlsMaterial } from './tls-material';
import { connectError } from './rejection.test-util';

/**
 * tools/gen-certs.sh, run once into a temporary directory (the RSA-4096 CA key takes a few
 * seconds), and mutual TLS with its certificates: the server requires and verifies client
 * certificates, for Connect and grpc-js clients alike.
 */
const SCRIPT = join(__dirname, '..', '..', '..', 'tools', 'gen-certs.sh');
const LEAVES = ['node1', 'node2', 'node3', 'client'];

let dir: string;
let scriptOutput: string;
const pem = (file: string): string => readFileSync(join(dir, file), 'utf8');
const material = (name: string): TlsMaterial => ({ ca: pem('ca.crt'), cert: pem(`${name}.crt`), key: pem(`${name}.key`) });


beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sched-certs-'));
  scriptOutput = execFileSync('bash', [SCRIPT, dir], { encoding: 'utf8', timeout: 120_000 });
}, 130_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tools/gen-certs.sh', () => {
  it('writes exactly the CA, node and client files, no CSR, extension or serial files', () => {
    expect(readdirSync(dir).sort()).toEqual(
      ['ca.crt', 'ca.key', ...LEAVES.flatMap((n) => [`${n}.crt`, `${n}.key`])].sort(),
    );
  });

  it('writes PEM certificates and keys of the documented sizes', () => {
    for (const name of ['ca', ...LEAVES]) {
      expect(pem(`${name}.crt`)).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
      expect(pem(`${name}.key`)).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
      const bits = createPrivateKey(pem(`${name}.key`)).asymmetricKeyDetails?.modulusLength;
      expect([name, bits]).toEqual([name, name === 'ca' ? 4096 : 2048]);
    }
  });

  it('makes a CA and leaf certificates with the documented subjects, SANs and usages', () => {
    const ca = new X509Certificate(pem('ca.crt'));
    expect(ca.subject).toBe('CN=sched-ca\nO=sched');
    expect(ca.ca).toBe(true);
    const days = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(365);
    for (const name of LEAVES) {
      const leaf = new X509Certificate(pem(`${name}.crt`));
      expect(leaf.subject).toBe(`CN=${name}\nO=sched-cluster`);
      expect(leaf.ca).toBe(false);
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']); // serverAuth, clientAuth
      const own = name === 'client' ? '' : `DNS:${name}, `;
      expect(leaf.subjectAltName).toBe(`DNS:localhost, ${own}DNS:sched-cluster, DNS:nomad-lite-cluster, IP Address:127.0.0.1`);
    }
  });

  it('signs every leaf with the CA (openssl verify)', () => {
    for (const name of LEAVES) {
      const out = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, `${name}.crt`)], { encoding: 'utf8' });
      expect(out.trim()).toBe(`${join(dir, `${name}.crt`)}: OK`);
    }
  });

  it('prints progress and a usage example with the real sched flags', () => {
    expect(scriptOutput).toContain('Generating CA');
    expect(scriptOutput).toContain(`sched server --node-id 1`);
    expect(scriptOutput).toContain(`--tls --ca-cert ${dir}/ca.crt --cert ${dir}/node1.crt --key ${dir}/node1.key`);
    expect(scriptOutput).toContain(`--cert ${dir}/client.crt --key ${dir}/client.key submit "echo hello"`);
  });
});

describe('mutual TLS with the generated certificates', () => {
  let server: RpcServer;
  let url: string;

  beforeAll(async () => {
    server = await startRpcServer({ host: '127.0.0.1', port: 0, routes: schedulerFixture, tls: material('node1') });
    url = `https://127.0.0.1:${server.port}`;
  });

  afterAll(() => server.close());

  it('Connect client with client.crt: accepted, and the handler sees the client certificate', async () => {
    const pool = createClientPool({ tls: material('client'), defaultTimeoutMs: 5000 });
    try {
      expect((await pool.client(SchedulerService, url).submitJob({ command: 'hi' })).jobId).toBe('client:hi');
      // The not-leader contract is the same over TLS.
      const error = await connectError(pool.client(SchedulerService, url).getJobStatus({ jobId: 'x' }));
      expect([error.code, error.rawMessage]).toEqual([Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052']);
    } finally {
      pool.close();
    }
  });

  it('Connect client without a certificate: refused', async () => {
    const sessionManager = new Http2SessionManager(url, {}, { ca: pem('ca.crt') });
    try {
      const client = createClient(SchedulerService, createGrpcTransport({ baseUrl: url, sessionManager }));
      const error = await connectError(client.submitJob({ command: 'hi' }, { timeoutMs: 5000 }));
      // connect-node reports TLS failures as INTERNAL with OpenSSL's reason ("tlsv13 alert
      // certificate required"), or, if the request went out before the server's alert
      // arrived (TLS 1.3 lets the client finish first), as a cancelled stream.
      expect(error.code === Code.Canceled || /alert certificate required/.test(error.rawMessage)).toBe(true);
    } finally {
      sessionManager.abort();
    }
  });

  it('refuses a client certificate from another CA, and a client refuses a server it cannot verify', async () => {
    // A self-signed stranger (its own CA), valid for 127.0.0.1.
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=client/O=sched-cluster',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'stranger.key'), '-out', join(dir, 'stranger.crt'),
    ], { stdio: 'ignore' });
    const stranger = { ca: pem('ca.crt'), cert: pem('stranger.crt'), key: pem('stranger.key') };
    const distrustful = { ...material('client'), ca: pem('stranger.crt') };
    const pools = [createClientPool({ tls: stranger, defaultTimeoutMs: 5000 }), createClientPool({ tls: distrustful, defaultTimeoutMs: 5000 })];
    try {
      const refused = await connectError(pools[0]!.client(SchedulerService, url).submitJob({ command: 'x' }));
      // As above: the alert ("unknown ca") or a cancelled stream.
      expect(refused.code === Code.Canceled || /alert unknown ca/.test(refused.rawMessage)).toBe(true);
      const untrusted = await connectError(pools[1]!.client(SchedulerService, url).submitJob({ command: 'x' }));
      expect(untrusted.rawMessage).toMatch(/unable to verify the first certificate|self.signed|unable to get local issuer/);
    } finally {
      for (const pool of pools) pool.close();
      rmSync(join(dir, 'stranger.key'));
      rmSync(join(dir, 'stranger.crt'));
    }
  });

  it('verifies the server name: the URL host by default, or the serverName override', async () => {
    const byName = createClientPool({ tls: material('client'), serverName: 'nomad-lite-cluster', defaultTimeoutMs: 5000 });
    const wrongName = createClientPool({ tls: material('client'), serverName: 'elsewhere.example', defaultTimeoutMs: 5000 });
    try {
      expect((await byName.client(SchedulerService, url).submitJob({ command: 'n' })).jobId).toBe('client:n');
      const error = await connectError(wrongName.client(SchedulerService, url).submitJob({ command: 'n' }));
      expect(error.code).toBe(Code.Internal);
      expect(error.rawMessage).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID.*elsewhere\.example/);
    } finally {
      byName.close();
      wrongName.close();
    }
  });

  it('grpc-js with client.crt: accepted; without a certificate: refused', async () => {
    const address = `127.0.0.1:${server.port}`;
    // grpc-js would send the IP as SNI (a Node deprecation warning); name a SAN instead.
    const options = { 'grpc.ssl_target_name_override': 'sched-cluster' };
    const ca = Buffer.from(pem('ca.crt'));
    const withCert = new GrpcJsScheduler(
      address,
      grpc.credentials.createSsl(ca, Buffer.from(pem('client.key')), Buffer.from(pem('client.crt'))),
      options,
    );
    const withoutCert = new GrpcJsScheduler(address, grpc.credentials.createSsl(ca), options);
    try {
      expect(await withCert.unary('SubmitJob', { command: 'hi' })).toMatchObject({ job_id: 'client:hi' });
      expect((await withCert.stream('StreamJobs', {})).length).toBe(3);
      const error = await grpcJsError(withoutCert.unary('SubmitJob', { command: 'hi' }));
      expect(error.code).toBe(grpc.status.UNAVAILABLE);
      expect(error.details).toMatch(/alert certificate required/);
    } finally {
      withCert.close();
      withoutCert.close();
    }
  });

  it('a plaintext client cannot talk to the TLS port', async () => {
    const pool = createClientPool({ defaultTimeoutMs: 2000 });
    try {
      const error = await connectError(pool.client(SchedulerService, `http://127.0.0.1:${server.port}`).submitJob({ command: 'x' }));
      expect([Code.Canceled, Code.Unavailable]).toContain(error.code);
    } finally {
      pool.close();
    }
  });
});
