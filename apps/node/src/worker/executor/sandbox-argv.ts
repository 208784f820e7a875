import { JOB_PATH, jobEnv } from './job-env';
import type { SandboxHost } from './sandbox-host';

const MIB = 1024 * 1024;

/** Resource limits of one sandboxed job; the defaults mirror the docker executor's. */
export interface SandboxLimits {
  /** RLIMIT_AS of every process of the job (virtual address space, not RSS). */
  readonly memoryBytes: number;
  /** RLIMIT_NPROC: processes (threads included) of the job's user. */
  readonly processes: number;
  /** Size of the private /tmp (tmpfs). */
  readonly tmpBytes: number;
  /** `nice` increment of the job relative to the node. */
  readonly niceness: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { memoryBytes: 256 * MIB, processes: 256, tmpBytes: 64 * MIB, niceness: 10 };

/** The user (and group) jobs run as when the node runs as root: nobody/nogroup. */
export const SANDBOX_UID = 65534;

/** The wrappers in front of bwrap on this host, and one line per limit they enforce. */
export interface SandboxWrappers {
  readonly prefix: readonly string[];
  readonly enforced: readonly string[];
  readonly notEnforced: readonly string[];
}

/**
 * `prlimit ... -- setpriv ... -- nice -n N` as far as the host has them. Each one execs the
 * next, so the process the node spawns stays the one that ends up as bwrap (whose
 * --die-with-parent then watches the node itself). RLIMIT_NPROC is never enforced for
 * root, so it is applied (and claimed) only when the job runs as another user.
 */
export function sandboxWrappers(limits: SandboxLimits, host: SandboxHost): SandboxWrappers {
  const prefix: string[] = [];
  const enforced: string[] = [`/tmp tmpfs of ${size(limits.tmpBytes)}`];
  const notEnforced: string[] = ['CPU quota', 'total memory of the job (no cgroup)'];
  const dropsToNobody = host.nodeIsRoot && host.setpriv !== undefined;
  const jobRunsAsRoot = host.nodeIsRoot && !dropsToNobody;
  if (host.prlimit === undefined) {
    notEnforced.push('address space (prlimit missing)', 'process count (prlimit missing)');
  } else {
    prefix.push(host.prlimit, `--as=${limits.memoryBytes}`);
    enforced.push(`address space ${size(limits.memoryBytes)} per process`);
    if (jobRunsAsRoot) {
      notEnforced.push('process count (jobs run as root: install setpriv)');
    } else {
      prefix.push(`--nproc=${limits.processes}`);
      enforced.push(`${limits.processes} processes for ${dropsToNobody ? `uid ${SANDBOX_UID}` : "the node's uid"}, shared by concurrent jobs`);
    }
    prefix.push('--');
  }
  if (dropsToNobody && host.setpriv !== undefined) {
    prefix.push(host.setpriv, `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, '--clear-groups', '--');
    enforced.push(`runs as uid/gid ${SANDBOX_UID}`);
  } else if (jobRunsAsRoot) {
    notEnforced.push('unprivileged user (jobs run as root: install setpriv)');
  }
  if (host.nice === undefined) {
    notEnforced.push('lower CPU priority (nice missing)');
  } else {
    prefix.push(host.nice, '-n', String(limits.niceness));
    enforced.push(`CPU priority nice +${limits.niceness}`);
  }
  return { prefix, enforced, notEnforced };
}

/**
 * bubblewrap's own arguments: the host's root read-only, fresh /dev and /proc, a private
 * size-capped /tmp; every namespace new (no network: only a loopback of its own; own PID
 * namespace, whose processes all die with its init), nested user namespaces disabled; no
 * capabilities; a new session (no TTY to inject into); killed when the node dies; an
 * environment of PATH, HOME=/tmp and LANG only; working directory /tmp.
 */
export function bwrapArgs(command: string, limits: SandboxLimits): string[] {
  return [
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    '--size', String(limits.tmpBytes), '--tmpfs', '/tmp',
    '--unshare-all', '--unshare-user', '--disable-userns',
    '--die-with-parent', '--new-session',
    '--cap-drop', 'ALL',
    '--clearenv', ...Object.entries(jobEnv(JOB_PATH, '/tmp')).flatMap(([name, value]) => ['--setenv', name, value]),
    '--chdir', '/tmp',
    '--', 'sh', '-c', command,
  ];
}

/** The process a sandboxed job starts as: the first wrapper (or bwrap), then the rest. */
export function buildSandboxArgv(command: string, limits: SandboxLimits, wrappers: SandboxWrappers, host: SandboxHost): { file: string; args: string[] } {
  const sandbox = [host.bwrap, ...bwrapArgs(command, limits)];
  const [first, ...rest] = wrappers.prefix;
  return first === undefined ? { file: host.bwrap, args: sandbox.slice(1) } : { file: first, args: [...rest, ...sandbox] };
}

function size(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}
