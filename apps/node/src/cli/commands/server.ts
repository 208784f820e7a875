import type { Command } from 'commander';
import type { CliContext } from '../context';

/**
 * Hook point for `sched server` (flags: REF §2, SPEC §1): owned by the node runtime, not by
 * the client CLI, and registers nothing yet. To add it, build the command with
 * `newCommand('server', 'Start a sched server node', context)` and `program.addCommand(...)`
 * it here; its action should resolve (with `context.exitWith(code)`) when the node has shut
 * down, because `sched` exits with that code as soon as the action returns.
 */
export function registerServerCommand(_program: Command, _context: CliContext): void {
  // Intentionally empty until the server command lands.
}
