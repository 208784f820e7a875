import { readFile } from 'node:fs/promises';
import { CliError, errorMessage } from './errors';

/**
 * PEM contents for a client TLS connection, each one only when its flag was given. (Unlike
 * @sched/rpc's TlsMaterial for node-to-node mTLS, every part is optional: as in nomad-lite,
 * an `https://` address works with the system CAs, or with a CA and no client identity.)
 */
export interface ClientTlsMaterial {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export interface TlsFiles {
  readonly caCert: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
}

/**
 * Reads `--ca-cert`, `--cert` and `--key` (in that order). A file that cannot be read, or
 * holds no PEM block, is reported as `cannot read --<flag> <path>: <reason>` (exit 1).
 */
export async function loadTlsMaterial(files: TlsFiles): Promise<ClientTlsMaterial> {
  const ca = await readPem('--ca-cert', files.caCert);
  const cert = await readPem('--cert', files.cert);
  const key = await readPem('--key', files.key);
  return { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) };
}

async function readPem(flag: string, path: string | undefined): Promise<Buffer | undefined> {
  if (path === undefined) return undefined;
  let contents: Buffer;
  try {
    contents = await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read ${flag} ${path}: ${fileErrorReason(error)}`);
  }
  if (!contents.includes('-----BEGIN ')) throw new CliError(`cannot read ${flag} ${path}: not a PEM file`);
  return contents;
}

/** `no such file or directory` out of `ENOENT: no such file or directory, open 'x'`. */
function fileErrorReason(error: unknown): string {
  const message = errorMessage(error);
  const match = /^[A-Z]+: (.*?), \w+ '.*'$/s.exec(message);
  return match?.[1] ?? message;
}
