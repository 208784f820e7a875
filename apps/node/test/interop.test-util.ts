import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { memberArgs, ServerProcess } from './server-process.test-util';

/**
 * A client that shares nothing with sched's code: @grpc/grpc-js with the repository's
 * proto/scheduler.proto loaded when the test runs, as a team with a client generated from
 * the reference's proto would talk to a node. Messages are plain objects in the proto's
 * snake_case, 64-bit integers as decimal strings, enums as their names, proto3 defaults
 * filled in and a set oneof named by its virtual field (e.g. `command_type`).
 */
const PROTO_FILE = join(__dirname, '..', '..', '..', 'proto', 'scheduler.proto');

export type ServiceName = 'SchedulerService' | 'InternalService';

export interface CallOptions {
  /** Milliseconds from now (default 10 s). */
  readonly deadlineMs?: number;
}

type UnaryMethod = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  done: (error: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;
type StreamMethod = (request: object, metadata: grpc.Metadata, options: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;

let constructors: Record<ServiceName, grpc.ServiceClientConstructor> | undefined;

function serviceConstructors(): Record<ServiceName, grpc.ServiceClientConstructor> {
  if (constructors === undefined) {
    const definition = protoLoader.loadSync(PROTO_FILE, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    const scheduler = grpc.loadPackageDefinition(definition)['scheduler'] as grpc.GrpcObject;
    constructors = {
      SchedulerService: scheduler['SchedulerService'] as grpc.ServiceClientConstructor,
      InternalService: scheduler['InternalService'] as grpc.ServiceClientConstructor,
    };
  }
  return constructors;
}

/** grpc-js clients of both client-facing services of one node. */
export class GrpcJsNode {
  private readonly clients: Record<ServiceName, grpc.Client>;

  constructor(address: string, credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(), options: grpc.ChannelOptions = {}) {
    const made = serviceConstructors();
    this.clients = {
      SchedulerService: new made.SchedulerService(address, credentials, options),
      InternalService: new made.InternalService(address, credentials, options),
    };
  }

  /** SchedulerService.`method` (the proto's name); rejects with the grpc-js ServiceError. */
  scheduler<T = Record<string, unknown>>(method: string, request: object = {}, options: CallOptions = {}): Promise<T> {
    return this.unary<T>('SchedulerService', method, request, options);
  }

  /** InternalService.`method`; rejects with the grpc-js ServiceError. */
  internal<T = Record<string, unknown>>(method: string, request: object = {}, options: CallOptions = {}): Promise<T> {
    return this.unary<T>('InternalService', method, request, options);
  }

  /** Every message of the server-streaming SchedulerService.`method`, once it ended cleanly. */
  stream<T = Record<string, unknown>>(method: string, request: object = {}, options: CallOptions = {}): Promise<T[]> {
    const call = this.bound<StreamMethod>('SchedulerService', method)(request, new grpc.Metadata(), callOptions(options));
    const received: T[] = [];
    return new Promise((resolve, reject) => {
      call.on('data', (message: T) => received.push(message));
      call.on('error', reject);
      call.on('end', () => resolve(received));
    });
  }

  close(): void {
    for (const client of Object.values(this.clients)) client.close();
  }

  private unary<T>(service: ServiceName, method: string, request: object, options: CallOptions): Promise<T> {
    const invoke = this.bound<UnaryMethod>(service, method);
    return new Promise<T>((resolve, reject) => {
      invoke(request, new grpc.Metadata(), callOptions(options), (error, response) => (error ? reject(error) : resolve(response as T)));
    });
  }

  private bound<F>(service: ServiceName, method: string): F {
    const client = this.clients[service];
    const fn = (client as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') throw new Error(`${service} has no method ${method}`);
    return fn.bind(client) as F;
  }
}

function callOptions(options: CallOptions): grpc.CallOptions {
  return { deadline: Date.now() + (options.deadlineMs ?? 10_000) };
}

/** The ServiceError `call` failed with; throws if it succeeded. */
export async function grpcFailure(call: Promise<unknown>): Promise<grpc.ServiceError> {
  let answer: unknown;
  try {
    answer = await call;
  } catch (error) {
    return error as grpc.ServiceError;
  }
  throw new Error(`expected the call to fail, it answered ${JSON.stringify(answer)}`);
}

/** A failure as [code name, message]: the pair REF §4 specifies. */
export function codeAndMessage(error: grpc.ServiceError): [string, string] {
  return [grpc.status[error.code] ?? String(error.code), error.details];
}

/** Raft and worker timings fast enough for tests, slow enough for a loaded 2-core machine. */
export const FAST_TIMINGS: readonly string[] = [
  '--tick-ms', '10', '--election-timeout-ms', '300', '--heartbeat-interval-ms', '50',
  '--worker-heartbeat-ms', '200', '--worker-liveness-ms', '1500', '--shutdown-grace-ms', '1000',
];

/**
 * Three `sched server` processes on `ports` (node i on ports[i-1], the others as its
 * --peers, listening on 127.0.0.1), each with FAST_TIMINGS and `extra(id)`.
 */
export function startThreeNodes(ports: readonly number[], extra: (id: number) => readonly string[]): Map<number, ServerProcess> {
  const servers = new Map<number, ServerProcess>();
  for (const id of [1, 2, 3]) servers.set(id, new ServerProcess([...memberArgs(ports.slice(0, 3), id), ...FAST_TIMINGS, ...extra(id)]));
  return servers;
}

/** SIGKILLs every server and waits for each to exit. */
export async function killAll(servers: Iterable<ServerProcess>): Promise<void> {
  const all = [...servers];
  for (const server of all) server.kill('SIGKILL');
  await Promise.all(all.map((server) => server.exited));
}
