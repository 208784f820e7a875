import { EntryKind, MemoryStorage, type Message, RawNode, Role, SeededRng } from '@sched/raft';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One replica of a tiny key-value store: a Raft node, its storage, and the map it applies entries to. */
class KvReplica {
  readonly storage: MemoryStorage;
  readonly node: RawNode;
  readonly data = new Map<string, string>();

  constructor(id: number, voters: number[]) {
    this.storage = new MemoryStorage({ voters });
    this.node = new RawNode({ id, storage: this.storage, rng: new SeededRng(id), electionTick: 10, heartbeatTick: 1 });
  }

  set(key: string, value: string): boolean {
    return this.node.propose(encoder.encode(`${key}=${value}`)).ok;
  }

  /** Handles one Ready in the required order and returns the messages to deliver. */
  processReady(): readonly Message[] {
    if (!this.node.hasReady()) return [];
    const ready = this.node.ready();
    this.storage.save(ready.toPersist); // 1. make it durable (a real store fsyncs here)
    const done = ready.persisted(); //     2. only now are messages and commits reachable
    for (const entry of done.committedEntries) {
      if (entry.kind !== EntryKind.Normal) continue; // the leader's no-op
      const [key, value] = decoder.decode(entry.data).split('=');
      this.data.set(key!, value!); //        3. apply
    }
    this.node.advance(done); //              4. advance
    return done.messages;
  }
}

/** Delivers messages between replicas until none are left. */
function settle(replicas: KvReplica[]): void {
  let inFlight: Message[] = replicas.flatMap((r) => r.processReady());
  while (inFlight.length > 0) {
    for (const m of inFlight) replicas[m.to - 1]!.node.step(m);
    inFlight = replicas.flatMap((r) => r.processReady());
  }
}

test('a three-replica key-value store agrees on every write', () => {
  const voters = [1, 2, 3];
  const replicas = voters.map((id) => new KvReplica(id, voters));
  const leader = () => replicas.find((r) => r.node.softState().role === Role.Leader);

  // Time passes in ticks; one replica's election timer fires first and it wins.
  while (leader() === undefined) {
    for (const r of replicas) r.node.tick();
    settle(replicas);
  }
  expect(leader()!.set('colour', 'blue')).toBe(true);
  expect(leader()!.set('shape', 'round')).toBe(true);
  settle(replicas);
  // Followers learn the commit index on the next heartbeat.
  for (const r of replicas) r.node.tick();
  settle(replicas);

  for (const r of replicas) {
    expect(Object.fromEntries(r.data)).toEqual({ colour: 'blue', shape: 'round' });
  }
  // A follower refuses writes and names the leader.
  const follower = replicas.find((r) => r !== leader())!;
  expect(follower.node.propose(encoder.encode('x=1'))).toEqual({ ok: false, reason: 'not-leader', leader: leader()!.node.id });
});
