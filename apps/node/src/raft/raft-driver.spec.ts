import { type Config, type Entry, EntryKind, MemoryStorage, type Message, RaftInvariantError, RawNode, Role, SeededRng, type Snapshot } from '@sched/raft';
import { createLogger } from '../log/logger';
import { RaftDriver, type RaftDriverOptions } from './raft-driver';
import { RaftFailure } from './errors';

/** The replicated app of these tests: the list of payloads applied, as text. */
class ListMachine {
  items: string[] = [];
  apply(entry: Entry): number {
    if (entry.kind === EntryKind.Normal) this.items.push(Buffer.from(entry.data).toString());
    return this.items.length;
  }
  restore(snapshot: Snapshot): void {
    this.items = snapshot.data.length === 0 ? [] : (JSON.parse(Buffer.from(snapshot.data).toString()) as string[]);
  }
  snapshot(): Uint8Array {
    return Buffer.from(JSON.stringify(this.items));
  }
}

interface Member {
  readonly id: number;
  readonly driver: RaftDriver<number>;
  readonly storage: MemoryStorage;
  readonly machine: ListMachine;
  fatal: Error | undefined;
  /** What the driver logged at warn level or above: `level msg`. */
  readonly logged: string[];
}

/** Drivers wired by an in-process transport; `cut` ids lose all traffic to and from them. */
class LocalCluster {
  readonly members: Member[] = [];
  readonly cut = new Set<number>();

  constructor(
    size: number,
    overrides: Partial<RaftDriverOptions<number>> = {},
    storageFor?: (id: number, s: MemoryStorage) => MemoryStorage,
    raft: Partial<Config> = {},
  ) {
    const voters = Array.from({ length: size }, (_, k) => k + 1);
    for (const id of voters) {
      const storage = storageFor?.(id, new MemoryStorage({ voters })) ?? new MemoryStorage({ voters });
      const machine = new ListMachine();
      const logged: string[] = [];
      const log = createLogger('warn', (line) => {
        const { level, msg } = JSON.parse(line) as { level: string; msg: string };
        logged.push(`${level} ${msg}`);
      });
      const member: Member = {
        id,
        storage,
        machine,
        fatal: undefined,
        logged,
        driver: new RaftDriver({
          node: new RawNode({ id, storage, rng: new SeededRng(id), electionTick: 10, heartbeatTick: 2, ...raft }),
          storage,
          stateMachine: machine,
          transport: { send: (messages) => this.deliver(messages) },
          tickMs: 2,
          proposalQueueCapacity: 256,
          commitDeadlineMs: 2000,
          snapshotEvery: 1000,
          compactionMargin: 10,
          onFatal: (error) => (member.fatal = error),
          log,
          ...overrides,
        }),
      };
      this.members.push(member);
    }
    for (const m of this.members) m.driver.start();
  }

  private deliver(messages: readonly Message[]): void {
    for (const m of messages) {
      if (this.cut.has(m.from) || this.cut.has(m.to)) continue;
      setImmediate(() => this.members[m.to - 1]!.driver.receive([m]));
    }
  }

  leader(): Member | undefined {
    return this.members.find((m) => m.driver.status().role === Role.Leader && !this.cut.has(m.id));
  }

  async waitForLeader(): Promise<Member> {
    await until(() => this.leader() !== undefined);
    return this.leader()!;
  }

  stop(): void {
    for (const m of this.members) m.driver.stop();
  }
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function text(s: string): Uint8Array {
  return Buffer.from(s);
}

let cluster: LocalCluster | undefined;
afterEach(() => cluster?.stop());

describe('RaftDriver', () => {
  it('resolves a proposal only once it is committed and applied, with the state machine result', async () => {
    cluster = new LocalCluster(3);
    const leader = await cluster.waitForLeader();
    const result = await leader.driver.propose(text('a'));
    expect(result).toBe(1);
    expect(leader.machine.items).toEqual(['a']);
    // A majority holds it durably (the leader's own storage included) before the answer.
    const durable = cluster.members.filter((m) => m.storage.lastIndex() >= leader.driver.appliedIndex());
    expect(durable.length).toBeGreaterThanOrEqual(2);
    await until(() => cluster!.members.every((m) => m.machine.items.length === 1));
  });

  it('commits at once in a single-node cluster', async () => {
    cluster = new LocalCluster(1);
    const leader = await cluster.waitForLeader();
    await expect(leader.driver.propose(text('solo'))).resolves.toBe(1);
  });

  it('refuses a write on a follower, naming the leader', async () => {
    cluster = new LocalCluster(3);
    const leader = await cluster.waitForLeader();
    await until(() => cluster!.members.every((m) => m.driver.status().leader === leader.id));
    const follower = cluster.members.find((m) => m !== leader)!;
    await expect(follower.driver.propose(text('x'))).rejects.toMatchObject({ kind: 'not-leader', leader: leader.id });
  });

  it('refuses proposals beyond the queue capacity at once', async () => {
    cluster = new LocalCluster(1, { proposalQueueCapacity: 2 });
    const leader = await cluster.waitForLeader();
    const accepted = [leader.driver.propose(text('1')), leader.driver.propose(text('2'))];
    await expect(leader.driver.propose(text('3'))).rejects.toMatchObject({ kind: 'queue-full', message: 'Server is overloaded; retry with backoff' });
    await expect(Promise.all(accepted)).resolves.toEqual([1, 2]);
  });

  it('keeps a quarter more of the queue for internal proposals: a full client queue does not refuse them', async () => {
    cluster = new LocalCluster(1, { proposalQueueCapacity: 4 });
    const leader = await cluster.waitForLeader();
    // All proposed before the loop next drains the queue.
    const clients = [1, 2, 3, 4].map((k) => leader.driver.propose(text(`c${k}`)));
    const fifthClient = leader.driver.propose(text('c5'));
    const internal = leader.driver.propose(text('result'), 'internal');
    const secondInternal = leader.driver.propose(text('another'), 'internal');
    await expect(fifthClient).rejects.toMatchObject({ kind: 'queue-full' });
    await expect(secondInternal).rejects.toMatchObject({ kind: 'queue-full' });
    await expect(Promise.all([...clients, internal])).resolves.toEqual([1, 2, 3, 4, 5]);
  });

  it('fails pending proposals with leadership-lost as soon as the leader steps down', async () => {
    cluster = new LocalCluster(3);
    const leader = await cluster.waitForLeader();
    cluster.cut.add(leader.id);
    const pending = leader.driver.propose(text('lost'));
    // Check-quorum deposes the isolated leader within an election timeout.
    await expect(pending).rejects.toMatchObject({ kind: 'leadership-lost' });
    expect(leader.machine.items).toEqual([]);
  });

  it('fails a proposal that is not applied within the deadline', async () => {
    // Without check-quorum the cut-off leader keeps leading, so only the deadline can end the wait.
    cluster = new LocalCluster(3, { commitDeadlineMs: 30 }, undefined, { checkQuorum: false });
    const leader = await cluster.waitForLeader();
    for (const m of cluster.members) if (m !== leader) cluster.cut.add(m.id);
    await expect(leader.driver.propose(text('slow'))).rejects.toMatchObject({ kind: 'deadline', message: 'Raft did not commit the entry in time' });
  });

  it('answers read-index on the leader and on a follower once the index is applied locally', async () => {
    cluster = new LocalCluster(3);
    const leader = await cluster.waitForLeader();
    await leader.driver.propose(text('w'));
    await until(() => cluster!.members.every((m) => m.driver.status().leader === leader.id));
    const follower = cluster.members.find((m) => m !== leader)!;
    const index = await follower.driver.readIndex();
    expect(index).toBeGreaterThanOrEqual(2);
    expect(follower.driver.appliedIndex()).toBeGreaterThanOrEqual(index);
    expect(follower.machine.items).toEqual(['w']);
    await expect(leader.driver.readIndex()).resolves.toBeGreaterThanOrEqual(2);
  });

  it('transfers leadership and reports the new leader', async () => {
    cluster = new LocalCluster(3);
    const leader = await cluster.waitForLeader();
    const target = cluster.members.find((m) => m !== leader)!;
    const outcome = await leader.driver.transferLeadership(target.id);
    expect(outcome.leader).toBe(target.id);
    await until(() => target.driver.status().role === Role.Leader);
  });

  it('snapshots and compacts its log every snapshotEvery entries', async () => {
    cluster = new LocalCluster(1, { snapshotEvery: 5, compactionMargin: 2 });
    const leader = await cluster.waitForLeader();
    for (let k = 0; k < 12; k++) await leader.driver.propose(text(`e${k}`));
    const snap = leader.storage.snapshot();
    expect(snap.meta.index).toBeGreaterThanOrEqual(10);
    expect(JSON.parse(Buffer.from(snap.data).toString())).toHaveLength(snap.meta.index - 1);
    expect(leader.storage.firstIndex()).toBeGreaterThan(1);
  });

  it('learns a commit index a leader confirmed after start, on the leader and on followers', async () => {
    cluster = new LocalCluster(3);
    await cluster.waitForLeader();
    const learned = await Promise.all(cluster.members.map((m) => m.driver.commitAtStart()));
    // At least the first leader's no-op, which commits everything before it.
    for (const index of learned) expect(index).toBeGreaterThanOrEqual(1);
  });

  it('learns the commit index at start on a single node: its own no-op', async () => {
    cluster = new LocalCluster(1);
    const leader = await cluster.waitForLeader();
    await expect(leader.driver.commitAtStart()).resolves.toBe(1);
  });

  it('drops a malformed message from a peer with a warning and goes on', async () => {
    cluster = new LocalCluster(3);
    const leader = await cluster.waitForLeader();
    const follower = cluster.members.find((m) => m !== leader)!;
    const { term } = leader.driver.status();
    const entry = (index: number): Entry => ({ index, term, kind: EntryKind.Normal, data: text('x') });
    const gap: Message = { type: 'Append', from: leader.id, to: follower.id, term, prevIndex: 0, prevTerm: 0, entries: [entry(1), entry(3)], commit: 0 };
    expect(() => follower.driver.receive([gap])).not.toThrow();
    expect(follower.logged).toEqual(['warn Dropped a malformed Raft message']);
    expect(follower.fatal).toBeUndefined();
    await expect(leader.driver.propose(text('after'))).resolves.toBe(1);
    await until(() => follower.machine.items.length === 1);
  });

  it('stops on a Raft invariant error while stepping a message, and reports it as fatal instead of throwing to the caller', async () => {
    cluster = new LocalCluster(3);
    const leader = await cluster.waitForLeader();
    const other = cluster.members.find((m) => m !== leader)!;
    // A second leader of the same term: election safety is broken, the node must not go on.
    const append: Message = { type: 'Append', from: other.id, to: leader.id, term: leader.driver.status().term, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 };
    expect(() => leader.driver.receive([append])).not.toThrow();
    expect(leader.fatal).toBeInstanceOf(RaftInvariantError);
    await expect(leader.driver.propose(text('x'))).rejects.toMatchObject({ kind: 'stopped' });
  });

  it('stops on a storage failure, reports it, and fails what was pending', async () => {
    let failing = false;
    cluster = new LocalCluster(1, {}, (_id, storage) => {
      const save = storage.save.bind(storage);
      storage.save = (batch) => {
        if (failing) throw new Error('disk I/O error writing /data/raft.db');
        save(batch);
      };
      return storage;
    });
    const leader = await cluster.waitForLeader();
    failing = true;
    await expect(leader.driver.propose(text('x'))).rejects.toBeInstanceOf(RaftFailure);
    expect(leader.fatal?.message).toBe('disk I/O error writing /data/raft.db');
    await expect(leader.driver.propose(text('y'))).rejects.toMatchObject({ kind: 'stopped' });
  });
});
