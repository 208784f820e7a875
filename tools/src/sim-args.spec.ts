// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseSimArgs, UsageError } = require('../sim/args') as {
  parseSimArgs(argv: string[]): Record<string, unknown>;
  UsageError: new (message: string) => Error;
};

describe('npm run sim arguments', () => {
  it('defaults to 1000 seeds on 3- and 5-node clusters with every fault kind', () => {
    expect(parseSimArgs([])).toMatchObject({ seeds: 1000, first: 1, nodes: [3, 5], faults: undefined, seed: undefined });
  });

  it('takes a seed to replay, a fault subset and cluster sizes', () => {
    const args = parseSimArgs(['--seed', '17', '--nodes', '7', '--faults', 'drop,crash']);
    expect(args).toMatchObject({ seed: 17, nodes: [7] });
    expect(args['faults']).toMatchObject({ drop: true, crash: true, partition: false });
  });

  it.each([
    [['--seeds', '0'], '--seeds must be an integer >= 1'],
    [['--seeds=-3'], '--seeds must be an integer >= 1'],
    [['--seeds', '1e3'], '--seeds must be an integer >= 1'],
    [['--nodes', '3,,5'], '--nodes must be an integer >= 1'],
    [['--nodes', '3,3'], 'lists a size twice'],
    [['--faults', 'meteor'], "unknown fault kind 'meteor'"],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseSimArgs(argv)).toThrow(UsageError);
    expect(() => parseSimArgs(argv)).toThrow(message);
  });
});
