/** PATH inside the sandbox (and for the processes that set it up). */
export const JOB_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The whole environment a job starts with: nothing of the node's (no tokens, no
 * DOCKER_HOST, no TLS paths), a PATH, a writable HOME and a UTF-8 locale.
 */
export function jobEnv(path: string, home: string): Record<string, string> {
  return { PATH: path, HOME: home, LANG: 'C.UTF-8' };
}
