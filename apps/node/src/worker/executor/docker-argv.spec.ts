import { ConfigError } from '../../config/config-error';
import { buildDockerArgv, DEFAULT_DOCKER_LIMITS, newContainerName, validateDockerLimits } from './docker-argv';

const NAME = 'sched-0123456789abcdef0123456789abcdef';

describe('docker argv', () => {
  it("is the reference's docker run plus tmpfs, pids limit and user, then <image> sh -c <command>", () => {
    expect(buildDockerArgv({ name: NAME, image: 'alpine:latest', command: "echo 'hello $USER' | wc -w", limits: DEFAULT_DOCKER_LIMITS })).toEqual([
      'run', '--rm', '--name', NAME, '--network=none', '--memory=256m', '--cpus=0.5', '--cap-drop=ALL',
      '--security-opt=no-new-privileges', '--read-only',
      '--tmpfs', '/tmp:rw,noexec,nosuid,size=64m', '--pids-limit=256', '--user', '65534:65534',
      'alpine:latest', 'sh', '-c', "echo 'hello $USER' | wc -w",
    ]);
  });

  it('uses the configured limits', () => {
    const args = buildDockerArgv({ name: NAME, image: 'registry.local:5000/team/tool:1.2@sha256:' + 'a'.repeat(64), command: 'true', limits: { memory: '1g', cpus: 2, pids: 64 } });
    expect(args).toEqual(expect.arrayContaining(['--memory=1g', '--cpus=2', '--pids-limit=64']));
    expect(args.at(-4)).toBe('registry.local:5000/team/tool:1.2@sha256:' + 'a'.repeat(64));
  });

  it.each(['--privileged', '-v/:/host', '', 'Alpine', 'alpine latest'])('refuses image %j (never read as a docker flag, REF G28)', (image) => {
    expect(() => buildDockerArgv({ name: NAME, image, command: 'true', limits: DEFAULT_DOCKER_LIMITS })).toThrow(ConfigError);
  });

  it('names containers sched-<32 hex>, fresh each time', () => {
    const name = newContainerName();
    expect(name).toMatch(/^sched-[0-9a-f]{32}$/);
    expect(newContainerName()).not.toBe(name);
  });

  it.each([
    [{ memory: '256', cpus: 0.5, pids: 1 }, "docker memory limit: expected e.g. 256m, got '256'"],
    [{ memory: '256m', cpus: 0, pids: 1 }, 'docker cpus: expected a positive number, got 0'],
    [{ memory: '256m', cpus: 1, pids: 0.5 }, 'docker pids limit: expected a positive integer, got 0.5'],
  ])('refuses limits %j', (limits, message) => {
    expect(() => validateDockerLimits(limits)).toThrow(new ConfigError(message));
  });
});
