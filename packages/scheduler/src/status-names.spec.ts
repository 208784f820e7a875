import { JobStatus } from '@sched/rpc/gen';
import { STATUS_NAMES, isKnownStatus, parseStatusName, statusLabel, statusName } from './status-names';

describe('status names', () => {
  it('names the five statuses in lowercase, in enum order', () => {
    expect([1, 2, 3, 4, 5].map(statusName)).toEqual([...STATUS_NAMES]);
    expect(statusName(JobStatus.UNSPECIFIED)).toBe('unknown');
  });

  it('labels them in uppercase for the CLI, UNKNOWN otherwise', () => {
    expect([0, 1, 5, 9].map(statusLabel)).toEqual(['UNKNOWN', 'PENDING', 'CANCELLED', 'UNKNOWN']);
  });

  it('parses names case-insensitively', () => {
    expect(parseStatusName('Running')).toBe(JobStatus.RUNNING);
    expect(parseStatusName('CANCELLED')).toBe(JobStatus.CANCELLED);
    expect(parseStatusName('unknown')).toBeUndefined();
    expect(parseStatusName('canceled')).toBeUndefined();
  });

  it('knows only the five real statuses', () => {
    expect([0, 1, 5, 6, -1].map(isKnownStatus)).toEqual([false, true, true, false, false]);
  });
});
