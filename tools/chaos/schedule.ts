import { Random } from './random';

/** Which node a fault hits: a fixed id, or whichever node leads when the fault starts. */
export type FaultTarget = number | 'leader';

export type Fault =
  | { readonly kind: 'kill'; readonly target: FaultTarget } // kill -9, restarted when it ends
  | { readonly kind: 'restart'; readonly target: FaultTarget } // SIGTERM, restarted when it ends
  | { readonly kind: 'pause'; readonly target: FaultTarget } // SIGSTOP, SIGCONT when it ends
  | { readonly kind: 'isolate'; readonly target: FaultTarget } // every link to and from it cut
  | { readonly kind: 'one-way'; readonly from: number; readonly to: number } // one direction cut
  | { readonly kind: 'kill-majority'; readonly targets: readonly [number, number] }; // no quorum

export interface ScheduledFault {
  readonly atMs: number;
  readonly durationMs: number;
  readonly fault: Fault;
}

const KINDS = { kill: 3, restart: 1, pause: 2, isolate: 3, 'one-way': 2, 'kill-majority': 1 } as const;

/**
 * The fault schedule of a run: faults one after another from 1 s until 2 s before the end,
 * each lasting 0.3-4 s with 0.2-2 s of calm in between, drawn from `seed` alone (the same
 * seed and duration always give the same schedule). Half the single-node faults hit the
 * leader of the moment.
 */
export function faultSchedule(seed: number, runMs: number, nodes: number): ScheduledFault[] {
  const random = new Random(seed);
  const ids = Array.from({ length: nodes }, (_, k) => k + 1);
  const target = (): FaultTarget => (random.next() < 0.5 ? 'leader' : random.pick(ids));
  const faults: ScheduledFault[] = [];
  for (let atMs = 1000; ; ) {
    const durationMs = random.int(300, 4000);
    if (atMs + durationMs > runMs - 2000) return faults;
    faults.push({ atMs, durationMs, fault: drawFault(random, ids, target) });
    atMs += durationMs + random.int(200, 2000);
  }
}

function drawFault(random: Random, ids: readonly number[], target: () => FaultTarget): Fault {
  const kind = random.weighted(KINDS);
  switch (kind) {
    case 'one-way': {
      const from = random.pick(ids);
      return { kind, from, to: random.pick(ids.filter((id) => id !== from)) };
    }
    case 'kill-majority': {
      const first = random.pick(ids);
      return { kind, targets: [first, random.pick(ids.filter((id) => id !== first))] };
    }
    default:
      return { kind, target: target() };
  }
}

/** One line describing a fault, for the run's log. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'one-way':
      return `cut link ${fault.from} -> ${fault.to}`;
    case 'kill-majority':
      return `kill -9 nodes ${fault.targets.join(' and ')} (no quorum)`;
    default: {
      const who = fault.target === 'leader' ? 'the leader' : `node ${fault.target}`;
      const verb = { kill: 'kill -9', restart: 'SIGTERM and restart', pause: 'SIGSTOP', isolate: 'isolate' }[fault.kind];
      return `${verb} ${who}`;
    }
  }
}
