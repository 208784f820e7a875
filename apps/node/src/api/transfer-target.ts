import type { NodeContext } from './node-context';

export type TargetChoice = { readonly ok: true; readonly target: number } | { readonly ok: false; readonly message: string };

/**
 * The node a leadership transfer should go to. An explicit id must be a configured peer
 * (this node's own id is "unknown" too, as in REF §6.6): else `Unknown target node <id>`.
 * Auto (0): among the peers that are alive and not draining (a drained node does not
 * campaign, so a transfer to it cannot succeed), the one with the highest match index in
 * the leader's progress, ties to the lowest id (REF ignores liveness: G37); none →
 * `No peers available for transfer`.
 */
export function chooseTransferTarget(ctx: NodeContext, requested: bigint): TargetChoice {
  if (requested !== 0n) {
    const peer = ctx.peers.find((p) => BigInt(p.id) === requested);
    return peer === undefined ? { ok: false, message: `Unknown target node ${requested}` } : { ok: true, target: peer.id };
  }
  const progress = ctx.raftStatus().progress;
  const table = ctx.table();
  let best: { id: number; match: number } | undefined;
  for (const peer of ctx.peers) {
    if (!ctx.peerAlive(peer.id) || table.worker(BigInt(peer.id))?.draining === true) continue;
    const match = progress.get(peer.id)?.match ?? 0;
    if (best === undefined || match > best.match || (match === best.match && peer.id < best.id)) best = { id: peer.id, match };
  }
  return best === undefined ? { ok: false, message: 'No peers available for transfer' } : { ok: true, target: best.id };
}
