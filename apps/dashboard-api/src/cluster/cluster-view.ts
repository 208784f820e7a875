import { ConnectError } from '@connectrpc/connect';
import type { NodeRouter } from '../upstream/node-router';

/** One configured or reported node, as /api/cluster lists it. */
export interface NodeView {
  /** null when no leader ever reported which id listens there. */
  readonly nodeId: number | null;
  /** host:port, no scheme. */
  readonly address: string;
  readonly alive: boolean;
}

/** The cluster as its leader reported it, or, when no leader answered, which nodes answered at all. */
export type ClusterSnapshot =
  | {
      readonly leader: {
        readonly id: number;
        readonly term: number;
        readonly commitIndex: number;
        readonly lastLogIndex: number;
      };
      readonly nodes: readonly NodeView[];
    }
  | { readonly leader: undefined; readonly nodes: readonly NodeView[] };

/** How long a snapshot is served before the cluster is asked again. */
export const SNAPSHOT_MAX_AGE_MS = 1000;
/** Deadline of each node's probe when no leader answered. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * The cluster's state for /api/cluster and /health/ready, asked of the cluster at most once
 * per SNAPSHOT_MAX_AGE_MS however many browsers poll (concurrent callers share one
 * refresh), over the router's pooled connections.
 *
 * A refresh asks GetClusterStatus (a follower forwards it to the leader) and, at the
 * leader, GetRaftLogEntries for its commit and last indexes (an empty window: start past
 * the end). A snapshot with a leader therefore means the leader answered within the last
 * SNAPSHOT_MAX_AGE_MS plus one refresh. The leader's address becomes the router's
 * current node. When no leader answers within `lookupMs`, every configured node is
 * probed: alive = it answered anything (even "leader unknown"); its id is the one the last
 * leader reported for that address, if any.
 */
export class ClusterView {
  private cached: { readonly at: number; readonly snapshot: ClusterSnapshot } | undefined;
  private refreshing: Promise<ClusterSnapshot> | undefined;
  private readonly knownIds = new Map<string, number>();

  /** `lookupMs`: how long one refresh looks for a leader before reporting none. */
  constructor(
    private readonly router: NodeRouter,
    private readonly lookupMs: number,
  ) {}

  snapshot(): Promise<ClusterSnapshot> {
    if (this.cached !== undefined && Date.now() - this.cached.at < SNAPSHOT_MAX_AGE_MS) return Promise.resolve(this.cached.snapshot);
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refresh(): Promise<ClusterSnapshot> {
    const snapshot = await this.fromLeader().catch(() => this.probeNodes());
    this.cached = { at: Date.now(), snapshot };
    return snapshot;
  }

  private async fromLeader(): Promise<ClusterSnapshot> {
    const status = await this.router.read('GetClusterStatus', (c, o) => c.getClusterStatus({}, o), this.lookupMs);
    const id = Number(status.leaderId);
    const nodes = status.nodes.map((n) => ({ nodeId: Number(n.nodeId), address: n.address, alive: n.isAlive }));
    const self = nodes.find((n) => n.nodeId === id);
    if (id === 0 || self === undefined) throw new Error('the cluster status names no leader');
    for (const node of nodes) this.knownIds.set(node.address, node.nodeId);
    this.router.follow(self.address);
    const log = await this.router.read(
      'GetRaftLogEntries',
      (c, o) => c.getRaftLogEntries({ startIndex: BigInt(Number.MAX_SAFE_INTEGER), limit: 1 }, o),
      this.lookupMs,
    );
    return {
      leader: { id, term: Number(status.currentTerm), commitIndex: Number(log.commitIndex), lastLogIndex: Number(log.lastLogIndex) },
      nodes,
    };
  }

  private async probeNodes(): Promise<ClusterSnapshot> {
    const nodes = await Promise.all(
      this.router.everyNode().map(async ({ url, client }) => {
        const address = url.slice(url.indexOf('://') + 3);
        const alive = await client.getClusterStatus({}, { timeoutMs: PROBE_TIMEOUT_MS }).then(
          () => true,
          (error: unknown) => answeredWithStatus(ConnectError.from(error)),
        );
        return { nodeId: this.knownIds.get(address) ?? null, address, alive };
      }),
    );
    return { leader: undefined, nodes };
  }
}

/** True when the node itself answered with a gRPC status (it runs), false for a transport failure or a timeout. */
function answeredWithStatus(error: ConnectError): boolean {
  return error.metadata.has('grpc-status');
}
