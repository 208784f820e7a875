/**
 * Thrown when an internal Raft invariant would be broken (for example committing past the
 * end of the log, or a storage that contradicts what was persisted). It signals a bug or
 * corrupted storage: the node must stop rather than continue on a state it cannot trust.
 */
export class RaftInvariantError extends Error {
  override readonly name = 'RaftInvariantError';
}
