import { type Client, Code, ConnectError } from '@connectrpc/connect';
import { type ClientPool, createClientPool, type RpcServer, startRpcServer } from '@sched/rpc';
import { InternalService, SchedulerService } from '@sched/rpc/gen';
import { FakeNode, type FakeNodeOptions } from './fake-node.test-util';
import { internalServiceHandlers } from './internal-service';
import { type SchedulerServiceOptions, schedulerServiceHandlers } from './scheduler-service';

/** A fake node served by a real Connect server on 127.0.0.1, and clients of it. */
export interface ServedNode {
  readonly node: FakeNode;
  /** `127.0.0.1:<port>` of its server. */
  readonly address: string;
  readonly scheduler: Client<typeof SchedulerService>;
  readonly internal: Client<typeof InternalService>;
}

export interface ServeOptions extends Omit<FakeNodeOptions, 'pool'> {
  readonly service?: SchedulerServiceOptions;
}

/**
 * Call at the top level of a spec file: returns `serve(options)`, which starts a fake node
 * behind both services. Servers and the shared client pool are closed after each test.
 */
export function useServedNodes(): (options?: ServeOptions) => Promise<ServedNode> {
  let pool: ClientPool | undefined;
  const servers: RpcServer[] = [];
  afterEach(async () => {
    pool?.close();
    pool = undefined;
    await Promise.all(servers.splice(0).map((server) => server.close({ graceMs: 50 })));
  });
  return async (options = {}) => {
    pool ??= createClientPool({ defaultTimeoutMs: 10_000 });
    const node = new FakeNode({ ...options, pool });
    const server = await startRpcServer({
      host: '127.0.0.1',
      port: 0,
      routes: (router) => {
        router.service(SchedulerService, schedulerServiceHandlers(node, options.service));
        router.service(InternalService, internalServiceHandlers(node));
      },
    });
    servers.push(server);
    const address = `127.0.0.1:${server.port}`;
    return { node, address, scheduler: node.schedulerClient(address), internal: node.internalClient(address) };
  };
}

/** The ConnectError `call` fails with, after checking its code and (when given) its exact message. */
export async function expectStatus(call: Promise<unknown>, code: Code, message?: string): Promise<ConnectError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  if (error === undefined) throw new Error(`expected ${Code[code]}, but the call succeeded`);
  expect({ code: Code[error.code], message: message === undefined ? undefined : error.rawMessage }).toEqual({
    code: Code[code],
    message,
  });
  return error;
}
