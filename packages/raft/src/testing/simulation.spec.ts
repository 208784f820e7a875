import { runSimulation, type SimulationResult } from './index';

/** The CI seed budget: every fault kind on, 3- and 5-node clusters. `npm run sim` runs more. */
const SEEDS = 300;

function report(r: SimulationResult): string {
  return `seed ${r.seed} (${r.nodes} nodes): ${r.violations.join('; ')}\n${r.trace.slice(-30).join('\n')}\nreplay: npm run sim -- --seed ${r.seed} --nodes ${r.nodes}`;
}

describe('the seeded cluster simulation', () => {
  for (const nodes of [3, 5]) {
    it(`keeps every safety invariant and heals, over ${SEEDS} seeds of a ${nodes}-node cluster`, () => {
      const failures: string[] = [];
      let applied = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const result = runSimulation({ seed, nodes });
        applied += result.stats.applied;
        if (result.violations.length > 0) failures.push(report(result));
      }
      expect(failures).toEqual([]);
      // The runs did real work: on average dozens of entries committed per run despite the faults.
      expect(applied / SEEDS).toBeGreaterThan(20);
    });
  }

  it('replays a seed identically', () => {
    const a = runSimulation({ seed: 4242, nodes: 5, traceLength: 2000 });
    const b = runSimulation({ seed: 4242, nodes: 5, traceLength: 2000 });
    expect(b.trace).toEqual(a.trace);
    expect(b.stats).toEqual(a.stats);
  });

  it('different seeds take different paths', () => {
    const a = runSimulation({ seed: 1, nodes: 3 });
    const b = runSimulation({ seed: 2, nodes: 3 });
    expect(b.trace).not.toEqual(a.trace);
  });
});
