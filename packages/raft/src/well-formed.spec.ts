import { MalformedMessageError } from './errors';
import type { AppendResponse } from './messages';
import { append, Cluster, entry } from './test-cluster.test-util';

/** Messages no correct peer sends are refused by `step` before they change anything. */

describe('malformed messages', () => {
  test('an Append whose entries do not follow its prevIndex one by one is refused, changing nothing', () => {
    const c = new Cluster(3);
    const gap = { ...append(2, 1, 5, [0, 0]), entries: [entry(1, 5), entry(3, 5)] };
    expect(() => c.node(1).step(gap)).toThrow(MalformedMessageError);
    expect(c.node(1).status()).toMatchObject({ term: 0, leader: 0, lastIndex: 0 });
  });

  test('an Append carrying an entry of a later term than its sender’s, or terms going back, is refused', () => {
    const c = new Cluster(3);
    expect(() => c.node(1).step(append(2, 1, 1, [0, 0], [2]))).toThrow(MalformedMessageError);
    expect(() => c.node(1).step(append(2, 1, 3, [0, 0], [2, 1]))).toThrow(MalformedMessageError);
    expect(() => c.node(1).step(append(2, 1, 3, [1, 2], [1]))).toThrow(MalformedMessageError);
    expect(c.node(1).status()).toMatchObject({ term: 0, lastIndex: 0 });
  });

  test('an acknowledgement past the leader’s last index is refused, leaving the follower’s progress as it was', () => {
    const c = new Cluster(3).elect(1);
    const before = c.node(1).status().progress.get(2);
    const ack: AppendResponse = { type: 'AppendResponse', from: 2, to: 1, term: c.term(1), reject: false, index: 9, hintIndex: 0, hintTerm: 0 };
    expect(() => c.node(1).step(ack)).toThrow(MalformedMessageError);
    expect(c.node(1).status().progress.get(2)).toEqual(before);
    expect(c.commit(1)).toBe(1);
  });
});
