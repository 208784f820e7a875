import { setMaxListeners } from 'node:events';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Code, ConnectError, type ConnectRouter } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { withSpecGrpcMessage } from './grpc-message-encoding';
import { MAX_CONCURRENT_STREAMS, MAX_MESSAGE_BYTES, MAX_SESSION_MEMORY_MIB } from './limits';
import { peerCertificateValues } from './peer-certificate';
import type { TlsMaterial } from './tls-material';

export interface RpcServerOptions {
  /** Interface to bind, e.g. '0.0.0.0' (the reference's choice) or '127.0.0.1'. */
  readonly host: string;
  /** TCP port; 0 binds a free one (see RpcServer.port). */
  readonly port: number;
  /** Registers the services, e.g. `(r) => r.service(SchedulerService, impl)`. */
  readonly routes: (router: ConnectRouter) => void;
  /**
   * Mutual TLS: the server presents `cert`, requires a client certificate and verifies it
   * against `ca` (handshakes without one fail; handlers see it through peerCertificateKey).
   * Absent: plaintext HTTP/2 (h2c).
   */
  readonly tls?: TlsMaterial | undefined;
}

export interface RpcServer {
  /** The port actually bound (the one asked for, or the one the OS picked for 0). */
  readonly port: number;
  /**
   * Stops the server: no new connections; every connection gets a GOAWAY, so clients send
   * new calls elsewhere; handlers see `ctx.signal` aborted (UNAVAILABLE "server is shutting
   * down") so long-lived ones such as StreamJobs can end; calls still running after
   * `graceMs` (default 1000) have their connections destroyed. Resolves once every
   * connection is gone. Idempotent.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

const DEFAULT_GRACE_MS = 1000;

/**
 * An HTTP/2 server speaking gRPC and the Connect protocol (not gRPC-Web) on one port.
 *
 * Bounds: messages up to MAX_MESSAGE_BYTES each way, MAX_CONCURRENT_STREAMS streams and
 * MAX_SESSION_MEMORY_MIB of nghttp2 buffers per connection. Without them a single client
 * could pin unbounded memory.
 *
 * The server tracks its HTTP/2 sessions itself: node:http2's close() waits for clients to
 * hang up, which idle pooled clients never do, so close() would otherwise hang.
 */
export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const shutdown = new AbortController();
  // connect links this signal to every call's ctx.signal while the call runs (and removes
  // the listener when it ends): its listener count is the server's calls in flight over
  // all connections, not a leak — so no MaxListenersExceededWarning past 10.
  setMaxListeners(0, shutdown.signal);
  const handler = connectNodeAdapter({
    routes: options.routes,
    grpc: true,
    connect: true,
    grpcWeb: false,
    readMaxBytes: MAX_MESSAGE_BYTES,
    writeMaxBytes: MAX_MESSAGE_BYTES,
    shutdownSignal: shutdown.signal,
    ...(options.tls === undefined ? {} : { contextValues: peerCertificateValues }),
  });
  const bounds: http2.ServerOptions = {
    maxSessionMemory: MAX_SESSION_MEMORY_MIB,
    settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS },
  };
  const tls = options.tls;
  const server =
    tls === undefined
      ? http2.createServer(bounds, withSpecGrpcMessage(handler))
      : http2.createSecureServer(
          { ...bounds, ca: tls.ca, cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: true, allowHTTP1: false },
          withSpecGrpcMessage(handler),
        );

  const sessions = new Set<http2.Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close(closeOptions) {
      closing ??= new Promise<void>((resolve) => {
        const graceMs = closeOptions?.graceMs ?? DEFAULT_GRACE_MS;
        const timer = setTimeout(() => {
          for (const session of sessions) session.destroy();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        shutdown.abort(new ConnectError('server is shutting down', Code.Unavailable));
        for (const session of sessions) session.close();
      });
      return closing;
    },
  };
}
