import type { JsonValue } from '../format/json';

/**
 * Responses that carry their own verdict (`success` + `message`): cancel, drain and
 * undrain. The JSON form is `{success, message}` for all of them.
 */
export interface Outcome {
  readonly success: boolean;
  readonly message: string;
}

export function outcomeJson(outcome: Outcome): JsonValue {
  return { success: outcome.success, message: outcome.message };
}
