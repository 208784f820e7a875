// @ts-check
// Argument parsing for the simulator command, strict: every value is validated.
'use strict';
const { parseArgs } = require('node:util');

const FAULT_KINDS = ['drop', 'duplicate', 'reorder', 'partition', 'crash', 'pause', 'transfer', 'snapshot', 'readIndex'];

class UsageError extends Error {
  static usage = [
    'usage: npm run sim -- [--seeds N] [--first S] [--nodes 3,5] [--faults kinds] [--workers W]',
    '       npm run sim -- --seed S [--nodes 3] [--trace] [--faults kinds]',
    `  --faults: comma-separated subset of ${FAULT_KINDS.join(',')} (default: all), or "none"`,
  ].join('\n');
}

function positiveInt(name, text, min) {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${text}'`);
  }
  return Number(text);
}

function parseSimArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        seeds: { type: 'string', default: '1000' },
        first: { type: 'string', default: '1' },
        seed: { type: 'string' },
        nodes: { type: 'string', default: '3,5' },
        faults: { type: 'string' },
        workers: { type: 'string' },
        trace: { type: 'boolean', default: false },
        'trace-length': { type: 'string', default: '200' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  const nodes = String(v.nodes)
    .split(',')
    .map((n) => positiveInt('nodes', n.trim(), 1));
  if (new Set(nodes).size !== nodes.length) throw new UsageError(`--nodes lists a size twice: '${v.nodes}'`);
  let faults;
  let faultsFlag = '';
  if (v.faults !== undefined) {
    const kinds = v.faults === 'none' ? [] : String(v.faults).split(',').map((k) => k.trim());
    for (const k of kinds) if (!FAULT_KINDS.includes(k)) throw new UsageError(`unknown fault kind '${k}' (known: ${FAULT_KINDS.join(', ')})`);
    faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, kinds.includes(k)]));
    faultsFlag = ` --faults ${v.faults}`;
  }
  return {
    help: v.help,
    seeds: positiveInt('seeds', String(v.seeds), 1),
    first: positiveInt('first', String(v.first), 0),
    seed: v.seed === undefined ? undefined : positiveInt('seed', v.seed, 0),
    nodes,
    faults,
    faultsFlag,
    workers: v.workers === undefined ? undefined : positiveInt('workers', v.workers, 1),
    printTrace: v.trace,
    traceLength: positiveInt('trace-length', String(v['trace-length']), 1),
  };
}

module.exports = { parseSimArgs, UsageError, FAULT_KINDS };
