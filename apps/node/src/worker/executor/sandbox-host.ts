import { findOnPath } from './find-on-path';

/**
 * The tools the sandbox is built from, as found on this host. Only `bwrap` is required;
 * each missing helper drops the limits it provides (see sandboxWrappers), never silently:
 * the executor's summary lists what is enforced.
 */
export interface SandboxHost {
  readonly bwrap: string;
  /** util-linux prlimit: RLIMIT_AS and RLIMIT_NPROC. */
  readonly prlimit?: string;
  /** util-linux setpriv: used only when the node runs as root, to run jobs as nobody. */
  readonly setpriv?: string;
  /** coreutils nice: jobs get a lower CPU priority than the node. */
  readonly nice?: string;
  readonly nodeIsRoot: boolean;
}

/** What this host offers, looked up on `path`; undefined when bubblewrap is not installed. */
export function detectSandboxHost(path: string, nodeIsRoot: boolean): SandboxHost | undefined {
  const bwrap = findOnPath('bwrap', path);
  if (bwrap === undefined) return undefined;
  const prlimit = findOnPath('prlimit', path);
  const setpriv = nodeIsRoot ? findOnPath('setpriv', path) : undefined;
  const nice = findOnPath('nice', path);
  return {
    bwrap,
    nodeIsRoot,
    ...(prlimit === undefined ? {} : { prlimit }),
    ...(setpriv === undefined ? {} : { setpriv }),
    ...(nice === undefined ? {} : { nice }),
  };
}
