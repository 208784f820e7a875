import * as tls from 'node:tls';
import { type Client, createClient } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { SchedulerService } from '@sched/rpc/gen';
import { CliError, errorMessage } from './errors';
import type { ClientTlsMaterial } from './tls-files';

export type SchedulerClient = Client<typeof SchedulerService>;

/** An open HTTP/2 connection to one node, and a SchedulerService client on it. */
export interface SchedulerConnection {
  readonly url: string;
  readonly client: SchedulerClient;
  close(): void;
}

/**
 * Names a node certificate may carry instead of the host of the URL: the cluster-wide name
 * sched's certificates carry, and the one nomad-lite's certificate script writes, so
 * certificates made for nomad-lite keep working (REF §1.2, §10).
 */
export const CLUSTER_SERVER_NAMES: readonly string[] = ['sched-cluster', 'nomad-lite-cluster'];

/** How long opening a connection (TCP and TLS handshake) may take. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens a gRPC (HTTP/2) connection to `url` right away, as nomad-lite does before the RPC,
 * so an unreachable node is reported as `cannot connect to <url>: <reason>`.
 * `https://` selects TLS: the server is verified against `tlsMaterial.ca` (the system CAs
 * without one) and a client certificate is presented when one is given.
 */
export async function connectScheduler(url: string, tlsMaterial: ClientTlsMaterial): Promise<SchedulerConnection> {
  const secure = url.startsWith('https://');
  const manager = new Http2SessionManager(url, {}, secure ? secureSessionOptions(tlsMaterial) : {});
  const failure = await openOrFailure(manager);
  if (failure !== undefined) {
    manager.abort();
    throw new CliError(`cannot connect to ${url}: ${failure}`);
  }
  const transport = createGrpcTransport({ baseUrl: url, sessionManager: manager });
  return { url, client: createClient(SchedulerService, transport), close: () => manager.abort() };
}

/** Resolves to undefined once connected, or to the reason the connection failed. */
async function openOrFailure(manager: Http2SessionManager): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${CONNECT_TIMEOUT_MS / 1000}s`), CONNECT_TIMEOUT_MS);
  });
  const attempt = manager.connect().then(
    (state) => (state === 'error' ? errorMessage(manager.error()) : undefined),
    (error: unknown) => errorMessage(error),
  );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function secureSessionOptions(material: ClientTlsMaterial): tls.ConnectionOptions {
  return {
    ...(material.ca && { ca: material.ca }),
    ...(material.cert && { cert: material.cert }),
    ...(material.key && { key: material.key }),
    checkServerIdentity: acceptHostOrClusterName,
  };
}

/** Accepts a certificate valid for the URL's host, or for one of the cluster names. */
function acceptHostOrClusterName(host: string, certificate: tls.PeerCertificate): Error | undefined {
  const hostError = tls.checkServerIdentity(host, certificate);
  if (hostError === undefined) return undefined;
  const clusterName = CLUSTER_SERVER_NAMES.some((name) => tls.checkServerIdentity(name, certificate) === undefined);
  return clusterName ? undefined : hostError;
}
