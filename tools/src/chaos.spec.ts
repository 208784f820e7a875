import { spawn } from 'node:child_process';
import { join } from 'node:path';

// The chaos command as CI runs it: 30 s of seeded faults on three real node processes with
// concurrent clients, then the end-of-run checks (tools/chaos/checks.ts). The seed is fixed
// so that CI always draws the same fault schedule; `npm run chaos` draws a new one each time.
jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..');
const CHAOS_SEED = 20261201;

function chaos(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=@sched/source', '-r', join(ROOT, 'tools', 'register-ts.cjs'), join(ROOT, 'tools', 'chaos', 'main.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run chaos', () => {
  it('refuses a run shorter than 10 s, naming the flag (exit 2)', async () => {
    const run = await chaos('--duration', '5');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--duration: expected an integer from 10 to 86400, got '5'");
  });

  it(`passes every check after 30 s of faults (seed ${CHAOS_SEED})`, async () => {
    const run = await chaos('--duration', '30', '--seed', String(CHAOS_SEED));
    if (run.code !== 0) process.stderr.write(`chaos output:\n${run.stdout}\n${run.stderr}\n`);
    expect(run.stdout).toContain(`PASS seed ${CHAOS_SEED}`);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(summary['faults']).toBeGreaterThan(3);
    expect(summary['acknowledged']).toBeGreaterThan(50);
    expect(summary['violations']).toBe(0);
  });
});
