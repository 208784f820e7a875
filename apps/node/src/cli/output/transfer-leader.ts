import type { TransferLeadershipResponse } from '@sched/rpc/gen';
import type { JsonValue } from '../format/json';
import { joinLines } from '../format/text';

/** `cluster transfer-leader` success, table (REF §1.8). */
export function transferTable(response: TransferLeadershipResponse): string {
  return joinLines(['Leadership transferred successfully!', `New leader: Node ${response.newLeaderId}`]);
}

/** `cluster transfer-leader`, JSON: `{success, message, new_leader_id}`. */
export function transferJson(response: TransferLeadershipResponse): JsonValue {
  return { success: response.success, message: response.message, new_leader_id: response.newLeaderId };
}
