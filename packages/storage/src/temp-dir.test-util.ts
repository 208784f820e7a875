import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under `parent` (the system temp dir by default), and its removal. */
export function makeTempDir(prefix = 'sched-storage-', parent = tmpdir()): string {
  return mkdtempSync(join(parent, prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A contract-suite harness for a file-backed store: `create` opens a store in a fresh
 * temp dir, `reopen` closes it and opens the same file again (with `reopenArg` of the
 * original argument), `dispose` closes it and removes the dir.
 */
export function tempFileHarness<A, T extends { close(): void }>(
  open: (path: string, arg: A) => T,
  reopenArg: (arg: A) => A = (arg) => arg,
) {
  let dir: string | undefined;
  let current: T | undefined;
  let openedWith: A;
  const path = () => join(dir!, 'store.db');
  return {
    create(arg: A): T {
      openedWith = arg;
      dir = makeTempDir();
      return (current = open(path(), arg));
    },
    reopen(): T {
      current!.close();
      return (current = open(path(), reopenArg(openedWith)));
    },
    dispose(): void {
      current?.close();
      if (dir !== undefined) removeDir(dir);
      current = dir = undefined;
    },
  };
}

/** Gives each test of the enclosing `describe` a fresh temp dir, read as `.path` inside it. */
export function tempDirPerTest(): { readonly path: string } {
  const current = { path: '' };
  beforeEach(() => (current.path = makeTempDir()));
  afterEach(() => removeDir(current.path));
  return current;
}
