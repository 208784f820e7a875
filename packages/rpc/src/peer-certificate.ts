import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest, Http2Session } from 'node:http2';
import { type PeerCertificate, TLSSocket } from 'node:tls';
import { type ContextValues, createContextKey, createContextValues } from '@connectrpc/connect';

/**
 * The verified client certificate of the connection a call arrived on, for handlers:
 * `ctx.values.get(peerCertificateKey)`. Set only by TLS servers (where the certificate has
 * already been verified against the CA, or the handshake would have failed); undefined on
 * plaintext servers.
 */
export const peerCertificateKey = createContextKey<PeerCertificate | undefined>(undefined, {
  description: 'TLS peer certificate',
});

/** What connect-node hands to `contextValues`. */
type NodeServerRequest = IncomingMessage | Http2ServerRequest;

/** Read once per HTTP/2 session: building the certificate object costs more than a small call. */
const bySession = new WeakMap<Http2Session, PeerCertificate | undefined>();

/** connectNodeAdapter `contextValues` for TLS servers. */
export function peerCertificateValues(req: NodeServerRequest): ContextValues {
  return createContextValues().set(peerCertificateKey, peerCertificateOf(req));
}

function peerCertificateOf(req: NodeServerRequest): PeerCertificate | undefined {
  const session = 'stream' in req ? req.stream.session : undefined;
  if (session === undefined) return undefined;
  if (!bySession.has(session)) {
    const socket = session.socket;
    bySession.set(session, socket instanceof TLSSocket ? socket.getPeerCertificate() : undefined);
  }
  return bySession.get(session);
}
