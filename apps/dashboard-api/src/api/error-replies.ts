import { Code, type ConnectError } from '@connectrpc/connect';
import { json, type Reply } from '../http/reply';

/** A refused submit, bad body or bad query: `{"success":false,"job_id":null,"error":...}` (REF §5.1 POST shape). */
export function submitError(status: number, message: string): Reply {
  return json(status, { success: false, job_id: null, error: message });
}

/** A refused request about one job: `{"success":false,"error":...}` (REF §5.1 DELETE shape). */
export function jobError(status: number, message: string): Reply {
  return json(status, { success: false, error: message });
}

/**
 * The HTTP status for a node's final answer (REF §5.1 where it has one): invalid input and
 * failed preconditions (`job is already <status>`) 400, unknown job 404, draining, capacity,
 * overload and no leader 503, a deadline 504 (the write may still commit), anything else 500.
 */
export function httpStatusOf(error: ConnectError): number {
  switch (error.code) {
    case Code.InvalidArgument:
    case Code.FailedPrecondition:
      return 400;
    case Code.NotFound:
      return 404;
    case Code.Unavailable:
    case Code.ResourceExhausted:
      return 503;
    case Code.DeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}
