import type { ClusterClient } from '../harness/cluster-client';
import { waitForLeader } from '../harness/cluster-status';
import type { ProcessCluster } from '../harness/process-cluster';
import { elapsedMs } from '../harness/stats';
import { submitOnce } from './submit-load';

export interface FailoverSample {
  readonly killed: number;
  readonly elected: number;
  /** From the kill -9 of the leader to the acknowledgement of the next submit. */
  readonly ms: number;
}

/**
 * One failover: kill -9 the leader, then submit (with retries on the survivors every
 * 20 ms at most) until a submit is acknowledged. The killed node is then restarted and the
 * cluster waited for until all three agree on a leader again.
 */
export async function measureFailover(cluster: ProcessCluster, client: ClusterClient): Promise<FailoverSample> {
  const killed = await waitForLeader(client, cluster.ids, 30_000);
  const start = process.hrtime.bigint();
  await cluster.stop(killed, 'SIGKILL');
  const outcome = await submitOnce(client, 'echo after failover');
  const ms = elapsedMs(start);
  if (!outcome.ok) throw new Error(`no submit acknowledged after killing leader ${killed}: ${outcome.error.message}`);
  const survivors = cluster.ids.filter((id) => id !== killed);
  const elected = await waitForLeader(client, survivors, 30_000);
  cluster.start(killed);
  await waitForLeader(client, cluster.ids, 30_000);
  return { killed, elected, ms };
}
