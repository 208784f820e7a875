import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { notLeaderError, type RpcServer, startRpcServer } from '@sched/rpc';
import { JobStatus, SchedulerService } from '@sched/rpc/gen';

/** A job of the fake table, with what GetJobStatus and ListJobs report. */
export interface FakeJob {
  id: string;
  command: string;
  status: JobStatus;
  assignedWorker: bigint;
  executedBy: bigint;
  output: string;
  error: string;
  exitCode?: number;
  createdAtMs: bigint;
  completedAtMs?: bigint;
}

/** Per-node replacements of RPC handlers, for refusals the fake does not model (draining, capacity, deadlines). */
export type Overrides = Partial<ServiceImpl<typeof SchedulerService>>;

interface FakeNode {
  readonly id: number;
  server: RpcServer | undefined;
  proxy: Server | undefined;
  readonly sockets: Set<Socket>;
  /** TCP connections the gateway opened to this node. */
  connections: number;
  overrides: Overrides;
}

/**
 * N fake sched nodes on 127.0.0.1, each a real gRPC server (startRpcServer) with a small
 * SchedulerService over one shared job table, behind a TCP proxy that counts connections.
 * Node `leader` (0: none) accepts writes; the others answer the real not-leader error
 * (notLeaderError, with the leader's address in the trailers). Reads are served by any
 * node. `stop(id)` makes a node unreachable (connection refused).
 */
export class FakeCluster {
  readonly jobs = new Map<string, FakeJob>();
  readonly calls: string[] = [];
  leader: number;
  term = 3;
  commitIndex = 12;
  lastLogIndex = 12;
  private readonly nodes: FakeNode[] = [];
  private readonly ports: number[] = [];
  private readonly keys = new Map<string, string>();
  private clock = 1_769_604_341_000;

  private constructor(leader: number) {
    this.leader = leader;
  }

  static async start(size: number, leader: number): Promise<FakeCluster> {
    const cluster = new FakeCluster(leader);
    for (let id = 1; id <= size; id++) await cluster.startNode(id);
    return cluster;
  }

  url(id: number): string {
    return `http://127.0.0.1:${this.ports[id - 1]}`;
  }

  get urls(): string[] {
    return this.nodes.map((n) => this.url(n.id));
  }

  connections(id: number): number {
    return this.nodes[id - 1]!.connections;
  }

  override(id: number, overrides: Overrides): void {
    this.nodes[id - 1]!.overrides = overrides;
  }

  /** Adds a job, created 1 s after the previous one unless `createdAtMs` says otherwise. */
  addJob(job: Partial<FakeJob> & { command: string }): FakeJob {
    this.clock += 1000;
    const full: FakeJob = {
      id: randomUUID(),
      status: JobStatus.PENDING,
      assignedWorker: 0n,
      executedBy: 0n,
      output: '',
      error: '',
      createdAtMs: BigInt(this.clock),
      ...job,
    };
    this.jobs.set(full.id, full);
    return full;
  }

  /** Closes node `id`'s listener and connections: the gateway's calls to it fail to connect. */
  async stop(id: number): Promise<void> {
    const node = this.nodes[id - 1]!;
    for (const socket of node.sockets) socket.destroy();
    await new Promise<void>((resolve) => (node.proxy === undefined ? resolve() : node.proxy.close(() => resolve())));
    await node.server?.close({ graceMs: 10 });
    node.proxy = undefined;
    node.server = undefined;
  }

  async close(): Promise<void> {
    for (const node of this.nodes) await this.stop(node.id);
  }

  private async startNode(id: number): Promise<void> {
    const node: FakeNode = { id, server: undefined, proxy: undefined, sockets: new Set(), connections: 0, overrides: {} };
    this.nodes.push(node);
    node.server = await startRpcServer({ host: '127.0.0.1', port: 0, routes: (r) => r.service(SchedulerService, this.service(node)) });
    const backend = node.server.port;
    node.proxy = createServer((socket) => {
      node.connections++;
      const upstream = createConnection(backend, '127.0.0.1');
      for (const s of [socket, upstream]) {
        node.sockets.add(s);
        s.once('close', () => node.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      socket.pipe(upstream).pipe(socket);
      socket.once('close', () => upstream.destroy());
      upstream.once('close', () => socket.destroy());
    });
    await new Promise<void>((resolve) => node.proxy!.listen(0, '127.0.0.1', resolve));
    this.ports.push((node.proxy.address() as AddressInfo).port);
  }

  private leaderError(): ConnectError {
    if (this.leader === 0) return notLeaderError();
    return notLeaderError({ id: this.leader, address: `127.0.0.1:${this.ports[this.leader - 1]}` });
  }

  private service(node: FakeNode): Partial<ServiceImpl<typeof SchedulerService>> {
    const leads = () => node.id === this.leader;
    const call = (name: string) => this.calls.push(`${node.id}:${name}`);
    const base: Partial<ServiceImpl<typeof SchedulerService>> = {
      submitJob: async (request) => {
        call('SubmitJob');
        if (!leads()) throw this.leaderError();
        const existing = request.idempotencyKey === undefined ? undefined : this.keys.get(request.idempotencyKey);
        if (existing !== undefined) return { jobId: existing, createdAtMs: this.jobs.get(existing)!.createdAtMs };
        const job = this.addJob({ command: request.command });
        if (request.idempotencyKey !== undefined) this.keys.set(request.idempotencyKey, job.id);
        return { jobId: job.id, createdAtMs: job.createdAtMs };
      },
      cancelJob: async (request) => {
        call('CancelJob');
        if (!leads()) throw this.leaderError();
        const job = this.jobs.get(request.jobId);
        if (job === undefined) throw new ConnectError('job not found', Code.NotFound);
        if (job.status !== JobStatus.PENDING && job.status !== JobStatus.RUNNING) {
          throw new ConnectError(`job is already ${JobStatus[job.status]!.toLowerCase()}`, Code.FailedPrecondition);
        }
        job.status = JobStatus.CANCELLED;
        job.completedAtMs = job.createdAtMs + 500n;
        return { success: true, message: `job ${job.id} cancelled` };
      },
      getJobStatus: async (request) => {
        call('GetJobStatus');
        const job = this.jobs.get(request.jobId);
        if (job === undefined) throw new ConnectError('Job not found', Code.NotFound);
        return { jobId: job.id, status: job.status, output: job.output, error: job.error, assignedWorker: job.assignedWorker, executedBy: job.executedBy, createdAtMs: job.createdAtMs, ...(job.exitCode === undefined ? {} : { exitCode: job.exitCode }), ...(job.completedAtMs === undefined ? {} : { completedAtMs: job.completedAtMs }) };
      },
      listJobs: async (request) => {
        call('ListJobs');
        if (request.pageToken !== '' && !/^[0-9]+$/.test(request.pageToken)) throw new ConnectError('Invalid page token', Code.InvalidArgument);
        const offset = request.pageToken === '' ? 0 : Number(request.pageToken);
        const size = request.pageSize === 0 ? 100 : Math.min(request.pageSize, 1000);
        const needle = request.commandFilter.toLowerCase();
        const matching = [...this.jobs.values()]
          .filter((j) => request.statusFilter === JobStatus.UNSPECIFIED || j.status === request.statusFilter)
          .filter((j) => request.workerIdFilter === 0n || j.assignedWorker === request.workerIdFilter || j.executedBy === request.workerIdFilter)
          .filter((j) => j.command.toLowerCase().includes(needle))
          .filter((j) => request.createdAfterMs === 0n || j.createdAtMs >= request.createdAfterMs)
          .filter((j) => request.createdBeforeMs === 0n || j.createdAtMs <= request.createdBeforeMs)
          .sort((a, b) => Number(a.createdAtMs - b.createdAtMs));
        const page = matching.slice(offset, offset + size);
        const next = offset + page.length;
        return {
          jobs: page.map((j) => ({ jobId: j.id, command: j.command, status: j.status, assignedWorker: j.assignedWorker, createdAtMs: j.createdAtMs, ...(j.completedAtMs === undefined ? {} : { completedAtMs: j.completedAtMs }) })),
          nextPageToken: next < matching.length ? String(next) : '',
          totalCount: matching.length,
        };
      },
      getClusterStatus: async () => {
        call('GetClusterStatus');
        if (this.leader === 0) throw new ConnectError('Leader unknown, please retry later', Code.Unavailable);
        return {
          currentTerm: BigInt(this.term),
          leaderId: BigInt(this.leader),
          nodes: this.nodes.map((n) => ({ nodeId: BigInt(n.id), address: `127.0.0.1:${this.ports[n.id - 1]}`, isAlive: n.server !== undefined })),
        };
      },
      getRaftLogEntries: async () => {
        call('GetRaftLogEntries');
        if (this.leader === 0) throw new ConnectError('Leader unknown, please retry later', Code.Unavailable);
        return { entries: [], commitIndex: BigInt(this.commitIndex), lastLogIndex: BigInt(this.lastLogIndex), firstAvailableIndex: 1n };
      },
    };
    // Each call looks up the node's overrides when it arrives, so a test may change them at any time.
    const routed: Record<string, unknown> = {};
    for (const [name, handler] of Object.entries(base)) {
      routed[name] = (request: unknown, context: unknown) => {
        const chosen = ((node.overrides as Record<string, unknown>)[name] ?? handler) as (r: unknown, c: unknown) => unknown;
        return chosen(request, context);
      };
    }
    return routed as Partial<ServiceImpl<typeof SchedulerService>>;
  }
}
