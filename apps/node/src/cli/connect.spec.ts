import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { SchedulerService } from '@sched/rpc/gen';
import { sched } from './run-cli.test-util';
import { makeTestPki, type TestPki } from './tls-certs.test-util';

// mTLS end to end: `https://` selects TLS, --ca-cert verifies the node, --cert/--key
// identify the client; a node certificate may name the URL's host or the cluster name.

let pki: TestPki;
const servers: http2.Http2SecureServer[] = [];
const sessions = new Set<http2.ServerHttp2Session>();

beforeAll(() => {
  pki = makeTestPki({
    cluster: 'DNS:sched-cluster',
    legacy: 'DNS:nomad-lite-cluster',
    localhost: 'DNS:localhost,IP:127.0.0.1',
    elsewhere: 'DNS:elsewhere.example',
    client: 'DNS:client',
  });
});

afterAll(async () => {
  for (const session of sessions) session.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  pki.remove();
});

/** A TLS node presenting `<name>.crt` that requires a client certificate from the test CA. */
async function startTlsNode(name: string): Promise<string> {
  const handler = connectNodeAdapter({
    routes: (router) =>
      router.service(SchedulerService, {
        getClusterStatus: () => ({ currentTerm: 1n, leaderId: 1n, nodes: [{ nodeId: 1n, address: '127.0.0.1:1', isAlive: true }] }),
      }),
    grpc: true,
    connect: false,
    grpcWeb: false,
  });
  const server = http2.createSecureServer(
    { key: pki.read(pki.key(name)), cert: pki.read(pki.crt(name)), ca: pki.read(pki.crt('ca')), requestCert: true, rejectUnauthorized: true, allowHTTP1: false },
    handler,
  );
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const clientFiles = () => ['--ca-cert', pki.crt('ca'), '--cert', pki.crt('client'), '--key', pki.key('client')];

describe('TLS client options', () => {
  it.each(['localhost', 'cluster', 'legacy'])('mTLS works with a node certificate for %s', async (name) => {
    const url = await startTlsNode(name);
    const run = await sched('cluster', '-a', url, ...clientFiles(), '-o', 'json', 'status');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ current_term: 1, leader_id: 1 });
  });

  it('a node certificate for another name is refused', async () => {
    const url = await startTlsNode('elsewhere');
    const run = await sched('cluster', '-a', url, ...clientFiles(), 'status');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Error: cannot connect to ${url}: .*does not match certificate's altnames.*\\n$`));
  });

  it('without --ca-cert the private CA is not trusted', async () => {
    const url = await startTlsNode('localhost');
    const run = await sched('cluster', '-a', url, '--cert', pki.crt('client'), '--key', pki.key('client'), 'status');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Error: cannot connect to ${url}: .*certificate.*\\n$`));
  });

  it('without a client certificate the node refuses the call', async () => {
    const url = await startTlsNode('localhost');
    const run = await sched('cluster', '-a', url, '--ca-cert', pki.crt('ca'), 'status');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    // With TLS 1.3 the refusal arrives after the client's half of the handshake, usually as
    // `TLS error: tlsv13 alert certificate required`, sometimes as a cancelled call.
    expect(run.stderr).toMatch(/^Error: [^\n]+\n$/);
  });
});
