import { sched } from './run-cli.test-util';

// Parsing, help and usage errors: nothing here reaches a server (the addresses used refuse
// connections or are never dialled).

describe('help and version', () => {
  it('--version prints `sched 0.1.0`, also on subcommands', async () => {
    expect(await sched('--version')).toEqual({ code: 0, stdout: 'sched 0.1.0\n', stderr: '' });
    expect((await sched('job', '--version')).stdout).toBe('sched 0.1.0\n');
  });

  it('--help prints the command tree on stdout', async () => {
    const run = await sched('--help');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Usage: sched [options] <command>');
    expect(run.stdout).toContain('A distributed job scheduler with Raft consensus');
    for (const group of ['job', 'cluster', 'log']) expect(run.stdout).toMatch(new RegExp(`^  ${group} `, 'm'));
  });

  it.each([
    [['job', '--help'], ['-a, --addr <ADDR>', 'http://127.0.0.1:50051', '--ca-cert <CA_CERT>', '--cert <CERT>', '--key <KEY>', '-o, --output <OUTPUT>', 'submit', 'status', 'cancel', 'list']],
    [['job', 'submit', '--help'], ['<COMMAND>', '--image <IMAGE>', '--idempotency-key <KEY>']],
    [['job', 'status', '--help'], ['<JOB_ID>']],
    [['job', 'cancel', '--help'], ['<JOB_ID>']],
    [['job', 'list', '--help'], ['-s, --stream', '--page-size <PAGE_SIZE>', '(default: 100)', '--all', '--status <STATUS>', '--worker <WORKER_ID>', '--command-substr <SUBSTR>', '--created-after-ms <MS>', '--created-before-ms <MS>']],
    [['cluster', '--help'], ['status', 'transfer-leader', 'drain', 'undrain']],
    [['cluster', 'status', '--help'], ['Get cluster status']],
    [['cluster', 'transfer-leader', '--help'], ['--to <TO>']],
    [['cluster', 'drain', '--help'], ['Drain this node']],
    [['cluster', 'undrain', '--help'], ['Undrain this node']],
    [['log', '--help'], ['list']],
    [['log', 'list', '--help'], ['--start-index <START_INDEX>', '--limit <LIMIT>']],
    [['help', 'job'], ['Job management commands']],
  ])('sched %j', async (args, fragments) => {
    const run = await sched(...args);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const fragment of fragments) expect(run.stdout).toContain(fragment);
  });
});

describe('usage errors exit 2 with a clear message and no stack trace', () => {
  it.each([
    [['job', '-o', 'xml', 'list'], "error: option '-o, --output <OUTPUT>' argument 'xml' is invalid. Allowed choices are table, json."],
    [['job', 'list', '--bogus'], "error: unknown option '--bogus'"],
    [['job', 'submit'], "error: missing required argument 'COMMAND'"],
    [['job', 'status', 'a', 'b'], "error: too many arguments for 'status'. Expected 1 argument but got 2."],
    [['bogus'], "error: unknown command 'bogus'"],
    [['job', 'frobnicate'], "error: unknown command 'frobnicate'"],
    // Client options belong between the group word and the leaf, as in nomad-lite.
    [['-a', 'http://127.0.0.1:1', 'job', 'submit', 'x'], "error: unknown option '-a'"],
    [['job', 'submit', 'x', '-a', 'http://127.0.0.1:1'], "error: unknown option '-a'"],
    [['job', 'list', '--page-size', 'ten'], "error: option '--page-size <PAGE_SIZE>' argument 'ten' is invalid. Expected an integer from 0 to 4294967295."],
    [['job', 'list', '--page-size', '4294967296'], 'argument \'4294967296\' is invalid'],
    [['job', 'list', '--worker', '-1'], "error: option '--worker <WORKER_ID>' argument '-1' is invalid. Expected an integer from 0 to 18446744073709551615."],
    [['job', 'list', '--created-after-ms', '1.5'], "error: option '--created-after-ms <MS>' argument '1.5' is invalid."],
    [['log', 'list', '--limit', 'x'], "error: option '--limit <LIMIT>' argument 'x' is invalid."],
    [['cluster', 'transfer-leader', '--to', 'two'], "error: option '--to <TO>' argument 'two' is invalid."],
    [['job', '-a', '127.0.0.1:50051', 'status', 'x'], "error: option '-a, --addr <ADDR>' argument '127.0.0.1:50051' is invalid. Expected a URL such as http://127.0.0.1:50051 or https://node1:50051."],
    [['job', '-a', 'ftp://h:1', 'status', 'x'], "error: option '-a, --addr <ADDR>' argument 'ftp://h:1' is invalid."],
    [['job', '--cert', 'c.pem', '-a', 'https://127.0.0.1:1', 'status', 'x'], 'error: --cert and --key must be given together'],
    [['job', '--ca-cert', 'ca.pem', 'status', 'x'], "error: --ca-cert, --cert and --key need an https:// address, got 'http://127.0.0.1:50051'"],
  ])('sched %j', async (args, message) => {
    const run = await sched(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("For more information, try '--help'.");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a group or the program without a subcommand prints its help on stderr, exit 2', async () => {
    for (const args of [[], ['job'], ['cluster', '-o', 'json'], ['log']]) {
      const run = await sched(...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Usage: sched');
    }
  });
});

describe('handled failures exit 1', () => {
  it('an unknown --status is refused with nomad-lite\'s message before connecting', async () => {
    expect(await sched('job', '-a', 'http://127.0.0.1:1', 'list', '--status', 'Bogus')).toEqual({
      code: 1,
      stdout: '',
      stderr: "Error: Unknown status 'bogus'. Valid values: pending, running, completed, failed, cancelled\n",
    });
  });

  it('an unreadable certificate file names the flag and the reason', async () => {
    expect(await sched('job', '-a', 'https://127.0.0.1:1', '--ca-cert', '/nonexistent/ca.crt', 'status', 'x')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: cannot read --ca-cert /nonexistent/ca.crt: no such file or directory\n',
    });
    const notPem = await sched('job', '-a', 'https://127.0.0.1:1', '--cert', __filename, '--key', __filename, 'status', 'x');
    expect(notPem).toEqual({ code: 1, stdout: '', stderr: `Error: cannot read --cert ${__filename}: not a PEM file\n` });
  });
});
