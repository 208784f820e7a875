import { buildSandboxArgv, bwrapArgs, DEFAULT_SANDBOX_LIMITS, sandboxWrappers } from './sandbox-argv';
import type { SandboxHost } from './sandbox-host';

const BWRAP = [
  '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--size', '67108864', '--tmpfs', '/tmp',
  '--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
  '--clearenv', '--setenv', 'PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '--setenv', 'HOME', '/tmp',
  '--setenv', 'LANG', 'C.UTF-8', '--chdir', '/tmp', '--', 'sh', '-c', "echo 'a b' | wc -w",
];

const FULL: SandboxHost = { bwrap: '/usr/bin/bwrap', prlimit: '/usr/bin/prlimit', setpriv: '/usr/bin/setpriv', nice: '/usr/bin/nice', nodeIsRoot: true };

function argv(host: SandboxHost): string[] {
  const { file, args } = buildSandboxArgv("echo 'a b' | wc -w", DEFAULT_SANDBOX_LIMITS, sandboxWrappers(DEFAULT_SANDBOX_LIMITS, host), host);
  return [file, ...args];
}

describe('sandbox argv', () => {
  it('bwrap arguments: the command is one argument after --, never parsed by a shell of ours', () => {
    expect(bwrapArgs("echo 'a b' | wc -w", DEFAULT_SANDBOX_LIMITS)).toEqual(BWRAP);
  });

  it('root node with util-linux: rlimits, then drop to nobody, then nice, then bwrap', () => {
    expect(argv(FULL)).toEqual([
      '/usr/bin/prlimit', '--as=268435456', '--nproc=256', '--',
      '/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--',
      '/usr/bin/nice', '-n', '10',
      '/usr/bin/bwrap', ...BWRAP,
    ]);
    expect(sandboxWrappers(DEFAULT_SANDBOX_LIMITS, FULL)).toMatchObject({
      enforced: ['/tmp tmpfs of 64 MiB', 'address space 256 MiB per process', '256 processes for uid 65534, shared by concurrent jobs', 'runs as uid/gid 65534', 'CPU priority nice +10'],
      notEnforced: ['CPU quota', 'total memory of the job (no cgroup)'],
    });
  });

  it("non-root node: no setpriv, the process limit counts the node's own uid", () => {
    const host: SandboxHost = { bwrap: '/usr/bin/bwrap', prlimit: '/usr/bin/prlimit', nice: '/usr/bin/nice', nodeIsRoot: false };
    expect(argv(host)).toEqual(['/usr/bin/prlimit', '--as=268435456', '--nproc=256', '--', '/usr/bin/nice', '-n', '10', '/usr/bin/bwrap', ...BWRAP]);
    expect(sandboxWrappers(DEFAULT_SANDBOX_LIMITS, host).enforced).toContain("256 processes for the node's uid, shared by concurrent jobs");
  });

  it('root node without setpriv: no process limit is applied or claimed (RLIMIT_NPROC does not bind root)', () => {
    const host: SandboxHost = { bwrap: '/usr/bin/bwrap', prlimit: '/usr/bin/prlimit', nodeIsRoot: true };
    expect(argv(host)).toEqual(['/usr/bin/prlimit', '--as=268435456', '--', '/usr/bin/bwrap', ...BWRAP]);
    expect(sandboxWrappers(DEFAULT_SANDBOX_LIMITS, host)).toEqual({
      prefix: ['/usr/bin/prlimit', '--as=268435456', '--'],
      enforced: ['/tmp tmpfs of 64 MiB', 'address space 256 MiB per process'],
      notEnforced: [
        'CPU quota', 'total memory of the job (no cgroup)', 'process count (jobs run as root: install setpriv)',
        'unprivileged user (jobs run as root: install setpriv)', 'lower CPU priority (nice missing)',
      ],
    });
  });

  it('bwrap alone: only the tmpfs size is enforced, and the summary says so', () => {
    const host: SandboxHost = { bwrap: '/opt/bwrap', nodeIsRoot: false };
    expect(argv(host)).toEqual(['/opt/bwrap', ...BWRAP]);
    expect(sandboxWrappers(DEFAULT_SANDBOX_LIMITS, host)).toMatchObject({
      enforced: ['/tmp tmpfs of 64 MiB'],
      notEnforced: ['CPU quota', 'total memory of the job (no cgroup)', 'address space (prlimit missing)', 'process count (prlimit missing)', 'lower CPU priority (nice missing)'],
    });
  });

  it('configured limits go into the argv', () => {
    const limits = { memoryBytes: 1000, processes: 7, tmpBytes: 4096, niceness: 3 };
    const { file, args } = buildSandboxArgv('true', limits, sandboxWrappers(limits, FULL), FULL);
    expect([file, ...args].slice(0, 4)).toEqual(['/usr/bin/prlimit', '--as=1000', '--nproc=7', '--']);
    expect(args).toEqual(expect.arrayContaining(['-n', '3', '--size', '4096']));
    expect(sandboxWrappers(limits, FULL).enforced).toContain('address space 1000 bytes per process');
  });
});
