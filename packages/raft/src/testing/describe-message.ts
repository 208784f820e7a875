import type { Message } from '../messages';

/** One-line rendering of a message for traces. */
export function describeMessage(m: Message): string {
  const head = `${m.type} ${m.from}->${m.to} t${m.term}`;
  switch (m.type) {
    case 'PreVote':
    case 'Vote':
      return `${head} last=${m.lastIndex}/${m.lastTerm}${m.transfer ? ' transfer' : ''}`;
    case 'PreVoteResponse':
    case 'VoteResponse':
      return `${head} ${m.reject ? 'reject' : 'grant'}`;
    case 'Append':
      return `${head} prev=${m.prevIndex}/${m.prevTerm} entries=${m.entries.map((e) => `${e.index}/${e.term}`).join(',') || '-'} commit=${m.commit}`;
    case 'AppendResponse':
      return `${head} ${m.reject ? `reject ${m.index} hint=${m.hintIndex}/${m.hintTerm}` : `ok ${m.index}`}`;
    case 'Heartbeat':
      return `${head} commit=${m.commit}/${m.commitTerm}${m.context ? ` ctx=${m.context}` : ''}`;
    case 'HeartbeatResponse':
      return `${head}${m.reject ? ` reject hint=${m.hintIndex}` : ''}${m.context ? ` ctx=${m.context}` : ''}`;
    case 'Snapshot':
      return `${head} snap=${m.meta.index}/${m.meta.term} [${m.offset}+${m.chunk.length}/${m.total}]${m.done ? ' done' : ''}`;
    case 'SnapshotResponse':
      return `${head} snap=${m.index} next=${m.nextOffset}`;
    case 'TimeoutNow':
      return head;
    case 'ReadIndex':
      return `${head} ctx=${m.context}`;
    case 'ReadIndexResponse':
      return `${head} ctx=${m.context} index=${m.index}`;
  }
}
