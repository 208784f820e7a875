import { makeTempDir, removeDir } from '../../src/temp-dir.test-util';
import { runCrashRounds } from './crash-rounds';

// The storage crash test inside `npm test`: 50 kill -9 rounds (more with
// `npm run crash -w @sched/storage -- --rounds 500`). See crash-rounds.ts for the checks.
test('the Raft log survives kill -9 at random moments: 50 rounds', async () => {
  const dir = makeTempDir('sched-crash-');
  const seed = Date.now() >>> 0;
  try {
    const stats = await runCrashRounds({ rounds: 50, seed, dir });
    expect(stats.rounds).toBe(50);
    expect(stats.reportedOps).toBeGreaterThan(0);
  } finally {
    removeDir(dir);
  }
}, 120_000);
