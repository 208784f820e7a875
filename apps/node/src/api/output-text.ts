import type { CapturedStream } from '@sched/storage';
import type { Job } from '@sched/scheduler';
import type { NodeContext } from './node-context';

/** Appended to a stream the output store cut at its cap (SPEC §3 Execution: a visible marker). */
export const TRUNCATION_MARKER = '\n[output truncated]';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** A captured stream as text: UTF-8, invalid bytes replaced, with the marker if truncated. */
export function streamText(stream: CapturedStream): string {
  const text = decoder.decode(stream.data);
  return stream.truncated ? text + TRUNCATION_MARKER : text;
}

/** Output and error text of a job, as GetJobStatus and GetJobOutput return them. */
export interface OutputText {
  readonly output: string;
  readonly error: string;
}

/** What this node's output store holds for the job's current (the reporting) attempt. */
export function localOutput(ctx: NodeContext, job: Job): OutputText {
  const captured = ctx.output.read(job.id, job.attempt);
  return { output: streamText(captured.stdout), error: streamText(captured.stderr) };
}
