import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace.test-util';

/**
 * Code shown in docs/ is the code the test suite runs: a fence opened as
 * ```ts file=<path> must hold exactly that file's text.
 */
const FENCE = /```ts file=(\S+)\n([\s\S]*?)```/g;

describe('code embedded in docs/', () => {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  const embeds = docs.flatMap((doc) =>
    [...readFileSync(join(ROOT, 'docs', doc), 'utf8').matchAll(FENCE)].map((m) => ({ doc, file: m[1]!, body: m[2]! })),
  );

  it('exists (the Raft guide embeds its example)', () => {
    expect(embeds.map((e) => e.file)).toContain('packages/raft/src/examples/kv-store.spec.ts');
  });

  it.each(embeds.map((e) => [e.doc, e.file, e.body] as const))('%s shows %s as it is', (_doc, file, body) => {
    expect(body).toBe(readFileSync(join(ROOT, file), 'utf8'));
  });
});
