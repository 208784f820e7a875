// Lets plain `node` run this workspace's TypeScript (child processes of tests, the crash
// command, the benchmarks, the dev cluster): `.ts` files are compiled on require by @swc/core
// with the settings jest uses (jest.preset.js), so a child runs exactly the source the
// tests run, never a stale dist/. Use with `--conditions=@sched/source` so that workspace
// packages resolve to their src/ as under jest. Compiles only; type-checking is the
// typecheck target's job.
'use strict';
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

process.setSourceMapsEnabled(true);
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
