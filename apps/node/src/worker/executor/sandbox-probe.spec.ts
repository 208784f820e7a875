import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOB_PATH } from './job-env';
import { BWRAP_MISSING, probeSandbox } from './sandbox-probe';

describe('probeSandbox', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sched-probe-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('bwrap not on PATH: not installed', async () => {
    expect(await probeSandbox({}, dir, false, 3000)).toEqual({ available: false, reason: BWRAP_MISSING });
  });

  it('bwrap installed but failing: does not work here, with what it said', async () => {
    writeFileSync(join(dir, 'bwrap'), '#!/bin/sh\necho "bwrap: setting up uid map: Permission denied" >&2\nexit 1\n');
    chmodSync(join(dir, 'bwrap'), 0o755);
    expect(await probeSandbox({}, dir, false, 3000)).toEqual({
      available: false,
      reason: 'bubblewrap does not work here',
      detail: 'bwrap: setting up uid map: Permission denied',
    });
  });

  it("this host's bubblewrap runs a job (a test prerequisite)", async () => {
    const probe = await probeSandbox({}, process.env['PATH'] ?? JOB_PATH, process.getuid?.() === 0, 3000);
    expect(probe.available && probe.executor.kind).toBe('sandbox');
  });
});
