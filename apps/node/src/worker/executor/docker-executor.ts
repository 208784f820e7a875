import { validateImageName } from '../../config/image-name';
import { buildDockerArgv, CONTAINER_USER, DEFAULT_DOCKER_LIMITS, DOCKER_TMPFS, newContainerName, validateDockerLimits, type DockerLimits } from './docker-argv';
import { removeContainer } from './docker-cli';
import { DEFAULT_OUTPUT_LIMIT_BYTES, type ExecutionJob, type ExecutionResult, type Executor } from './executor';
import { failedBeforeStart } from './result-mapping';
import { runJob } from './run-job';

export interface DockerExecutorOptions {
  /** The docker CLI (default `docker`, from PATH); it talks to whatever daemon it is configured for. */
  readonly cli?: string;
  /** Image of jobs without one (REF: the server's `--image`, default `alpine:latest`). */
  readonly defaultImage?: string;
  readonly limits?: Partial<DockerLimits>;
  readonly outputLimitBytes?: number;
  /** Bound on the `docker rm -f` after a timeout or cancel. */
  readonly removeTimeoutMs?: number;
}

export const DEFAULT_IMAGE = 'alpine:latest';
const DEFAULT_REMOVE_TIMEOUT_MS = 10_000;

/**
 * `--executor docker`: each attempt is `docker run ... <image> sh -c <command>` (see
 * buildDockerArgv) in a container named `sched-<32 hex>`. The CLI gets the node's
 * environment (DOCKER_HOST, its config); the container gets none of it. On timeout or
 * cancel the CLI's process group is killed first — so it can no longer create or start
 * the container — and then `docker rm -f <name>` is run and awaited (bounded). If the kill
 * lands while the create request is in flight, a created but never started container may
 * remain; it runs nothing (REF G29 fires rm before the kill and does not wait).
 * The timeout includes an image pull.
 */
export class DockerExecutor implements Executor {
  readonly kind = 'docker';
  readonly summary: string;
  private readonly cli: string;
  private readonly defaultImage: string;
  private readonly limits: DockerLimits;
  private readonly outputLimitBytes: number;
  private readonly removeTimeoutMs: number;

  /** Throws ConfigError for an invalid default image or limit. */
  constructor(options: DockerExecutorOptions = {}) {
    this.cli = options.cli ?? 'docker';
    this.defaultImage = validateImageName(options.defaultImage ?? DEFAULT_IMAGE, '--image');
    this.limits = validateDockerLimits({ ...DEFAULT_DOCKER_LIMITS, ...options.limits });
    this.outputLimitBytes = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
    this.removeTimeoutMs = options.removeTimeoutMs ?? DEFAULT_REMOVE_TIMEOUT_MS;
    this.summary =
      `docker: default image ${this.defaultImage}; no network, read-only root, tmpfs ${DOCKER_TMPFS}, no capabilities, ` +
      `no-new-privileges, user ${CONTAINER_USER}; memory ${this.limits.memory}, ${this.limits.cpus} CPUs, ${this.limits.pids} pids`;
  }

  run(job: ExecutionJob, signal: AbortSignal): Promise<ExecutionResult> {
    const name = newContainerName();
    let args: string[];
    try {
      args = buildDockerArgv({ name, image: job.image ?? this.defaultImage, command: job.command, limits: this.limits });
    } catch (error) {
      return Promise.resolve(failedBeforeStart((error as Error).message));
    }
    return runJob({ file: this.cli, args, env: process.env, cwd: '/' }, job, signal, {
      outputLimitBytes: this.outputLimitBytes,
      afterKill: () => removeContainer(this.cli, name, this.removeTimeoutMs),
    });
  }
}
