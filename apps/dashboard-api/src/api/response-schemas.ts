import { z } from 'zod';
import { STATUS_NAMES } from './status-names';

/**
 * The JSON the gateway answers with, as zod schemas: the source of /api/openapi.json, and
 * what the tests check answers against (strictly: no key more or less). Keys and their
 * order are REF §5.1's; additions are marked.
 */

const timestamp = z.string().meta({ description: 'RFC 3339, UTC, `+00:00` suffix, 0 or 3 fractional digits.' });
const nodeId = z.int().min(1);

export const JobJson = z
  .strictObject({
    id: z.string().meta({ description: 'UUID, lowercase and hyphenated.' }),
    command: z.string(),
    status: z.enum(STATUS_NAMES),
    executed_by: nodeId.nullable().meta({ description: 'The worker of the last attempt of a completed or failed job.' }),
    output: z.string().nullable().meta({ description: 'Always null in lists (bounded answers); see GET /api/jobs/{id}.' }),
    error: z.string().nullable().meta({ description: 'Always null in lists; see GET /api/jobs/{id}.' }),
    created_at: timestamp,
    completed_at: timestamp.nullable(),
  });

/** GET /api/jobs/{id}: a list item with the job's results and two sched additions. */
export const JobDetailJson = JobJson.extend({
  executed_by: nodeId.nullable().meta({ description: 'The worker that reported the result.' }),
  output: z.string().nullable().meta({ description: 'stdout of a finished job; null when empty or not (yet) available.' }),
  error: z.string().nullable().meta({ description: 'stderr or the failure reason; null when empty.' }),
  assigned_worker: nodeId.nullable().meta({ description: 'sched addition: the worker of the current or last attempt.' }),
  exit_code: z.int().nullable().meta({ description: 'sched addition: null on timeout, signal or spawn failure, and until the job finished.' }),
});

export const ClusterJson = z
  .strictObject({
    node_id: nodeId.nullable().meta({ description: 'The node whose Raft state is shown: the leader (null: no leader answered).' }),
    role: z.enum(['leader']).nullable(),
    current_term: z.int().min(0).nullable(),
    leader_id: nodeId.nullable(),
    commit_index: z.int().min(0).nullable(),
    last_applied: z.int().min(0).nullable().meta({ description: 'The leader’s commit index (it applies each entry as it commits).' }),
    log_length: z.int().min(0).nullable().meta({ description: 'Last log index, compacted entries included.' }),
    nodes: z.array(
      z.strictObject({
        node_id: nodeId.nullable().meta({ description: 'null when no leader has reported who listens at this address yet.' }),
        address: z.string(),
        is_alive: z.boolean(),
      }),
    ),
  });

export const SubmitJobResult = z
  .strictObject({ success: z.boolean(), job_id: z.string().nullable(), error: z.string().nullable() })
  .meta({ description: 'Also the shape of every 400 for a bad body or query.' });

export const JobActionResult = z
  .strictObject({ success: z.boolean(), error: z.string().nullable() })
  .meta({ description: 'Answer of DELETE /api/jobs/{id}, and of errors about one job.' });

export const LiveJson = z.strictObject({ status: z.literal('ok') });

export const ReadyJson = z
  .strictObject({ status: z.enum(['ok', 'no_leader']), leader_id: nodeId.nullable() });
