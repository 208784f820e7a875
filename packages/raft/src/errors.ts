/**
 * Thrown when an internal Raft invariant would be broken (for example committing past the
 * end of the log, or a storage that contradicts what was persisted). It signals a bug or
 * corrupted storage: the node must stop rather than continue on a state it cannot trust.
 */
export class RaftInvariantError extends Error {
  override readonly name = 'RaftInvariantError';
}

/**
 * Thrown by `step` for a message no correct peer sends (for example an Append whose entries
 * do not follow its prevIndex), before the message changes anything: the node's state is
 * intact and the message is dropped. The caller should log it and go on.
 */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}
