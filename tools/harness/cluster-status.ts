import type { ClusterClient } from './cluster-client';
import { sleep } from './cluster-client';

/**
 * Waits until every node in `ids` answers GetClusterStatus naming the same leader, and
 * returns that leader's id. Throws after `timeoutMs`.
 */
export async function waitForLeader(client: ClusterClient, ids: readonly number[], timeoutMs: number): Promise<number> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const leaders = await Promise.all(
      ids.map((id) =>
        client
          .node(id)
          .getClusterStatus({}, { timeoutMs: 1000 })
          .then((status) => Number(status.leaderId), () => 0),
      ),
    );
    const leader = leaders[0]!;
    if (leader !== 0 && leaders.every((l) => l === leader)) return leader;
    if (Date.now() >= giveUpAt) throw new Error(`no agreed leader among nodes ${ids.join(', ')} within ${timeoutMs} ms (they report ${leaders.join(', ')})`);
    await sleep(50);
  }
}
