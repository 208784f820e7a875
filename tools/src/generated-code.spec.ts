/**
 * Guards for the protobuf sources and the code generated from them. Runs the buf binary
 * pinned in the root package.json (node_modules/.bin/buf, installed by `npm ci`); needs no
 * network and never writes to the working tree (generation goes to a temporary directory).
 *
 *   - `buf lint` passes (STANDARD, with the wire-compatibility exceptions of buf.yaml);
 *   - packages/rpc/src/gen is byte-for-byte what `buf generate` produces now;
 *   - proto/scheduler.proto is compatible with the frozen nomad-lite contract, and that
 *     frozen image still matches the baseline .proto it was built from.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const BUF = join(ROOT, 'node_modules', '.bin', 'buf');
const GEN_DIR = join('packages', 'rpc', 'src', 'gen');
const BASELINE_IMAGE = join('tools', 'wire', 'scheduler-api.binpb');
const BASELINE_PROTO_DIR = join('tools', 'wire', 'nomad-lite');

// buf itself takes well under a second per command here, but the machine is shared.
jest.setTimeout(120_000);

function buf(args: readonly string[]): SpawnSyncReturns<string> {
  const result = spawnSync(BUF, args, { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    // Surface buf's own diagnostics in the jest failure.
    throw new Error(`buf ${args.join(' ')} exited with ${String(result.status)}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** Relative path (with '/') -> content, for every file below `dir`. */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.set(relative(dir, p).split(sep).join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sched-proto-'));
});

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

test('buf lint passes', () => {
  expect(buf(['lint']).status).toBe(0);
});

test('committed generated code equals a fresh `buf generate`', () => {
  // -o prefixes every `out` of buf.gen.yaml, so the fresh copy lands in <scratch>/packages/rpc/src/gen.
  buf(['generate', '-o', scratch]);
  const fresh = readTree(join(scratch, GEN_DIR));
  const committed = readTree(join(ROOT, GEN_DIR));

  expect(fresh.size).toBeGreaterThan(0);
  // Same file set (catches stale files of a deleted .proto, and missing new ones)...
  expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
  // ...and the same bytes in each. Fix a failure with `npm run proto:generate`.
  const differing = [...fresh].filter(([name, bytes]) => !committed.get(name)?.equals(bytes)).map(([name]) => name);
  expect(differing).toEqual([]);
});

test('client API is wire-compatible with the frozen nomad-lite contract', () => {
  expect(buf(['breaking', 'proto', '--against', BASELINE_IMAGE]).status).toBe(0);
});

test('the frozen baseline image matches its .proto (see tools/wire/README.md)', () => {
  const rebuilt = join(scratch, 'scheduler-api.binpb');
  buf(['build', BASELINE_PROTO_DIR, '--exclude-source-info', '-o', rebuilt]);
  expect(readFileSync(rebuilt).equals(readFileSync(join(ROOT, BASELINE_IMAGE)))).toBe(true);
});
