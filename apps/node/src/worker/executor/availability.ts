/** Whether an executor can run on this host; if not, why (for the startup error). */
export type Availability =
  | { readonly available: true }
  | { readonly available: false; readonly reason: string; readonly detail?: string };
