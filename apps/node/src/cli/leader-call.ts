import { schemeOf } from './args/address';
import type { SchedulerClient } from './connect';
import { errorMessage } from './errors';
import { ExitCode, type CliIo } from './io';
import { isNotLeaderError, leaderAddressFromClusterStatus, leaderAddressOf, leaderUrl } from './redirect';
import type { Session } from './session';

/** How a leader-only command names itself in its error messages. */
export interface LeaderCallLabels {
  /** Start of the error message, e.g. `Job submission failed`. */
  readonly failure: string;
  /** The command line of the hint, e.g. `job` + `submit`. */
  readonly group: string;
  readonly leaf: string;
}

export type LeaderCallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly exitCode: ExitCode };

/**
 * Calls a leader-only RPC on the addressed node and, when a follower answers `Not the
 * leader`, once more on the leader (REF §1.3): its address from the `x-sched-leader-addr`
 * trailer, else from the message, else from `GetClusterStatus`; `Redirecting to leader at
 * <url>...` on stderr. Failures are reported here (exit 1); a failed connect to the leader
 * propagates as `Error: cannot connect to ...`.
 */
export async function callLeader<T>(
  session: Session,
  io: CliIo,
  labels: LeaderCallLabels,
  call: (client: SchedulerClient) => Promise<T>,
): Promise<LeaderCallResult<T>> {
  try {
    return { ok: true, value: await call(session.node.client) };
  } catch (error) {
    if (!isNotLeaderError(error)) return fail(io, `Error: ${labels.failure}: ${errorMessage(error)}`);
    const address = leaderAddressOf(error) ?? (await leaderAddressFromClusterStatus(session.node.client));
    if (address === undefined) {
      return fail(
        io,
        `Error: ${errorMessage(error)}`,
        "Hint: Use -a to specify the leader's address, e.g.:",
        `  sched ${labels.group} -a ${schemeOf(session.options.addr)}<leader-ip>:<port> ${labels.leaf} ...`,
      );
    }
    const url = leaderUrl(session.options.addr, address);
    io.stderr.write(`Redirecting to leader at ${url}...\n`);
    const leader = await session.connectTo(url);
    try {
      return { ok: true, value: await call(leader.client) };
    } catch (retryError) {
      return fail(io, `Error: ${labels.failure} after redirect: ${errorMessage(retryError)}`);
    }
  }
}

function fail(io: CliIo, ...lines: string[]): { ok: false; exitCode: ExitCode } {
  for (const line of lines) io.stderr.write(`${line}\n`);
  return { ok: false, exitCode: ExitCode.failure };
}
