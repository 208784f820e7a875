import { ConnectError } from '@connectrpc/connect';

/** What `call` rejected with; fails the test if it resolved. */
export async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The ConnectError a failed Connect call rejected with. */
export async function connectError(call: Promise<unknown>): Promise<ConnectError> {
  return ConnectError.from(await rejection(call));
}
