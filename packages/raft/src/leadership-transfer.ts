import { campaign, CampaignKind } from './election';
import type { TimeoutNow } from './messages';
import type { Raft } from './raft';
import { sendAppend } from './replication';
import { NONE, type NodeId, Role } from './types';

export type TransferResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Starts moving leadership to `to` (thesis §3.10): stop taking proposals, bring the target
 * up to date, then send TimeoutNow to it alone. The outcome shows in the soft state: the
 * transferee is cleared when the transfer ends, and the leader changes if it succeeded.
 * An unfinished transfer is abandoned after an election timeout.
 */
export function transferLeadership(r: Raft, to: NodeId): TransferResult {
  if (r.role !== Role.Leader) return { ok: false, reason: 'not the leader' };
  if (to === r.id) return { ok: false, reason: `node ${to} is already the leader` };
  if (!r.voters.includes(to)) return { ok: false, reason: `unknown target node ${to}` };
  if (r.transferee === to) return { ok: true };
  r.transferee = to;
  r.electionElapsed = 0;
  if (!sendTimeoutNowIfCaughtUp(r, to)) sendAppend(r, to, true);
  return { ok: true };
}

/** Sends TimeoutNow to the transferee once its log matches this leader's entirely. */
export function sendTimeoutNowIfCaughtUp(r: Raft, peer: NodeId): boolean {
  if (r.role !== Role.Leader || peer !== r.transferee) return false;
  if (r.progress.get(peer)!.match !== r.log.lastIndex()) return false;
  r.send({ type: 'TimeoutNow', to: peer });
  return true;
}

export function abortLeadershipTransfer(r: Raft): void {
  r.transferee = NONE;
}

/** The target side: campaign at once, without pre-vote, if the sender is our leader. */
export function handleTimeoutNow(r: Raft, m: TimeoutNow): void {
  if (r.role === Role.Leader || m.from !== r.leader || !r.campaignEnabled) return;
  campaign(r, CampaignKind.Transfer);
}
