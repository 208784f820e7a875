import type { Availability } from './availability';
import type { Executor } from './executor';
import { BWRAP_MISSING, type SandboxProbe } from './sandbox-probe';
import { ExecutorUnavailableError, selectExecutor, type ExecutorProbes } from './select-executor';

const UP: Availability = { available: true };
const NO_DAEMON: Availability = { available: false, reason: 'Docker daemon unreachable', detail: 'Cannot connect to the Docker daemon' };
const SANDBOX: Executor = { kind: 'sandbox', summary: 'fake sandbox', run: () => Promise.reject(new Error('not run in these tests')) };
const SANDBOX_WORKS: SandboxProbe = { available: true, executor: SANDBOX };
const NO_BWRAP: SandboxProbe = { available: false, reason: BWRAP_MISSING };
const BROKEN_BWRAP: SandboxProbe = { available: false, reason: 'bubblewrap does not work here', detail: 'bwrap: setting up uid map: Permission denied' };

function probes(docker: Availability, sandbox: SandboxProbe): ExecutorProbes & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    docker: () => {
      asked.push('docker');
      return Promise.resolve(docker);
    },
    sandbox: () => {
      asked.push('sandbox');
      return Promise.resolve(sandbox);
    },
  };
}

describe('selectExecutor', () => {
  it('default: docker when a daemon answers; it advertises docker only', async () => {
    const host = probes(UP, SANDBOX_WORKS);
    const selected = await selectExecutor(undefined, {}, host);
    expect(selected).toMatchObject({ advertises: ['docker'], reason: 'default: a Docker daemon is reachable' });
    expect(selected.executor.kind).toBe('docker');
    expect(host.asked).toEqual(['docker']);
  });

  it('default: sandbox when no daemon answers and bubblewrap works', async () => {
    const selected = await selectExecutor(undefined, {}, probes(NO_DAEMON, SANDBOX_WORKS));
    expect(selected).toMatchObject({ advertises: ['sandbox'], reason: 'default: no Docker daemon reachable, bubblewrap works' });
    expect(selected.executor).toBe(SANDBOX);
  });

  it('default: refuses when neither is available, never falling back to exec', async () => {
    await expect(selectExecutor(undefined, {}, probes(NO_DAEMON, NO_BWRAP))).rejects.toThrow(
      new ExecutorUnavailableError('no executor available: Docker daemon unreachable and bubblewrap not installed; install bubblewrap or pass --executor exec (no isolation)'),
    );
    await expect(selectExecutor(undefined, {}, probes(NO_DAEMON, BROKEN_BWRAP))).rejects.toThrow(
      'no executor available: Docker daemon unreachable and bubblewrap does not work here (bwrap: setting up uid map: Permission denied); fix bubblewrap or pass --executor exec (no isolation)',
    );
  });

  it('exec only when asked for, without probing', async () => {
    const host = probes(UP, SANDBOX_WORKS);
    const selected = await selectExecutor('exec', {}, host);
    expect(selected).toMatchObject({ advertises: ['exec'], reason: '--executor exec (no isolation)' });
    expect(selected.executor.kind).toBe('exec');
    expect(host.asked).toEqual([]);
  });

  it('an explicit executor that is unavailable is a startup error saying why', async () => {
    await expect(selectExecutor('docker', {}, probes(NO_DAEMON, SANDBOX_WORKS))).rejects.toThrow(
      new ExecutorUnavailableError('--executor docker: Docker daemon unreachable (Cannot connect to the Docker daemon)'),
    );
    await expect(selectExecutor('sandbox', {}, probes(UP, NO_BWRAP))).rejects.toThrow(new ExecutorUnavailableError('--executor sandbox: bubblewrap not installed'));
  });

  it('an explicit executor that is available is used, even if docker would be the default', async () => {
    expect((await selectExecutor('sandbox', {}, probes(UP, SANDBOX_WORKS))).advertises).toEqual(['sandbox']);
    expect((await selectExecutor('docker', {}, probes(UP, NO_BWRAP))).advertises).toEqual(['docker']);
  });

  it('on this host (real probes): docker if a daemon answers, else the sandbox (bubblewrap is a test prerequisite)', async () => {
    const selected = await selectExecutor(undefined, {});
    expect(['docker', 'sandbox']).toContain(selected.executor.kind);
    expect(selected.advertises).toEqual([selected.executor.kind]);
  });
});
