import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { rejection } from './rejection.test-util';

/**
 * An independent gRPC client: @grpc/grpc-js with proto/scheduler.proto loaded at run time
 * (no generated code shared with the server), with plain-object messages in the proto's
 * snake_case, 64-bit integers as decimal strings and enums as names.
 */
const PROTO = join(__dirname, '..', '..', '..', 'proto', 'scheduler.proto');

type Unary = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Record<string, unknown>) => void,
) => grpc.ClientUnaryCall;
type ServerStream = (request: object, options: grpc.CallOptions) => grpc.ClientReadableStream<Record<string, unknown>>;

export class GrpcJsScheduler {
  private readonly client: grpc.Client;

  constructor(address: string, credentials: grpc.ChannelCredentials, options: grpc.ChannelOptions = {}) {
    const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    const pkg = grpc.loadPackageDefinition(definition)['scheduler'] as grpc.GrpcObject;
    const Service = pkg['SchedulerService'] as grpc.ServiceClientConstructor;
    this.client = new Service(address, credentials, options);
  }

  /** Calls unary `method` (the proto's name, e.g. 'SubmitJob'), rejecting with the ServiceError. */
  unary(method: string, request: object, deadlineMs = 5000): Promise<Record<string, unknown>> {
    const call = this.method<Unary>(method);
    return new Promise((resolve, reject) => {
      call(request, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
        error === null ? resolve(response ?? {}) : reject(error),
      );
    });
  }

  /** Collects every message of server-streaming `method`. */
  stream(method: string, request: object, deadlineMs = 5000): Promise<Record<string, unknown>[]> {
    const call = this.method<ServerStream>(method)(request, { deadline: Date.now() + deadlineMs });
    const out: Record<string, unknown>[] = [];
    return new Promise((resolve, reject) => {
      call.on('data', (m: Record<string, unknown>) => out.push(m));
      call.on('error', reject);
      call.on('end', () => resolve(out));
    });
  }

  close(): void {
    this.client.close();
  }

  private method<F>(name: string): F {
    const fn = (this.client as unknown as Record<string, unknown>)[name];
    if (typeof fn !== 'function') throw new Error(`no method ${name}`);
    return fn.bind(this.client) as F;
  }
}

/** The ServiceError a failed grpc-js call rejected with. */
export async function grpcJsError(call: Promise<unknown>): Promise<grpc.ServiceError> {
  return (await rejection(call)) as grpc.ServiceError;
}
