import type { DescService } from '@bufbuild/protobuf';
import { type Client, type Transport, createClient } from '@connectrpc/connect';
import { Http2SessionManager, createGrpcTransport } from '@connectrpc/connect-node';
import { installGoawayGuard } from './goaway-guard';
import { MAX_MESSAGE_BYTES, MAX_SESSION_MEMORY_MIB } from './limits';
import type { TlsMaterial } from './tls-material';

export interface ClientPoolOptions {
  /**
   * Client identity and trust for `https://` base URLs: the CA verifies servers, and
   * cert/key are presented as the client certificate (mTLS). Without it, `https://` URLs
   * are refused; `http://` URLs always use plaintext HTTP/2 (h2c).
   */
  readonly tls?: TlsMaterial | undefined;
  /**
   * The name the server certificate must carry, instead of the URL's host. The reference
   * always verified `nomad-lite-cluster`; our certificates carry that SAN too, so a pool can
   * talk to a cluster whose addresses are not in its certificates. Default: the URL host
   * (a hostname or an IP, both checked against the certificate's SANs).
   */
  readonly serverName?: string | undefined;
  /**
   * Deadline for every call that does not pass its own `timeoutMs`. A call can opt out
   * with `timeoutMs: 0` (e.g. a StreamJobs that should run indefinitely).
   */
  readonly defaultTimeoutMs: number;
}

export interface ClientPool {
  /**
   * A gRPC client of `service` at `baseUrl` (`http://host:port` or `https://host:port`,
   * no path). All services of one base URL share one HTTP/2 connection, opened lazily and
   * reopened after failures by its Http2SessionManager.
   */
  client<S extends DescService>(service: S, baseUrl: string): Client<S>;
  /** Aborts every connection (calls in flight fail with CANCELED); the pool is unusable after. */
  close(): void;
}

/**
 * Keepalive: while calls are open, a connection that receives nothing for
 * KEEPALIVE_INTERVAL_MS is pinged, and closed if the ping is not answered within
 * KEEPALIVE_TIMEOUT_MS. Without it a connection to a partitioned peer looks open for as long
 * as TCP retransmits (minutes), and every call on it just times out.
 */
const KEEPALIVE_INTERVAL_MS = 2000;
const KEEPALIVE_TIMEOUT_MS = 2000;

export function createClientPool(options: ClientPoolOptions): ClientPool {
  installGoawayGuard();
  const connections = new Map<string, { manager: Http2SessionManager; transport: Transport }>();
  const clients = new Map<string, unknown>();
  let closed = false;

  const connection = (origin: string, secure: boolean) => {
    let c = connections.get(origin);
    if (c === undefined) {
      const manager = sessionManager(origin, secure, options);
      const transport = createGrpcTransport({
        baseUrl: origin,
        sessionManager: manager,
        defaultTimeoutMs: options.defaultTimeoutMs,
        readMaxBytes: MAX_MESSAGE_BYTES,
        writeMaxBytes: MAX_MESSAGE_BYTES,
      });
      c = { manager, transport };
      connections.set(origin, c);
    }
    return c;
  };

  return {
    client<S extends DescService>(service: S, baseUrl: string): Client<S> {
      if (closed) throw new Error('client pool is closed');
      const { origin, secure } = parseBaseUrl(baseUrl);
      const key = `${service.typeName} ${origin}`;
      let client = clients.get(key) as Client<S> | undefined;
      if (client === undefined) {
        client = createClient(service, connection(origin, secure).transport);
        clients.set(key, client);
      }
      return client;
    },
    close() {
      closed = true;
      for (const { manager } of connections.values()) manager.abort();
      connections.clear();
      clients.clear();
    },
  };
}

function parseBaseUrl(baseUrl: string): { origin: string; secure: boolean } {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`unsupported URL scheme in ${baseUrl} (expected http:// or https://)`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(`base URL must be scheme://host:port only, got ${baseUrl}`);
  }
  return { origin: url.origin, secure: url.protocol === 'https:' };
}

function sessionManager(origin: string, secure: boolean, options: ClientPoolOptions): Http2SessionManager {
  const keepalive = { pingIntervalMs: KEEPALIVE_INTERVAL_MS, pingTimeoutMs: KEEPALIVE_TIMEOUT_MS };
  // Outgoing DATA counts against nghttp2's session memory too: with Node's default (10 MiB)
  // a request near MAX_MESSAGE_BYTES fails locally with ENHANCE_YOUR_CALM.
  const bounds = { maxSessionMemory: MAX_SESSION_MEMORY_MIB };
  if (!secure) return new Http2SessionManager(origin, keepalive, bounds);
  const tls = options.tls;
  if (tls === undefined) throw new Error(`${origin} needs TLS, but no CA/certificate/key were configured`);
  return new Http2SessionManager(origin, keepalive, {
    ...bounds,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    ...(options.serverName === undefined ? {} : { servername: options.serverName }),
  });
}
