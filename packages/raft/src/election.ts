import type { VoteRequest, VoteResponse } from './messages';
import { VoteResult, voteResult } from './quorum';
import type { Raft } from './raft';
import { broadcastAppend } from './replication';
import { NONE, Role } from './types';

export enum CampaignKind {
  /** Ask for pre-votes first; move to a new term only if a majority would vote. */
  PreElection = 'pre-election',
  Election = 'election',
  /** Asked for by the leader (TimeoutNow): skip pre-vote, and voters ignore their lease. */
  Transfer = 'transfer',
}

/** Starts a (pre-)election (Raft §5.2, thesis §9.6). */
export function campaign(r: Raft, kind: CampaignKind): void {
  const pre = kind === CampaignKind.PreElection;
  if (pre) r.becomePreCandidate();
  else r.becomeCandidate();
  if (voteResult(r.voters, r.votes) === VoteResult.Won) {
    // A single-voter cluster needs no one else.
    if (pre) campaign(r, CampaignKind.Election);
    else r.becomeLeader();
    return;
  }
  const lastIndex = r.log.lastIndex();
  const lastTerm = r.log.lastTerm();
  for (const to of r.voters) {
    if (to === r.id) continue;
    r.send({
      type: pre ? 'PreVote' : 'Vote',
      to,
      term: pre ? r.term + 1 : r.term,
      lastIndex,
      lastTerm,
      transfer: kind === CampaignKind.Transfer,
    });
  }
}

/**
 * Grants a vote to at most one candidate per term, and only to one whose log is at least
 * as up to date (Raft §5.2, §5.4.1). A node that knows a leader of this term refuses other
 * candidates. A pre-vote changes nothing here; it is granted for a future term on the log
 * check alone (the lease check already filtered requests in `Raft.step`).
 */
export function handleVoteRequest(r: Raft, m: VoteRequest): void {
  const pre = m.type === 'PreVote';
  const canVote = r.vote === m.from || (r.vote === NONE && r.leader === NONE) || (pre && m.term > r.term);
  const type = pre ? 'PreVoteResponse' : 'VoteResponse';
  if (canVote && r.log.isUpToDate(m.lastIndex, m.lastTerm)) {
    r.send({ type, to: m.from, term: m.term, reject: false });
    if (!pre) {
      r.vote = m.from;
      r.electionElapsed = 0;
    }
  } else {
    r.send({ type, to: m.from, reject: true });
  }
}

export function handleVoteResponse(r: Raft, m: VoteResponse): void {
  const expected = r.role === Role.PreCandidate ? 'PreVoteResponse' : r.role === Role.Candidate ? 'VoteResponse' : undefined;
  if (m.type !== expected) return;
  r.votes.set(m.from, !m.reject);
  switch (voteResult(r.voters, r.votes)) {
    case VoteResult.Won:
      if (r.role === Role.PreCandidate) {
        campaign(r, CampaignKind.Election);
      } else {
        r.becomeLeader();
        broadcastAppend(r);
      }
      return;
    case VoteResult.Lost:
      r.becomeFollower(r.term, NONE);
      return;
    case VoteResult.Pending:
      return;
  }
}
