/** What was wrong with a Raft message or batch; see CodecError. */
export type CodecProblem =
  /** A number does not fit the other side: not a non-negative safe integer, or a uint64 above Number.MAX_SAFE_INTEGER. */
  | 'out-of-range'
  /** A required message is absent: a Message without a body, a snapshot chunk without meta or conf. */
  | 'missing-field'
  /** An enum value that is unspecified or unknown (EntryKind). */
  | 'invalid-enum'
  /** A message kind sent on a lane (RPC) that does not carry it, or a request of another lane. */
  | 'wrong-lane'
  /** A batch's from/to is not a real node id (0 = none), or a node addresses itself. */
  | 'invalid-envelope'
  /** encodeBatch was given messages of more than one sender/receiver pair. */
  | 'mixed-batch';

/**
 * Raised by the Raft codec when a message cannot be converted. `path` locates the
 * offending field from the batch down (`messages[3].append.entries[0].kind`), `problem`
 * classifies it for callers (a receiver answers INVALID_ARGUMENT for any of them), and the
 * message reads `<path>: <detail>`.
 */
export class CodecError extends Error {
  override readonly name = 'CodecError';

  constructor(
    readonly problem: CodecProblem,
    readonly path: string,
    readonly detail: string,
  ) {
    super(path === '' ? detail : `${path}: ${detail}`);
  }

  /** The same error seen from an enclosing field: `prefix` is prepended to the path. */
  within(prefix: string): CodecError {
    return new CodecError(this.problem, this.path === '' ? prefix : `${prefix}.${this.path}`, this.detail);
  }
}

/**
 * Rethrow helper for loops over repeated fields: a CodecError raised inside element
 * `prefix` gets that prefix on its path; anything else passes through unchanged.
 */
export function locate(error: unknown, prefix: string): unknown {
  return error instanceof CodecError ? error.within(prefix) : error;
}
