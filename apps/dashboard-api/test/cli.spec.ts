import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDashboardCli } from '../src/cli/run-dashboard';
import { FakeCluster } from './fake-cluster.test-util';

const ROOT = join(__dirname, '..', '..', '..');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runDashboardCli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, () => Promise.resolve('SIGTERM'));
  return { code, stdout, stderr };
}

/** `sched-dashboard`: strict flags (exit 2), start failures (exit 1), clean shutdown on SIGTERM / SIGINT (exit 0). */
describe('sched-dashboard', () => {
  const hint = "\nTry 'sched-dashboard --help'.\n";

  it('prints its usage for --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: sched-dashboard [options]');
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['serve'], "unexpected argument 'serve'"],
    [['--port'], "option '--port <value>' argument missing"],
    [['--port', 'abc'], "invalid --port 'abc': expected an integer from 0 to 65535"],
    [['--port', '65536'], "invalid --port '65536': expected an integer from 0 to 65535"],
    [['--port', '1', '--port', '2'], '--port is given more than once'],
    [['--host', 'bad host!'], "invalid --host 'bad host!': expected an IP address or a hostname"],
    [['--nodes', '127.0.0.1:50051'], "--nodes: invalid node URL '127.0.0.1:50051' (expected http://host:port or https://host:port, nothing after the port)"],
    [['--nodes', 'http://a:1,http://a:1'], '--nodes: node URL http://a:1 is listed twice'],
    [['--nodes', ''], "--nodes: invalid node URL '' (expected http://host:port or https://host:port, nothing after the port)"],
    [['--nodes', 'https://a:1'], 'https:// nodes need --ca-cert, --cert and --key'],
    [['--cert', 'c.pem'], '--ca-cert, --cert and --key must be given together'],
    [['--ca-cert', 'a', '--cert', 'b', '--key', 'c'], '--ca-cert, --cert and --key need https:// node URLs'],
    [['--nodes', 'https://a:1', '--ca-cert', '/nonexistent/ca.pem', '--cert', 'b', '--key', 'c'], 'cannot read --ca-cert /nonexistent/ca.pem: ENOENT'],
  ])('refuses %j with exit 2', async (argv, message) => {
    expect(await run(...argv)).toEqual({ code: 2, stdout: '', stderr: `sched-dashboard: ${message}${hint}` });
  });

  it('refuses a file that is not PEM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-dashboard-cli-'));
    const file = join(dir, 'ca.pem');
    writeFileSync(file, 'not a certificate');
    const r = await run('--nodes', 'https://a:1', '--ca-cert', file, '--cert', file, '--key', file);
    rmSync(dir, { recursive: true, force: true });
    expect(r).toMatchObject({ code: 2, stderr: `sched-dashboard: cannot read --ca-cert ${file}: not a PEM file${hint}` });
  });

  it('exits 1 when the port is taken', async () => {
    const first = await run('--port', '0');
    expect(first.code).toBe(0);
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const r = await run('--port', String(port));
    taken.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^sched-dashboard: cannot start on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`));
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('serves until %s, then exits 0', async (signal) => {
    const cluster = await FakeCluster.start(1, 1);
    const child = spawn(process.execPath, ['--conditions=@sched/source', '-r', join(ROOT, 'tools', 'register-ts.cjs'), join(__dirname, '..', 'src', 'main.ts'), '--port', '0', '--nodes', cluster.url(1)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const listening = new Promise<string>((resolve) => child.stdout.on('data', (t: string) => ((stdout += t), /listening on (\S+)/.exec(stdout) && resolve(/listening on (\S+)/.exec(stdout)![1]!))));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const base = await listening;
      expect(await (await fetch(`${base}/health/ready`)).json()).toEqual({ status: 'ok', leader_id: 1 });
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stdout).toContain(`sched-dashboard: ${signal}, shutting down`);
    } finally {
      child.kill('SIGKILL');
      await cluster.close();
    }
  }, 30_000);
});
