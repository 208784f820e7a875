import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideTls, type TlsFlags, TlsStartupError } from './tls-mode';

const off: TlsFlags = { tls: false, caCert: undefined, cert: undefined, key: undefined, allowInsecure: false };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sched-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=test-ca');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'node.key', '-out', 'node.csr', '-subj', '/CN=node1');
  openssl('x509', '-req', '-in', 'node.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'node.crt', '-days', '1');
  writeFileSync(join(dir, 'garbage.pem'), 'not a certificate');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = (over: Partial<TlsFlags> = {}): TlsFlags => ({
  tls: true,
  caCert: join(dir, 'ca.crt'),
  cert: join(dir, 'node.crt'),
  key: join(dir, 'node.key'),
  allowInsecure: false,
  ...over,
});

describe('the TLS startup decision (REF §2.4)', () => {
  it('runs plaintext without --tls, warning in a multi-node cluster', () => {
    expect(decideTls(off, false, readFileSync)).toEqual({ mode: 'plaintext', warnings: [] });
    expect(decideTls(off, true, readFileSync)).toEqual({
      mode: 'plaintext',
      warnings: ['Running without TLS in a multi-node cluster. Consider using --tls for production deployments.'],
    });
  });

  it('enables mTLS with complete, loadable files', () => {
    const d = decideTls(files(), true, readFileSync);
    expect(d.mode).toBe('mtls');
    if (d.mode === 'mtls') expect(d.log).toBe('TLS enabled with mTLS authentication');
  });

  it('refuses incomplete paths, or falls back with --allow-insecure', () => {
    expect(() => decideTls(files({ key: undefined }), true, readFileSync)).toThrow(
      new TlsStartupError('TLS enabled but missing required paths (--ca-cert, --cert, --key)'),
    );
    expect(decideTls(files({ key: undefined, allowInsecure: true }), true, readFileSync)).toEqual({
      mode: 'plaintext',
      warnings: ['TLS enabled but certificate paths incomplete, running in insecure mode'],
    });
  });

  it.each([
    ['caCert', 'CA certificate not found'],
    ['cert', 'Node certificate not found'],
    ['key', 'Private key not found'],
  ] as const)('names a missing %s file', (field, message) => {
    const missing = join(dir, 'missing.pem');
    expect(() => decideTls(files({ [field]: missing }), true, readFileSync)).toThrow(`TLS certificate loading failed: ${message}: ${missing}`);
  });

  it('finds malformed PEM and a key that does not match before listening', () => {
    expect(() => decideTls(files({ cert: join(dir, 'garbage.pem') }), true, readFileSync)).toThrow(/^TLS certificate loading failed: /);
    expect(() => decideTls(files({ key: join(dir, 'ca.key') }), true, readFileSync)).toThrow(/^TLS certificate loading failed: /);
    const fallback = decideTls(files({ key: join(dir, 'ca.key'), allowInsecure: true }), true, readFileSync);
    expect(fallback.mode).toBe('plaintext');
  });
});
