import { writeFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeExecutorContract, eventually, processesMatching, runCommand } from './executor-cases.test-util';
import { JOB_PATH } from './job-env';
import { SANDBOX_UID } from './sandbox-argv';
import { SandboxExecutor } from './sandbox-executor';
import { detectSandboxHost, type SandboxHost } from './sandbox-host';

/** bubblewrap is a test prerequisite (.ci/run installs it): a missing one fails here, loudly. */
function sandboxHost(): SandboxHost {
  const host = detectSandboxHost(process.env['PATH'] ?? JOB_PATH, process.getuid?.() === 0);
  if (host === undefined) throw new Error('bwrap not found on PATH: apt-get install -y bubblewrap');
  return host;
}

describe('SandboxExecutor', () => {
  const host = sandboxHost();
  const make = (): SandboxExecutor => new SandboxExecutor(host);

  describeExecutorContract(make);

  describe('isolation', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
      server = undefined;
    });

    it('has no network: only its own loopback, and no connection to a port the host listens on', async () => {
      let connections = 0;
      server = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;

      const interfaces = await runCommand(make(), "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
      expect(interfaces.stdout.text).toBe('lo\n');
      const connect = await runCommand(make(), `bash -c 'echo hi > /dev/tcp/127.0.0.1/${port}'`);
      expect(connect.outcome).toBe('failed');
      expect(connect.stderr.text).toContain('Connection refused');
      expect(connections).toBe(0);
    });

    it('has a read-only root but a writable /tmp', async () => {
      const root = await runCommand(make(), 'touch /etc/sched-sandbox-test');
      expect(root).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Read-only file system') });
      const tmp = await runCommand(make(), 'echo kept > /tmp/f && cat /tmp/f && pwd');
      expect(tmp).toMatchObject({ outcome: 'completed', stdout: { text: 'kept\n/tmp\n' } });
    });

    it("has a private /tmp: the host's files there are not visible", async () => {
      const name = `sched-sandbox-${process.pid}-${Date.now()}`;
      writeFileSync(join(tmpdir(), name), 'host');
      try {
        const result = await runCommand(make(), `test ! -e /tmp/${name} && echo hidden`);
        expect(result.stdout.text).toBe('hidden\n');
      } finally {
        rmSync(join(tmpdir(), name));
      }
    });

    it('has no capabilities', async () => {
      const result = await runCommand(make(), 'grep -E "^Cap(Eff|Prm|Bnd|Amb)" /proc/self/status');
      expect(result.stdout.text.trim().split('\n').map((line) => line.split(/\s+/)[1])).toEqual(Array(4).fill('0000000000000000'));
    });

    it('starts with only PATH, HOME and LANG from us', async () => {
      const result = await runCommand(make(), 'env');
      const names = result.stdout.text.split('\n').filter((line) => line !== '').map((line) => line.split('=')[0]);
      expect(names.sort()).toEqual(['HOME', 'LANG', 'PATH', 'PWD']);
    });

    it('cannot create user namespaces to regain privileges', async () => {
      const result = await runCommand(make(), 'unshare --user --map-root-user true');
      expect(result).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/unshare failed/) });
    });

    it('runs as nobody when the node runs as root, else as the node user', async () => {
      const asNobody = host.nodeIsRoot && host.setpriv !== undefined;
      const uid = asNobody ? SANDBOX_UID : process.getuid?.();
      const gid = asNobody ? SANDBOX_UID : process.getgid?.();
      expect((await runCommand(make(), 'id -u; id -g')).stdout.text).toBe(`${uid}\n${gid}\n`);
    });
  });

  describe('limits this host enforces', () => {
    it('/tmp is capped at its size', async () => {
      const result = await runCommand(make(), 'head -c 100000000 /dev/zero > /tmp/big');
      expect(result).toMatchObject({ outcome: 'failed', error: expect.stringContaining('No space left on device') });
    });

    it('summary says what is and is not enforced here', () => {
      const summary = make().summary;
      expect(summary).toMatch(/^sandbox \(bubblewrap\): no network, read-only root, private \/tmp, .*; enforced: \/tmp tmpfs of 64 MiB/);
      expect(summary).toContain('not enforced: CPU quota, total memory of the job (no cgroup)');
      if (host.prlimit === undefined) expect(summary).toContain('address space (prlimit missing)');
      else expect(summary).toContain('address space 256 MiB per process');
      if (host.prlimit !== undefined && host.nodeIsRoot && host.setpriv === undefined) expect(summary).toContain('process count (jobs run as root');
    });

    if (host.prlimit !== undefined) {
      it('a 2 GB allocation fails inside the job (RLIMIT_AS 256 MiB), the node is unaffected', async () => {
        const result = await runCommand(make(), "x=$(head -c 2000000000 /dev/zero | tr '\\0' a); echo ${#x}");
        expect(result.outcome).toBe('failed');
        expect(result.stdout.text).toBe('');
      });
    }

    if (host.prlimit !== undefined && !(host.nodeIsRoot && host.setpriv === undefined)) {
      it('a fork bomb hits the process limit (RLIMIT_NPROC 256) and dies with the job', async () => {
        const sleep = `5.${Math.floor(Math.random() * 1e6)}`;
        const result = await runCommand(make(), `i=0; while [ $i -lt 400 ]; do sleep ${sleep} & i=$((i+1)); done; echo done`, 20_000);
        expect(result.stderr.text).toContain('Cannot fork');
        await eventually(() => processesMatching(`sleep ${sleep}`).length === 0, 1000, 'the forked sleeps died with the job');
      });
    }
  });
});
