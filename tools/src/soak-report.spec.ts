import { everyNth, markdownTable, SAMPLE_HEADER, sampleLine, slopePer100kJobs } from '../soak/report';
import { activeJobs, evictedJobs, finishedJobs, type Sample } from '../soak/sample';

const MiB = 2 ** 20;

const base: Sample = {
  phase: 'steady',
  elapsedS: 120.4,
  submitted: 18_000,
  acknowledged: 17_990,
  failedSubmits: 0,
  behind: 0,
  table: 3_100,
  pending: 12,
  running: 8,
  failedJobs: 0,
  logEntries: 1_420,
  commitIndex: 54_000,
  rssBytes: [182.04 * MiB, 150 * MiB, null],
  diskBytes: [13 * MiB, 12.96 * MiB, 0],
  submitP50Ms: 14.2,
  submitP99Ms: 41.07,
};

describe('soak report', () => {
  it('derives finished and evicted jobs from the acknowledgements and the table', () => {
    expect(activeJobs(base)).toBe(20);
    expect(finishedJobs(base)).toBe(17_970);
    expect(evictedJobs(base)).toBe(14_890);
    expect(finishedJobs({ ...base, pending: null })).toBeNull();
    expect(evictedJobs({ ...base, table: 20_000 })).toBe(0);
  });

  it('prints one line per sample in the header order, ? for what is unknown', () => {
    expect(SAMPLE_HEADER.split(/\s+/)).toHaveLength(14);
    expect(sampleLine(base)).toBe('120  steady  18000  17990  0  17970  14890  3100  12  8  1420  182.0/150.0/?  13.0/13.0/0.0  14.2/41.07');
    expect(sampleLine({ ...base, table: null, pending: null, submitP50Ms: null, submitP99Ms: null })).toBe(
      '120  steady  18000  17990  0  ?  ?  ?  ?  8  1420  182.0/150.0/?  13.0/13.0/0.0  -/-',
    );
  });

  it('picks about n rows spread over the run, always with the first and the last', () => {
    const items = Array.from({ length: 10 }, (_, k) => k);
    expect(everyNth(items, 20)).toEqual(items);
    expect(everyNth(items, 4)).toEqual([0, 3, 6, 9]);
    expect(everyNth(items, 3)).toEqual([0, 5, 9]);
    expect(everyNth(Array.from({ length: 221 }, (_, k) => k), 20)).toHaveLength(20);
  });

  it('renders a Markdown table', () => {
    expect(markdownTable([base]).split('\n')).toEqual([
      '| elapsed (s) | phase | acknowledged | finished | evicted | in table | Raft log | RSS MiB (n1/n2/n3) | data dir MiB (n1/n2/n3) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| 120 | steady | 17990 | 17970 | 14890 | 3100 | 1420 | 182.0 / 150.0 / ? | 13.0 / 13.0 / 0.0 |',
    ]);
  });

  it('fits the growth per 100k jobs by least squares, null without two usable points', () => {
    const at = (acknowledged: number, rss: number): Sample => ({ ...base, acknowledged, rssBytes: [rss] });
    const line = [at(0, 100), at(50_000, 105), at(100_000, 110)];
    expect(slopePer100kJobs(line, (s) => s.rssBytes[0] ?? null)).toBeCloseTo(10, 10);
    expect(slopePer100kJobs([at(0, 100)], (s) => s.rssBytes[0] ?? null)).toBeNull();
    expect(slopePer100kJobs([at(5, 100), at(5, 120)], (s) => s.rssBytes[0] ?? null)).toBeNull();
    expect(slopePer100kJobs(line, () => null)).toBeNull();
  });
});
