import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerDaemonStatus } from './docker-cli';
import { DockerExecutor } from './docker-executor';
import { eventually, processesMatching, runCommand } from './executor-cases.test-util';

/**
 * A stand-in for the docker CLI: logs its arguments, runs `run`'s last argument (the job's
 * command) with sh, and answers `rm` with the exit status and message of $RM_STATUS
 * (a file next to it). Enough to test the executor's process handling without a daemon.
 */
function fakeDocker(dir: string): { cli: string; calls: () => string[][]; rmAnswers: (status: number, message: string) => void } {
  const log = join(dir, 'calls');
  const rm = join(dir, 'rm-answer');
  const cli = join(dir, 'docker');
  writeFileSync(rm, '0\n');
  writeFileSync(
    cli,
    [
      '#!/bin/sh',
      `printf '%s\\036' "$@" >> '${log}'; printf '\\n' >> '${log}'`,
      'if [ "$1" = rm ]; then',
      `  { read status; read message; } < '${rm}'; [ -n "$message" ] && echo "$message" >&2; exit "$status"`,
      'fi',
      'for last; do :; done',
      'exec sh -c "$last"',
      '',
    ].join('\n'),
  );
  chmodSync(cli, 0o755);
  return {
    cli,
    calls: () => {
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        return [];
      }
      return text.split('\n').filter((line) => line !== '').map((line) => line.split('\x1e').slice(0, -1));
    },
    rmAnswers: (status, message) => writeFileSync(rm, `${status}\n${message}\n`),
  };
}

describe('DockerExecutor (fake docker CLI)', () => {
  let dir: string;
  let docker: ReturnType<typeof fakeDocker>;
  const controllers: AbortController[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sched-docker-'));
    docker = fakeDocker(dir);
  });
  afterEach(() => {
    for (const controller of controllers.splice(0)) controller.abort();
    rmSync(dir, { recursive: true, force: true });
  });
  const make = (): DockerExecutor => new DockerExecutor({ cli: docker.cli });

  it('spawns docker with the exact argv, job image or default image, and maps the result', async () => {
    const done = await runCommand(make(), 'echo hello');
    expect(done).toMatchObject({ outcome: 'completed', exitCode: 0, stdout: { text: 'hello\n' } });
    const failed = await make().run({ jobId: 'j', attempt: 1, command: 'echo no >&2; exit 3', image: 'busybox:1.36', timeoutMs: 5000 }, new AbortController().signal);
    expect(failed).toMatchObject({ outcome: 'failed', exitCode: 3, error: 'no\n' });
    const [first, second] = docker.calls();
    expect(first?.slice(0, 3)).toEqual(['run', '--rm', '--name']);
    expect(first?.[3]).toMatch(/^sched-[0-9a-f]{32}$/);
    expect(first?.slice(4)).toEqual([
      '--network=none', '--memory=256m', '--cpus=0.5', '--cap-drop=ALL', '--security-opt=no-new-privileges', '--read-only',
      '--tmpfs', '/tmp:rw,noexec,nosuid,size=64m', '--pids-limit=256', '--user', '65534:65534', 'alpine:latest', 'sh', '-c', 'echo hello',
    ]);
    expect(second?.at(-4)).toBe('busybox:1.36');
    expect(second?.[3]).not.toBe(first?.[3]);
  });

  it('timeout: kills the CLI, then removes the container by name, awaited', async () => {
    const result = await runCommand(make(), 'sleep 20', 300);
    expect(result).toMatchObject({ outcome: 'failed', error: 'Timed out after 0.3s' });
    const [run, rm] = docker.calls();
    expect(rm).toEqual(['rm', '-f', run?.[3]]);
  });

  it('cancel: cancelled within 1 s, CLI process gone, container removed', async () => {
    const controller = new AbortController();
    controllers.push(controller);
    const marker = `sleep 2${Math.floor(Math.random() * 1e6)}`;
    const running = runCommand(make(), marker, 30_000, controller.signal);
    await eventually(() => processesMatching(`^${marker}`).length === 1, 5000, 'the job started');
    const at = Date.now();
    controller.abort();
    expect((await running).outcome).toBe('cancelled');
    expect(Date.now() - at).toBeLessThan(1000);
    expect(processesMatching(marker)).toEqual([]);
    expect(docker.calls()[1]?.slice(0, 2)).toEqual(['rm', '-f']);
  });

  it('a container already gone is fine; another rm failure is reported', async () => {
    docker.rmAnswers(1, 'Error response from daemon: No such container: x');
    expect((await runCommand(make(), 'sleep 20', 200)).error).toBe('Timed out after 0.2s');
    docker.rmAnswers(1, 'Cannot connect to the Docker daemon');
    const result = await runCommand(make(), 'sleep 20', 200);
    expect(result.error).toMatch(/^Timed out after 0\.2s; docker rm -f sched-[0-9a-f]{32} failed: Cannot connect to the Docker daemon$/);
  });

  it('an invalid image fails the job without spawning anything', async () => {
    const result = await make().run({ jobId: 'j', attempt: 1, command: 'true', image: '--privileged', timeoutMs: 1000 }, new AbortController().signal);
    expect(result).toMatchObject({ outcome: 'failed', error: "image: '--privileged' is not a valid Docker image reference (e.g. alpine:latest)" });
    expect(docker.calls()).toEqual([]);
  });

  it('a missing docker CLI fails the job with the OS error text', async () => {
    const result = await runCommand(new DockerExecutor({ cli: join(dir, 'nope') }), 'true');
    expect(result).toMatchObject({ outcome: 'failed', error: 'No such file or directory (os error 2)' });
    expect(result.exitCode).toBeUndefined();
  });

  it('refuses an invalid default image or limit at construction', () => {
    expect(() => new DockerExecutor({ defaultImage: '-x' })).toThrow("--image: '-x' is not a valid Docker image reference");
    expect(() => new DockerExecutor({ limits: { memory: 'lots' } })).toThrow('docker memory limit');
  });
});

/** Decided once per run: real-container tests need a daemon this machine may not have. */
const daemon = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 }).status === 0;

if (daemon) {
  describe('DockerExecutor against the real Docker daemon', () => {
    const make = (): DockerExecutor => new DockerExecutor();

    it('runs echo hello in alpine', async () => {
      expect(await runCommand(make(), 'echo hello', 120_000)).toMatchObject({ outcome: 'completed', stdout: { text: 'hello\n' } });
    }, 130_000);

    it('has no network, a read-only root, a writable /tmp, and runs as 65534', async () => {
      const result = await runCommand(make(), 'id -u; touch /etc/x 2>/dev/null || echo ro; echo t > /tmp/t && cat /tmp/t; ls /sys/class/net', 120_000);
      expect(result.stdout.text).toBe('65534\nro\nt\nlo\n');
    }, 130_000);

    it('timeout removes the container', async () => {
      const result = await runCommand(make(), 'sleep 60', 5000);
      expect(result.error).toBe('Timed out after 5s');
      const left = spawnSync('docker', ['ps', '-aq', '--filter', 'name=^sched-'], { encoding: 'utf8' });
      expect(left.stdout.trim()).toBe('');
    }, 30_000);
  });
} else {
  describe('DockerExecutor: no Docker daemon reachable here, real-container tests not run (argv and process handling are tested above)', () => {
    it('the daemon probe agrees that no daemon answers', async () => {
      expect(await dockerDaemonStatus('docker', 5000)).toMatchObject({ available: false, reason: 'Docker daemon unreachable' });
    });
  });
}
