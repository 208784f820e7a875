import { randomUUID } from 'node:crypto';
import { ConnectError } from '@connectrpc/connect';
import { httpStatusOf, submitError } from '../api/error-replies';
import { describeIssues } from '../api/issue-message';
import { SubmitJobBody } from '../api/request-schemas';
import { json } from '../http/reply';
import { readJsonBody } from '../http/request-body';
import type { Route } from '../http/route-table';
import type { NodeRouter, SchedulerClient } from '../upstream/node-router';

/** Prefix of the idempotency key the gateway gives a submit that carries none. */
export const GATEWAY_KEY_PREFIX = 'sched-dashboard:';

/**
 * POST /api/jobs: body SubmitJobBody (request-body.ts, then zod; every problem is a 400
 * `{"success":false,"job_id":null,"error":...}`, a body over 64 KiB a 413), then SubmitJob
 * at the leader, wherever the gateway finds it (REF answered 400 on a follower). 200
 * `{"success":true,"job_id":"<uuid>","error":null}` once the job is committed and applied;
 * the node's refusals keep their text (httpStatusOf gives the code).
 *
 * A submit without `idempotency_key` gets one from the gateway, so the router may retry it
 * on another node after a failure that leaves its fate unknown (a leader lost mid-commit)
 * without ever creating the job twice.
 */
export function submitJobRoute(router: NodeRouter): Route {
  return {
    method: 'POST',
    path: '/api/jobs',
    handle: async ({ req }) => {
      const body = await readJsonBody(req);
      if (!body.ok) return submitError(body.status, body.message);
      const parsed = SubmitJobBody.safeParse(body.value, { reportInput: true });
      if (!parsed.success) return submitError(400, describeIssues(parsed.error, 'field'));
      const request = submitRequest(parsed.data);
      try {
        const answer = await router.write('SubmitJob', (c, o) => c.submitJob(request, o));
        return json(200, { success: true, job_id: answer.jobId, error: null });
      } catch (error) {
        const failure = ConnectError.from(error);
        return submitError(httpStatusOf(failure), failure.rawMessage);
      }
    },
  };
}

function submitRequest(body: SubmitJobBody): Parameters<SchedulerClient['submitJob']>[0] {
  return {
    command: body.command,
    idempotencyKey: body.idempotency_key ?? GATEWAY_KEY_PREFIX + randomUUID(),
    ...(body.image === undefined || body.image === null || body.image === '' ? {} : { image: body.image }),
    ...(body.timeout_seconds === undefined ? {} : { timeoutMs: body.timeout_seconds * 1000 }),
    ...(body.max_attempts === undefined ? {} : { maxAttempts: body.max_attempts }),
  };
}
