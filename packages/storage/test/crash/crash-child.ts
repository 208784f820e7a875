// The crash test's child: opens the Raft log at argv[2] and writes random batches until it
// is killed. Protocol on stdout, one line each, written synchronously (fs.writeSync) so
// that no line can trail behind the write it describes:
//   "R"                  the log is open (recovery done);
//   "I <seq> <op JSON>"  about to apply op <seq>;
//   "D <seq>"            op <seq> returned: it is durable.
import { writeSync } from 'node:fs';
import { SeededRng } from '@sched/raft';
import { SqliteStorage } from '@sched/storage';
import { applyOp, CRASH_CONF, nextOp } from './crash-ops';

const [file, seed] = [process.argv[2]!, Number(process.argv[3])];
const store = SqliteStorage.open(file, CRASH_CONF);
const rng = new SeededRng(seed);
writeSync(1, 'R\n');
for (let seq = 0; ; seq++) {
  const op = nextOp(store, rng);
  writeSync(1, `I ${seq} ${JSON.stringify(op)}\n`);
  applyOp(store, op);
  writeSync(1, `D ${seq}\n`);
}
