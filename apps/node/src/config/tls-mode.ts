import { createSecureContext } from 'node:tls';

export interface TlsFlags {
  readonly tls: boolean;
  readonly caCert: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly allowInsecure: boolean;
}

export interface TlsMaterial {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export type TlsDecision =
  | { readonly mode: 'mtls'; readonly material: TlsMaterial; readonly log: string }
  | { readonly mode: 'plaintext'; readonly warnings: readonly string[] };

/** TLS could not be set up and insecure fallback was not allowed: startup fails (exit 1). */
export class TlsStartupError extends Error {
  override readonly name = 'TlsStartupError';
}

type ReadFile = (path: string) => Buffer;

/**
 * The startup decision of REF §2.4, with its exact messages. Files are checked in the order
 * CA, certificate, key; unlike the reference, malformed PEM or a key that does not match the
 * certificate is found here, before anything listens.
 */
export function decideTls(flags: TlsFlags, multiNode: boolean, readFile: ReadFile): TlsDecision {
  if (!flags.tls) {
    const warnings = multiNode ? ['Running without TLS in a multi-node cluster. Consider using --tls for production deployments.'] : [];
    return { mode: 'plaintext', warnings };
  }
  const { caCert, cert, key } = flags;
  if (caCert === undefined || cert === undefined || key === undefined) {
    if (flags.allowInsecure) return { mode: 'plaintext', warnings: ['TLS enabled but certificate paths incomplete, running in insecure mode'] };
    throw new TlsStartupError('TLS enabled but missing required paths (--ca-cert, --cert, --key)');
  }
  try {
    const material = {
      ca: load(readFile, caCert, 'CA certificate'),
      cert: load(readFile, cert, 'Node certificate'),
      key: load(readFile, key, 'Private key'),
    };
    createSecureContext(material);
    return { mode: 'mtls', material, log: 'TLS enabled with mTLS authentication' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (flags.allowInsecure) return { mode: 'plaintext', warnings: [`TLS certificate loading failed, running in insecure mode (${reason})`] };
    throw new TlsStartupError(`TLS certificate loading failed: ${reason}`);
  }
}

function load(readFile: ReadFile, path: string, what: string): Buffer {
  try {
    return readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${what} not found: ${path}`);
    throw new Error(`Failed to read file: ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
