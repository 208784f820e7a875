import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM files of a throw-away CA and certificates it signed, made with the openssl CLI. */
export interface TestPki {
  readonly dir: string;
  /** Path of `<name>.crt` / `<name>.key`. */
  crt(name: string): string;
  key(name: string): string;
  read(path: string): Buffer;
  remove(): void;
}

/** Makes a CA (`ca`) and one certificate per entry of `subjectAltNames` (name → SAN list). */
export function makeTestPki(subjectAltNames: Readonly<Record<string, string>>): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sched-cli-pki-'));
  const path = (file: string) => join(dir, file);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=sched-test-ca', '-days', '1',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  for (const [name, san] of Object.entries(subjectAltNames)) {
    writeFileSync(path(`${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\n`);
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`);
  }
  return {
    dir,
    crt: (name) => path(`${name}.crt`),
    key: (name) => path(`${name}.key`),
    read: (file) => readFileSync(file),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
