import { MemoryOutputStore } from './memory-output-store';
import { describeOutputContract } from './output-contract.test-util';
import { DEFAULT_OUTPUT_CAP } from './output-store';

describeOutputContract('MemoryOutputStore', {
  create: (cap) => new MemoryOutputStore(cap),
  dispose: () => undefined,
});

test('the default cap is 1 MiB per stream', () => {
  const store = new MemoryOutputStore();
  store.append('job', 1, 'stdout', new Uint8Array(DEFAULT_OUTPUT_CAP + 1));
  expect(store.read('job', 1).stdout.data.length).toBe(1024 * 1024);
  expect(store.read('job', 1).stdout.truncated).toBe(true);
});
