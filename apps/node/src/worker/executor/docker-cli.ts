import { execFile } from 'node:child_process';
import type { Availability } from './availability';

interface CliOutcome {
  readonly ok: boolean;
  readonly stderr: string;
}

function docker(cli: string, args: readonly string[], timeoutMs: number): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(cli, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      resolve({ ok: error === null, stderr: String(stderr).trim() || (error?.message ?? '') });
    });
  });
}

/** Whether `docker info` reaches a daemon within `timeoutMs`. */
export async function dockerDaemonStatus(cli: string, timeoutMs: number): Promise<Availability> {
  const info = await docker(cli, ['info', '--format', '{{.ServerVersion}}'], timeoutMs);
  return info.ok ? { available: true } : { available: false, reason: 'Docker daemon unreachable', detail: firstLine(info.stderr) };
}

/**
 * `docker rm -f <name>`, bounded by `timeoutMs`. Resolves to undefined when the container
 * is gone (removed now, or already: `--rm`, or never created), else to an error text.
 */
export async function removeContainer(cli: string, name: string, timeoutMs: number): Promise<string | undefined> {
  const rm = await docker(cli, ['rm', '-f', name], timeoutMs);
  if (rm.ok || /no such container/i.test(rm.stderr)) return undefined;
  return `docker rm -f ${name} failed: ${firstLine(rm.stderr)}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
