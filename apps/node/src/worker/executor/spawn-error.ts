import { getSystemErrorMap } from 'node:util';

/**
 * The text of a failure to start a process, in the reference's form (REF §8, Rust's
 * io::Error): `No such file or directory (os error 2)`. Errors without an errno (invalid
 * arguments) keep their own message.
 */
export function spawnErrorText(error: Error): string {
  const errno = (error as NodeJS.ErrnoException).errno;
  const description = errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1];
  if (errno === undefined || description === undefined) return error.message;
  return `${description.charAt(0).toUpperCase()}${description.slice(1)} (os error ${-errno})`;
}
