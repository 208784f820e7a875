// `npm run crash -w @sched/storage -- [--rounds N] [--seed S] [--dir D]`: the crash test
// of crash-rounds.ts with as many rounds as wanted; prints progress and the totals.
import { parseArgs } from 'node:util';
import { makeTempDir, removeDir } from '../../src/temp-dir.test-util';
import { runCrashRounds } from './crash-rounds';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '500' }, seed: { type: 'string' }, dir: { type: 'string' } },
});
const rounds = Number(values.rounds);
const seed = values.seed === undefined ? Date.now() >>> 0 : Number(values.seed);
const dir = values.dir ?? makeTempDir('sched-crash-');

const started = Date.now();
console.log(`crash test: ${rounds} rounds, seed ${seed}, log in ${dir}`);
runCrashRounds({
  rounds,
  seed,
  dir,
  onRound: (round, stats) => {
    if (round % 50 === 0) console.log(`  round ${round}: ${stats.reportedOps} ops reported, last index ${stats.lastIndex}`);
  },
})
  .then((stats) => {
    console.log(`ok: ${stats.rounds} kills in ${((Date.now() - started) / 1000).toFixed(1)} s, all verified`);
    console.log(`  ops reported durable: ${stats.reportedOps}`);
    console.log(`  killed with an op in flight: ${stats.killedInFlight} (found applied: ${stats.inFlightApplied}, absent: ${stats.killedInFlight - stats.inFlightApplied})`);
    console.log(`  killed during start-up or recovery: ${stats.killedDuringOpen}`);
    console.log(`  final log: last index ${stats.lastIndex}, hard state ${JSON.stringify(stats.hardState)}`);
    if (values.dir === undefined) removeDir(dir);
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    console.error(`the log is kept in ${dir}`);
    process.exitCode = 1;
  });
