import type { Outcome } from '../output/outcome';
import { outcomeJson } from '../output/outcome';
import type { OutputFormat } from '../client-options';
import { joinLines } from '../format/text';
import { ExitCode, type CliIo } from '../io';
import { writeResult } from '../output/write';

/** How drain and undrain report their `{success, message}` answer. */
export interface NodeOutcomeLabels {
  /** First table line on success, e.g. `Node drained successfully.` */
  readonly done: string;
  /** Start of the failure line, e.g. `Drain failed`. */
  readonly failure: string;
}

/**
 * Success: the `done` line then the server's message (table) or the body (JSON), exit 0.
 * `success=false`: `<failure>: <message>` on stderr and exit 1 in both formats.
 */
export function reportNodeOutcome(io: CliIo, format: OutputFormat, labels: NodeOutcomeLabels, outcome: Outcome): ExitCode {
  writeResult(io, format, () => (outcome.success ? joinLines([labels.done, outcome.message]) : ''), () => outcomeJson(outcome));
  if (outcome.success) return ExitCode.ok;
  io.stderr.write(`${labels.failure}: ${outcome.message}\n`);
  return ExitCode.failure;
}
