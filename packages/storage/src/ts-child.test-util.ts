import { join } from 'node:path';

const REGISTER = join(__dirname, '..', '..', '..', 'tools', 'register-ts.cjs');

/**
 * `node` arguments that run the TypeScript file `script` from source, resolving workspace
 * packages to their src/ (see tools/register-ts.cjs).
 */
export function tsNodeArgs(script: string, args: readonly string[] = []): string[] {
  return ['--conditions=@sched/source', '-r', REGISTER, script, ...args];
}
