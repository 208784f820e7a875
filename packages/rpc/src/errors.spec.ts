import { Code, ConnectError } from '@connectrpc/connect';
import { LEADER_ADDR_HEADER, LEADER_ID_HEADER, leaderHintOf, notLeaderError } from './errors';

/** What the wire tests (interop.spec.ts, tls.spec.ts) see end to end, checked here at the source. */
describe('notLeaderError', () => {
  it('names a known leader in the message and in the metadata', () => {
    const error = notLeaderError({ id: 2, address: 'node2:50051' });
    expect([error.code, error.rawMessage]).toEqual([Code.FailedPrecondition, 'Not the leader. Try node2:50051']);
    expect([...error.metadata]).toEqual([
      [LEADER_ADDR_HEADER, 'node2:50051'],
      [LEADER_ID_HEADER, '2'],
    ]);
  });

  it('says "unknown address" when the leader id is not in --peers, and still sends the id', () => {
    const error = notLeaderError({ id: 7 });
    expect(error.rawMessage).toBe('Not the leader. Try unknown address');
    expect([...error.metadata]).toEqual([[LEADER_ID_HEADER, '7']]);
  });

  it('says "Leader unknown, retry later" without metadata when no leader is known', () => {
    const error = notLeaderError();
    expect([error.code, error.rawMessage]).toEqual([Code.FailedPrecondition, 'Not the leader. Leader unknown, retry later']);
    expect([...error.metadata]).toEqual([]);
  });
});

describe('leaderHintOf', () => {
  it('reads the metadata first', () => {
    const error = new ConnectError('Not the leader. Try 127.0.0.1%3A1', Code.FailedPrecondition, {
      [LEADER_ADDR_HEADER]: '[::1]:50053',
      [LEADER_ID_HEADER]: '3',
    });
    expect(leaderHintOf(error)).toEqual({ address: '[::1]:50053', id: 3 });
  });

  it('omits an id that is not a positive safe integer', () => {
    for (const id of ['0', '-1', 'x', '1.5', '9007199254740993']) {
      const error = new ConnectError('', Code.FailedPrecondition, { [LEADER_ADDR_HEADER]: 'a:1', [LEADER_ID_HEADER]: id });
      expect(leaderHintOf(error)).toEqual({ address: 'a:1' });
    }
  });

  it('falls back to the message text of a server that sends no metadata (nomad-lite)', () => {
    expect(leaderHintOf(new ConnectError('Not the leader. Try node3:50051', Code.FailedPrecondition))).toEqual({ address: 'node3:50051' });
  });

  it.each([
    ['leader unknown', notLeaderError()],
    ['leader address unknown', notLeaderError({ id: 3 })],
    ['another code', new ConnectError('Not the leader. Try a:1', Code.Unavailable)],
    ['another precondition', new ConnectError('queue full', Code.FailedPrecondition)],
    ['a plain Error', new Error('Not the leader. Try a:1')],
    ['not an error', 'Not the leader. Try a:1'],
  ])('gives no hint for %s', (_name, error) => {
    expect(leaderHintOf(error)).toBeUndefined();
  });
});
