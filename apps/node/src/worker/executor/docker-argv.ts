import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../config/config-error';
import { validateImageName } from '../../config/image-name';

/** Container limits; the defaults are the reference's (REF §8) plus our pids limit. */
export interface DockerLimits {
  /** `--memory` value in docker's syntax: a number with a b/k/m/g unit. */
  readonly memory: string;
  /** `--cpus` value. */
  readonly cpus: number;
  /** `--pids-limit` value. */
  readonly pids: number;
}

export const DEFAULT_DOCKER_LIMITS: DockerLimits = { memory: '256m', cpus: 0.5, pids: 256 };

/**
 * The writable /tmp of a container whose root is read-only (REF G28: without it, commands
 * that write a file fail): no executables, no setuid, 64 MB.
 */
export const DOCKER_TMPFS = '/tmp:rw,noexec,nosuid,size=64m';

/**
 * Jobs run as nobody:nogroup. Safe for `sh -c` in alpine (and any image): the shell and
 * the base tools are world-executable, the root is read-only anyway and /tmp is a tmpfs
 * every user can write; numeric ids need no passwd entry. What it takes away is root
 * inside the container (e.g. reading root-only files of the image).
 */
export const CONTAINER_USER = '65534:65534';

/** `sched-<32 hex>`: a fresh name per attempt, so the container can be removed by name. */
export function newContainerName(): string {
  return `sched-${randomUUID().replaceAll('-', '')}`;
}

/** Throws ConfigError naming the first limit docker would reject. */
export function validateDockerLimits(limits: DockerLimits): DockerLimits {
  if (!/^[1-9]\d*[bkmg]$/.test(limits.memory)) throw new ConfigError(`docker memory limit: expected e.g. 256m, got '${limits.memory}'`);
  if (!(limits.cpus > 0 && Number.isFinite(limits.cpus))) throw new ConfigError(`docker cpus: expected a positive number, got ${limits.cpus}`);
  if (!Number.isSafeInteger(limits.pids) || limits.pids < 1) throw new ConfigError(`docker pids limit: expected a positive integer, got ${limits.pids}`);
  return limits;
}

/**
 * The arguments after `docker`: exactly the reference's `run` (REF §8, name prefix
 * `sched-`), then our tmpfs, pids limit and user, then `<image> sh -c <command>`.
 * The image is validated first (never starts with `-`, REF G28): throws ConfigError.
 */
export function buildDockerArgv(run: { name: string; image: string; command: string; limits: DockerLimits }): string[] {
  const image = validateImageName(run.image, 'image');
  return [
    'run', '--rm', '--name', run.name,
    '--network=none', `--memory=${run.limits.memory}`, `--cpus=${run.limits.cpus}`,
    '--cap-drop=ALL', '--security-opt=no-new-privileges', '--read-only',
    '--tmpfs', DOCKER_TMPFS, `--pids-limit=${run.limits.pids}`, '--user', CONTAINER_USER,
    image, 'sh', '-c', run.command,
  ];
}
