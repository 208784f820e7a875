// The module object itself (not an import-interop copy), so the patch reaches connect-node.
import http2 = require('node:http2');

/**
 * Works around connect-es issue #1768 (open in @connectrpc/connect-node 2.1.2): when a
 * server sends GOAWAY on an idle connection, Http2SessionManager destroys the session with
 * an error that Node raises later as an "error" event, and if the manager has moved on and
 * removed its listeners by then, the process dies of an uncaught exception. Every peer that
 * shuts down gracefully sends such a GOAWAY, so a restart anywhere could crash the others.
 *
 * The guard gives every client HTTP/2 session one extra "error" listener that does nothing:
 * the manager's own listeners still see every error while they are attached (EventEmitter
 * calls them all); only an error nobody listens for any more is dropped instead of fatal.
 * Installed once per process (marked on the wrapper itself, so that several copies of this
 * module, as under jest, do not stack wrappers). Remove when the fix is released.
 */
const GUARDED = Symbol.for('sched.rpc.goawayGuard');

export function installGoawayGuard(): void {
  if ((http2.connect as { [GUARDED]?: true })[GUARDED] === true) return;
  const connect = http2.connect;
  const guarded = ((...args: Parameters<typeof http2.connect>) => {
    const session = connect(...args);
    session.on('error', () => {});
    return session;
  }) as typeof http2.connect & { [GUARDED]?: true };
  guarded[GUARDED] = true;
  Object.defineProperty(http2, 'connect', { value: guarded, writable: true, configurable: true });
}
