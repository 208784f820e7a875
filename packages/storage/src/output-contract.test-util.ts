import type { OutputStore } from './output-store';

/** How the output contract suite gets at an implementation. */
export interface OutputHarness {
  /** A fresh, empty store keeping at most `cap` bytes per stream. */
  create(cap: number): OutputStore;
  /** Durable implementations: closes the store last created and opens it again. */
  readonly reopen?: () => OutputStore;
  dispose(): void;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

/** The `OutputStore` contract, run against one implementation. */
export function describeOutputContract(name: string, harness: OutputHarness): void {
  describe(`${name}: job output contract`, () => {
    let store: OutputStore;
    beforeEach(() => {
      store = harness.create(10);
    });
    afterEach(() => harness.dispose());

    test('an attempt never written reads as two empty, untruncated streams', () => {
      expect(store.read('job', 1)).toEqual({
        stdout: { data: new Uint8Array(0), truncated: false },
        stderr: { data: new Uint8Array(0), truncated: false },
      });
    });

    test('chunks are kept in order, per stream', () => {
      store.append('job', 1, 'stdout', bytes('ab'));
      store.append('job', 1, 'stderr', bytes('E'));
      store.append('job', 1, 'stdout', bytes('cd'));
      const out = store.read('job', 1);
      expect([text(out.stdout.data), text(out.stderr.data)]).toEqual(['abcd', 'E']);
    });

    test('attempts and jobs are kept apart', () => {
      store.append('job', 1, 'stdout', bytes('first'));
      store.append('job', 2, 'stdout', bytes('second'));
      store.append('other', 1, 'stdout', bytes('x'));
      expect(text(store.read('job', 1).stdout.data)).toBe('first');
      expect(text(store.read('job', 2).stdout.data)).toBe('second');
      expect(text(store.read('other', 1).stdout.data)).toBe('x');
    });

    test('a stream keeps its first cap bytes and is then marked truncated for good', () => {
      store.append('job', 1, 'stdout', bytes('12345678'));
      expect(store.read('job', 1).stdout.truncated).toBe(false);
      store.append('job', 1, 'stdout', bytes('9abc'));
      store.append('job', 1, 'stdout', bytes('more'));
      store.append('job', 1, 'stdout', new Uint8Array(0));
      expect(store.read('job', 1).stdout).toEqual({ data: bytes('123456789a'), truncated: true });
      expect(store.read('job', 1).stderr.truncated).toBe(false);
    });

    test('output of exactly the cap is not truncated', () => {
      store.append('job', 1, 'stderr', bytes('0123456789'));
      expect(store.read('job', 1).stderr).toEqual({ data: bytes('0123456789'), truncated: false });
    });

    test('a single oversized chunk is cut at the cap', () => {
      store.append('job', 1, 'stdout', bytes('x'.repeat(25)));
      expect(store.read('job', 1).stdout).toEqual({ data: bytes('x'.repeat(10)), truncated: true });
    });

    test("the caller's buffer may be reused after append", () => {
      const chunk = bytes('abc');
      store.append('job', 1, 'stdout', chunk);
      chunk.fill(0);
      expect(text(store.read('job', 1).stdout.data)).toBe('abc');
    });

    test('evicting a job deletes every attempt of it and nothing else', () => {
      store.append('job', 1, 'stdout', bytes('a'));
      store.append('job', 2, 'stderr', bytes('b'));
      store.append('keep', 1, 'stdout', bytes('c'));
      store.evict('job');
      expect(store.read('job', 1).stdout.data).toEqual(new Uint8Array(0));
      expect(store.read('job', 2).stderr.data).toEqual(new Uint8Array(0));
      expect(text(store.read('keep', 1).stdout.data)).toBe('c');
      store.evict('never-seen');
    });

    const { reopen } = harness;
    if (reopen !== undefined) {
      test('output, truncation flags and evictions survive a reopen', () => {
        store.append('job', 1, 'stdout', bytes('0123456789!'));
        store.append('job', 1, 'stderr', bytes('err'));
        store.append('gone', 1, 'stdout', bytes('x'));
        store.evict('gone');
        store = reopen();
        expect(store.read('job', 1).stdout).toEqual({ data: bytes('0123456789'), truncated: true });
        expect(text(store.read('job', 1).stderr.data)).toBe('err');
        expect(store.read('gone', 1).stdout.data).toEqual(new Uint8Array(0));
        store.append('job', 1, 'stderr', bytes('+more'));
        expect(text(store.read('job', 1).stderr.data)).toBe('err+more');
      });
    }
  });
}
