import { Code, ConnectError } from '@connectrpc/connect';

/**
 * A failure the CLI reports as `Error: <message>` with exit code 1 (bad file, failed
 * connect, ...). Anything thrown out of a command ends up printed the same way; this class
 * only marks the ones whose message was written for the user.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * The human part of an error, on one line:
 * - a gRPC status from the server: its message as the server wrote it (without Connect's
 *   `[code]` prefix), or the code's name when the message is empty;
 * - a failure on the client side (socket, TLS): the underlying error's message, OpenSSL's
 *   `...:SSL routines:<fn>:<reason>:...` shortened to `TLS error: <reason>`;
 * - anything else: its message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ConnectError) {
    const cause = messageOf(error.cause);
    if (cause !== undefined) return tidy(cause);
    return error.rawMessage !== '' ? error.rawMessage : codeName(error.code);
  }
  return tidy(messageOf(error) ?? String(error));
}

/**
 * Duck-typed rather than `instanceof Error`: errors from another realm (Node's own, seen
 * from a jest sandbox) fail that test but have a message all the same.
 */
function messageOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return undefined;
}

function tidy(message: string): string {
  const openssl = /^[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:([^:]+):/.exec(message);
  if (openssl?.[1] !== undefined) return `TLS error: ${openssl[1]}`;
  return message.split('\n')[0] ?? message;
}

function codeName(code: Code): string {
  return Code[code].replace(/[A-Z]/g, (letter, at: number) => (at > 0 ? '_' : '') + letter).toUpperCase();
}
