import type { ClusterClient } from '../harness/cluster-client';
import { sleep } from '../harness/cluster-client';
import type { ProcessCluster } from '../harness/process-cluster';
import type { ChaosNetwork } from './network';
import { describeFault, type Fault, type ScheduledFault } from './schedule';

/** A fault as it was applied: the nodes it hit, resolved when it started. */
export interface AppliedFault {
  readonly atMs: number;
  readonly durationMs: number;
  readonly description: string;
  readonly nodes: readonly number[];
}

/**
 * Applies a fault schedule in real time (times relative to `startMs`). Every fault is
 * undone when it ends, so at most one is in effect at a time; `heal` undoes whatever is
 * left when the run is cut short.
 */
export class FaultRunner {
  readonly applied: AppliedFault[] = [];

  constructor(
    private readonly cluster: ProcessCluster,
    private readonly network: ChaosNetwork,
    private readonly client: ClusterClient,
    private readonly log: (line: string) => void,
  ) {}

  async run(schedule: readonly ScheduledFault[], startMs: number): Promise<void> {
    for (const scheduled of schedule) {
      await sleep(Math.max(0, startMs + scheduled.atMs - Date.now()));
      const nodes = await this.nodesOf(scheduled.fault);
      const description = describeFault(scheduled.fault).replace('the leader', `the leader (node ${nodes.join(', ')})`);
      this.applied.push({ atMs: Date.now() - startMs, durationMs: scheduled.durationMs, description, nodes });
      this.log(`${((Date.now() - startMs) / 1000).toFixed(1)}s ${description} for ${scheduled.durationMs} ms`);
      await this.begin(scheduled.fault, nodes);
      await sleep(scheduled.durationMs);
      await this.end(scheduled.fault, nodes);
    }
  }

  /** Undoes every fault: links healed, paused nodes resumed, stopped nodes started. */
  async heal(): Promise<void> {
    this.network.healAll();
    for (const id of this.cluster.ids) this.cluster.resume(id);
    for (const id of this.cluster.ids) if (!this.cluster.isRunning(id)) this.cluster.start(id);
  }

  private async nodesOf(fault: Fault): Promise<number[]> {
    switch (fault.kind) {
      case 'one-way':
        return [fault.from, fault.to];
      case 'kill-majority':
        return [...fault.targets];
      default:
        return [fault.target === 'leader' ? await this.leader() : fault.target];
    }
  }

  /** The node the running nodes name as leader, or node 1 when none is named. */
  private async leader(): Promise<number> {
    for (const id of this.cluster.ids.filter((i) => this.cluster.isRunning(i))) {
      const status = await this.client.node(id).getClusterStatus({}, { timeoutMs: 500 }).catch(() => undefined);
      const leader = Number(status?.leaderId ?? 0);
      if (leader !== 0) return leader;
    }
    return 1;
  }

  private async begin(fault: Fault, nodes: readonly number[]): Promise<void> {
    switch (fault.kind) {
      case 'kill':
      case 'kill-majority':
        await Promise.all(nodes.map((id) => this.cluster.stop(id, 'SIGKILL')));
        return;
      case 'restart':
        this.cluster.node(nodes[0]!)?.signal('SIGTERM');
        return;
      case 'pause':
        this.cluster.pause(nodes[0]!);
        return;
      case 'isolate':
        this.network.isolate(nodes[0]!);
        return;
      case 'one-way':
        this.network.cut(fault.from, fault.to);
        return;
    }
  }

  private async end(fault: Fault, nodes: readonly number[]): Promise<void> {
    switch (fault.kind) {
      case 'kill':
      case 'kill-majority':
        for (const id of nodes) this.cluster.start(id);
        return;
      case 'restart':
        await this.cluster.stop(nodes[0]!, 'SIGTERM');
        this.cluster.start(nodes[0]!);
        return;
      case 'pause':
        this.cluster.resume(nodes[0]!);
        return;
      case 'isolate':
      case 'one-way':
        this.network.healAll();
        return;
    }
  }
}
