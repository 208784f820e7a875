import type { CliIo, ExitCode } from './io';

/** What every command action gets: the output streams and where to leave its exit code. */
export interface CliContext {
  readonly io: CliIo;
  exitWith(code: ExitCode): void;
}
