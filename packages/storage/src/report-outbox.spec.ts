import { MemoryReportOutbox, type ReportOutbox } from './report-outbox';
import { SqliteReportOutbox } from './sqlite-report-outbox';
import { tempFileHarness } from './temp-dir.test-util';

const bytes = (...b: number[]) => Uint8Array.from(b);

function outboxContract(name: string, harness: { create(arg: undefined): ReportOutbox; dispose(): void }) {
  describe(`${name}: the result outbox contract`, () => {
    let outbox: ReportOutbox;
    beforeEach(() => (outbox = harness.create(undefined)));
    afterEach(() => harness.dispose());

    it('keeps entries in insertion order, a put replacing the entry of its key', () => {
      outbox.put('a/1', bytes(1));
      outbox.put('b/1', bytes(2));
      outbox.put('a/1', bytes(3));
      expect(outbox.all()).toEqual([
        { key: 'b/1', data: bytes(2) },
        { key: 'a/1', data: bytes(3) },
      ]);
    });

    it('forgets deleted entries, and a delete of an absent key changes nothing', () => {
      outbox.put('a/1', bytes(1));
      outbox.delete('a/1');
      outbox.delete('never');
      expect(outbox.all()).toEqual([]);
    });

    it('copies what it is given', () => {
      const data = bytes(7);
      outbox.put('k', data);
      data[0] = 9;
      expect(outbox.all()[0]!.data).toEqual(bytes(7));
    });
  });
}

outboxContract('memory', { create: () => new MemoryReportOutbox(), dispose: () => {} });

const sqlite = tempFileHarness((path: string) => SqliteReportOutbox.open(path));
outboxContract('sqlite', sqlite);

describe('sqlite result outbox', () => {
  afterEach(() => sqlite.dispose());

  it('keeps its entries across a reopen', () => {
    const outbox = sqlite.create(undefined);
    outbox.put('j/2', bytes(4, 5));
    outbox.put('k/1', bytes(6));
    outbox.delete('k/1');
    expect(sqlite.reopen().all()).toEqual([{ key: 'j/2', data: bytes(4, 5) }]);
  });
});
