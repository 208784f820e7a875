import type { HandlerContext } from '@connectrpc/connect';

/**
 * Wraps a unary handler so that once its call is aborted (the client went away or its
 * deadline passed) it rejects with the abort reason at once, instead of answering later
 * into a dead stream — which connect-node logs as a failed handler. The work itself is not
 * cancelled: a proposal already made still commits, a drain still completes.
 */
export function abortable<R, A>(handler: (request: R, call: HandlerContext) => A | Promise<A>): (request: R, call: HandlerContext) => Promise<A> {
  return (request, call) =>
    new Promise<A>((resolve, reject) => {
      const abort = () => reject(call.signal.reason);
      if (call.signal.aborted) return abort();
      call.signal.addEventListener('abort', abort, { once: true });
      Promise.resolve()
        .then(() => handler(request, call))
        .then(resolve, reject)
        .finally(() => call.signal.removeEventListener('abort', abort));
    });
}
