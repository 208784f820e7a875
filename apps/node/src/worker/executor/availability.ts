/** Why an executor cannot run on this host (for the startup error). */
export interface Unavailable {
  readonly available: false;
  readonly reason: string;
  /** What the failed check said, e.g. the first line of `docker info`'s stderr. */
  readonly detail?: string;
}

/** Whether an executor can run on this host. */
export type Availability = { readonly available: true } | Unavailable;

/** `reason`, with the detail in parentheses when there is one. */
export function describeUnavailable(status: Unavailable): string {
  return status.detail === undefined || status.detail === '' ? status.reason : `${status.reason} (${status.detail})`;
}
