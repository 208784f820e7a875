import { MalformedMessageError } from './errors';
import type { Append, AppendResponse, Heartbeat, HeartbeatResponse } from './messages';
import { sendTimeoutNowIfCaughtUp } from './leadership-transfer';
import { ProgressState } from './progress';
import type { Raft } from './raft';
import { acknowledgeReadRound } from './read-index';
import { startSnapshot } from './snapshot-transfer';
import { entrySize, type NodeId, Role } from './types';

// ---- leader ---------------------------------------------------------------------------

/**
 * Sends `to` the entries it lacks, if its progress allows one more message now.
 * With `allowEmpty`, also sends an empty append (to carry a commit index or probe).
 * Returns whether a message was sent.
 */
export function sendAppend(r: Raft, to: NodeId, allowEmpty: boolean): boolean {
  const pr = r.progress.get(to)!;
  if (pr.isPaused()) return false;
  const prevIndex = pr.next - 1;
  const prevTerm = r.log.term(prevIndex);
  if (prevTerm === undefined || pr.next < r.log.firstIndex()) {
    // The entries this peer needs are compacted: it can only catch up from a snapshot.
    return startSnapshot(r, to);
  }
  const entries = r.log.slice(pr.next, r.log.lastIndex() + 1, r.cfg.maxSizePerMsg);
  if (entries.length === 0 && !allowEmpty) return false;
  const bytes = entries.reduce((n, e) => n + entrySize(e), 0);
  r.send({ type: 'Append', to, prevIndex, prevTerm, entries, commit: r.log.committed });
  pr.sentEntries(entries.length, bytes);
  return true;
}

/** Sends every follower what it lacks, as far as its flow-control window allows. */
export function broadcastAppend(r: Raft): void {
  for (const id of r.voters) {
    if (id === r.id) continue;
    const pr = r.progress.get(id)!;
    // A probing peer gets one append (empty if need be) so it answers with where it stands.
    if (pr.state === ProgressState.Probe) sendAppend(r, id, true);
    else while (sendAppend(r, id, false));
  }
}

export function broadcastHeartbeat(r: Raft, context: string): void {
  for (const id of r.voters) {
    if (id === r.id) continue;
    const pr = r.progress.get(id)!;
    const commit = Math.min(pr.match, r.log.committed);
    // Compacted here: the follower could not check it, and the snapshot it needs commits it anyway.
    const commitTerm = r.log.term(commit);
    r.send({ type: 'Heartbeat', to: id, commit: commitTerm === undefined ? 0 : commit, commitTerm: commitTerm ?? 0, context });
  }
}

export function handleAppendResponse(r: Raft, m: AppendResponse): void {
  if (r.role !== Role.Leader) return;
  if (!m.reject && m.index > r.log.lastIndex()) {
    // This leader's log only grows within its term: no follower can hold more of it.
    throw new MalformedMessageError(`node ${m.from} acknowledged index ${m.index} past this leader's last index ${r.log.lastIndex()}`);
  }
  const pr = r.progress.get(m.from)!;
  pr.recentActive = true;
  if (m.reject) {
    // Skip back past the whole conflicting term using the follower's hint (thesis §5.3 optimisation).
    const [hint] = m.hintTerm > 0 ? r.log.findConflictByTerm(m.hintIndex, m.hintTerm) : [m.hintIndex];
    if (pr.maybeDecreaseTo(m.index, hint)) {
      if (pr.state === ProgressState.Replicate) pr.becomeProbe();
      sendAppend(r, m.from, true);
    }
    return;
  }
  const wasPaused = pr.isPaused();
  if (!pr.maybeUpdate(m.index) && !(pr.state === ProgressState.Probe && pr.match === m.index)) return;
  switch (pr.state) {
    case ProgressState.Probe:
      pr.becomeReplicate();
      break;
    case ProgressState.Snapshot:
      if (pr.match + 1 >= r.log.firstIndex()) pr.becomeReplicate();
      break;
    case ProgressState.Replicate:
      pr.inflights.freeLE(m.index);
      break;
  }
  if (r.maybeCommit()) {
    // Tell everyone the new commit index (followers learn it from the next append).
    for (const id of r.voters) if (id !== r.id) sendAppend(r, id, true);
  } else if (wasPaused) {
    sendAppend(r, m.from, true);
  }
  while (sendAppend(r, m.from, false));
  sendTimeoutNowIfCaughtUp(r, m.from);
}

export function handleHeartbeatResponse(r: Raft, m: HeartbeatResponse): void {
  if (r.role !== Role.Leader) return;
  const pr = r.progress.get(m.from)!;
  pr.recentActive = true;
  if (m.reject && m.hintIndex < pr.match) {
    rebuildLostLog(r, m.from, m.hintIndex);
  } else {
    // A rejection with a hint at or above match is a late copy of one already acted on.
    pr.probeSent = false;
    if (pr.state === ProgressState.Replicate && pr.inflights.full()) pr.inflights.freeFirstOne();
    if (pr.match < r.log.lastIndex() || pr.state === ProgressState.Probe) sendAppend(r, m.from, true);
  }
  // The follower still follows this leader in this term, whatever its log: the read round counts it.
  if (m.context !== '') acknowledgeReadRound(r, m.from, m.context);
}

/**
 * `peer` lost entries it had acknowledged (it was sent a commit index <= its match, and its
 * log does not hold that entry): rebuild it from where its log may still agree, from a
 * snapshot if those entries are compacted, and report it (Ready.lostLogs).
 */
function rebuildLostLog(r: Raft, peer: NodeId, hint: number): void {
  const pr = r.progress.get(peer)!;
  pr.restartAfterLostLog(hint);
  const from = pr.next;
  sendAppend(r, peer, true);
  r.lostLogs.push({ peer, from, snapshot: pr.state === ProgressState.Snapshot ? pr.pendingSnapshot : 0 });
}

// ---- follower -------------------------------------------------------------------------

export function handleAppend(r: Raft, m: Append): void {
  if (m.prevIndex < r.log.committed) {
    // Everything up to our commit index is already known to match the leader.
    r.send({ type: 'AppendResponse', to: m.from, reject: false, index: r.log.committed, hintIndex: 0, hintTerm: 0 });
    return;
  }
  const lastNew = r.log.maybeAppend(m.prevIndex, m.prevTerm, m.commit, m.entries);
  if (lastNew !== undefined) {
    r.send({ type: 'AppendResponse', to: m.from, reject: false, index: lastNew, hintIndex: 0, hintTerm: 0 });
    return;
  }
  const [hintIndex, hintTerm] = r.log.findConflictByTerm(m.prevIndex, m.prevTerm);
  r.send({ type: 'AppendResponse', to: m.from, reject: true, index: m.prevIndex, hintIndex, hintTerm });
}

/**
 * The leader sends a commit index no higher than the prefix this follower acknowledged in
 * the leader's term, so a follower with durable storage holds that entry. One that does
 * not (its log ends before it, or holds another term there) lost acknowledged entries: it
 * commits nothing, since nothing in its log is then known to match the leader's, and
 * answers with a rejection naming where its log may still agree, so the leader rebuilds it.
 */
export function handleHeartbeat(r: Raft, m: Heartbeat): void {
  if (m.commit > r.log.committed && !holdsEntryAt(r, m.commit, m.commitTerm)) {
    const hintIndex = Math.min(r.log.lastIndex(), m.commit - 1);
    r.send({ type: 'HeartbeatResponse', to: m.from, context: m.context, reject: true, hintIndex });
    return;
  }
  r.log.commitTo(m.commit);
  r.send({ type: 'HeartbeatResponse', to: m.from, context: m.context, reject: false, hintIndex: 0 });
}

/**
 * Whether this log holds the leader's entry (index, term), hence (log matching) the
 * leader's whole log up to it. Without the term (from a sender that predates it), an entry
 * at that index is taken on trust, as durable storage allows.
 */
function holdsEntryAt(r: Raft, index: number, term: number): boolean {
  if (index > r.log.lastIndex()) return false;
  return term === 0 || r.log.matchTerm(index, term);
}
