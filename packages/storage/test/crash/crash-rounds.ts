import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type HardState, MemoryStorage, SeededRng } from '@sched/raft';
import { openDatabase, RAFT_SCHEMA, SqliteStorage, type WritableStorage } from '@sched/storage';
import { tsNodeArgs } from '../../src/ts-child.test-util';
import { applyOp, CRASH_CONF, type CrashOp } from './crash-ops';

export interface CrashOptions {
  readonly rounds: number;
  readonly seed: number;
  /** Directory for the log file (the same file lives through every round). */
  readonly dir: string;
  /** Called after each verified round. */
  readonly onRound?: (round: number, stats: CrashStats) => void;
}

export interface CrashStats {
  rounds: number;
  /** Ops the children reported durable. */
  reportedOps: number;
  /** Kills that landed between an op's "I" and "D" lines... */
  killedInFlight: number;
  /** ...of which the op turned out applied (committed, not yet reported). */
  inFlightApplied: number;
  /** Kills before the child had opened the log. */
  killedDuringOpen: number;
  lastIndex: number;
  hardState: HardState;
}

/** Kills land this long after "R" at most (uniformly). */
const MAX_KILL_DELAY_MS = 80;
/** Share of rounds killed at a random moment of start-up and recovery instead. */
const OPEN_KILL_PERCENT = 15;

/**
 * The crash test. Each round starts a child that appends to the log, kills it with
 * SIGKILL at a random moment, then checks on the file the child left:
 * - `PRAGMA integrity_check` is "ok";
 * - the recovered log equals the parent's model (a MemoryStorage replaying every op the
 *   child reported durable), or the model plus the one op in flight at the kill — applied
 *   entirely, never in part: so every reported batch is there, and batches are atomic;
 * - the hard state never went backwards (term and commit, across all rounds).
 * Throws on the first violation, naming the seed and round.
 */
export async function runCrashRounds(options: CrashOptions): Promise<CrashStats> {
  const file = join(options.dir, 'raft.db');
  const rng = new SeededRng(options.seed);
  const model = new MemoryStorage(CRASH_CONF);
  const stats: CrashStats = { rounds: 0, reportedOps: 0, killedInFlight: 0, inFlightApplied: 0, killedDuringOpen: 0, lastIndex: 0, hardState: model.initialState().hardState };
  let openMs = 300;
  for (let round = 1; round <= options.rounds; round++) {
    const fail = (what: string) => new Error(`crash test (seed ${options.seed}) round ${round}: ${what}`);
    const duringOpen = rng.nextInt(100) < OPEN_KILL_PERCENT;
    const child = await runChild(file, rng.nextUint32(), duringOpen ? { fromStart: rng.nextInt(openMs) } : { afterReady: rng.nextInt(MAX_KILL_DELAY_MS) });
    if (child.readyMs !== undefined) openMs = Math.round((openMs * 3 + child.readyMs) / 4);
    else stats.killedDuringOpen++;
    if (child.signal !== 'SIGKILL') throw fail(`child ended with ${child.signal ?? `exit code ${child.code}`}: ${child.stderr}`);

    const { done, inFlight } = parseReport(child.stdout);
    for (const op of done) applyOp(model, op);
    stats.reportedOps += done.length;

    const db = openDatabase(file, RAFT_SCHEMA);
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw fail(`integrity_check: ${String(integrity)}`);
    const recovered = new SqliteStorage(db, CRASH_CONF);
    try {
      const got = digest(recovered);
      if (got !== digest(model)) {
        if (inFlight === undefined) throw fail(`recovered log differs from the reported ops:\n  got  ${got}\n  want ${digest(model)}`);
        stats.killedInFlight++;
        applyOp(model, inFlight);
        if (got !== digest(model)) throw fail(`recovered log is neither before nor after the op in flight ${JSON.stringify(inFlight)}:\n  got   ${got}\n  after ${digest(model)}`);
        stats.inFlightApplied++;
      } else if (inFlight !== undefined) {
        stats.killedInFlight++;
      }
      const hs = recovered.initialState().hardState;
      if (hs.term < stats.hardState.term || hs.commit < stats.hardState.commit) {
        throw fail(`hard state went backwards: ${JSON.stringify(stats.hardState)} -> ${JSON.stringify(hs)}`);
      }
      stats.hardState = hs;
      stats.lastIndex = recovered.lastIndex();
    } finally {
      recovered.close();
    }
    stats.rounds = round;
    options.onRound?.(round, stats);
  }
  return stats;
}

interface ChildOutcome {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from spawn to "R", if it came. */
  readyMs: number | undefined;
}

type KillAt = { readonly fromStart: number } | { readonly afterReady: number };

function runChild(file: string, seed: number, killAt: KillAt): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, tsNodeArgs(join(__dirname, 'crash-child.ts'), [file, String(seed)]), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let readyMs: number | undefined;
    const kill = () => child.kill('SIGKILL');
    if ('fromStart' in killAt) setTimeout(kill, killAt.fromStart);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (readyMs === undefined && stdout.startsWith('R\n')) {
        readyMs = Date.now() - started;
        if ('afterReady' in killAt) setTimeout(kill, killAt.afterReady);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal, readyMs }));
  });
}

/** The ops reported durable, in order, and the op whose "I" line has no "D" line. */
function parseReport(stdout: string): { done: CrashOp[]; inFlight: CrashOp | undefined } {
  const lines = stdout.split('\n');
  lines.pop(); // the last element is an unfinished line (or empty): never a full report
  const done: CrashOp[] = [];
  let inFlight: CrashOp | undefined;
  for (const line of lines) {
    if (line.startsWith('I ')) {
      inFlight = JSON.parse(line.slice(line.indexOf(' ', 2) + 1)) as CrashOp;
    } else if (line.startsWith('D ') && inFlight !== undefined) {
      done.push(inFlight);
      inFlight = undefined;
    }
  }
  return { done, inFlight };
}

/** Everything a storage exposes, hashed: equal digests mean equal visible states. */
function digest(s: WritableStorage): string {
  const first = s.firstIndex();
  const last = s.lastIndex();
  const snap = s.snapshot();
  const hash = createHash('sha256');
  if (first <= last) {
    for (const e of s.entries(first, last + 1, Number.POSITIVE_INFINITY)) {
      hash.update(`${e.index}:${e.term}:${e.kind}:`).update(e.data);
    }
  }
  hash.update('snapshot:').update(snap.data);
  const summary = { hs: s.initialState().hardState, first, last, termBefore: s.term(first - 1), snapshot: snap.meta };
  return `${JSON.stringify(summary)} ${hash.digest('hex').slice(0, 16)}`;
}
