#!/usr/bin/env node
// `npm start`: will start a local three-node cluster with the dashboard, on embedded
// defaults. The node app (`sched server`) does not exist yet; say so plainly.
'use strict';
process.stderr.write(
  'sched: the local cluster is not available yet. The node app (`sched server`) and the\n' +
    'dashboard are still being built (see README.md, "Status"). What runs today:\n' +
    '  npm test               build, type-check and test every project\n' +
    '  npm run sim -- --seeds 10000 --nodes 3,5   the Raft cluster simulator\n',
);
process.exitCode = 1;
