import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './workspace.test-util';
import { eventually } from '../harness/eventually';

jest.setTimeout(90_000);

/**
 * A base port with the next five free too (checked by binding all six): three gRPC ports,
 * then three dashboard ports. Drawn below the kernel's ephemeral range (32768 and up on
 * Linux), which the other tests' servers and outgoing connections draw from meanwhile.
 */
async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ok = await Promise.all([0, 1, 2, 3, 4, 5].map((k) => canBind(base + k)));
    if (ok.every(Boolean)) return base;
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** `npm start` (tools/dev-cluster.js) as a newcomer runs it: a cluster and its dashboard, then Ctrl-C. */
describe('npm start', () => {
  it('brings up three nodes and the dashboard, runs a job, and stops cleanly on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sched-dev-'));
    const grpc = await freeBase();
    const dashboard = grpc + 3;
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'dev-cluster.js')], {
      env: { ...process.env, SCHED_DEV_GRPC_PORT: String(grpc), SCHED_DEV_DASHBOARD_PORT: String(dashboard), SCHED_DEV_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const api = `http://127.0.0.1:${dashboard}`;
      const cluster = await eventually(async () => {
        const c = (await (await fetch(`${api}/api/cluster`)).json()) as { leader_id: number | null; nodes: { is_alive: boolean }[] };
        return c.leader_id !== null && c.nodes.length === 3 && c.nodes.every((n) => n.is_alive) ? c : undefined;
      }, 60_000, 200);
      expect(cluster.nodes).toHaveLength(3);
      expect((await fetch(`${api}/`)).headers.get('content-type')).toContain('text/html');
      const submitted = (await (
        await fetch(`${api}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: 'echo hello' }) })
      ).json()) as { success: boolean; job_id: string };
      expect(submitted.success).toBe(true);
      const job = await eventually(async () => {
        const j = (await (await fetch(`${api}/api/jobs/${submitted.job_id}`)).json()) as { status: string; output: string | null };
        return j.status === 'completed' ? j : undefined;
      }, 30_000, 200);
      expect(job.output).toBe('hello\n');
      expect(stdout).toContain(`dashboard: ${api}`);
    } finally {
      child.kill('SIGINT');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      expect(code).toBe(0);
    }
  });
});
