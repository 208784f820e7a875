import { submitsDue, submitsToStart, TICK_MS } from '../soak/pacing';

describe('soak pacing (open loop)', () => {
  it('makes submits due at a steady rate from the start, capped at the total', () => {
    expect(submitsDue(0, 150, 1000)).toBe(0);
    expect(submitsDue(-5, 150, 1000)).toBe(0);
    expect(submitsDue(TICK_MS, 150, 1000)).toBe(15);
    expect(submitsDue(1000, 150, 1000)).toBe(150);
    expect(submitsDue(1234, 150, 1000)).toBe(185);
    expect(submitsDue(60_000, 150, 1000)).toBe(1000);
  });

  it('does not drift: ticks that fire late catch up on what fell due meanwhile', () => {
    let started = 0;
    for (const elapsed of [100, 250, 260, 900, 1000]) started += submitsToStart(submitsDue(elapsed, 100, 1e6), started, 0, 1000);
    expect(started).toBe(100);
  });

  it('at a slow rate, starts one submit per due slot, not one per tick', () => {
    const started: number[] = [];
    let total = 0;
    for (let t = TICK_MS; t <= 2000; t += TICK_MS) {
      const n = submitsToStart(submitsDue(t, 3, 100), total, 0, 10);
      total += n;
      if (n > 0) started.push(t);
    }
    expect(total).toBe(6);
    expect(started).toEqual([400, 700, 1000, 1400, 1700, 2000]);
  });

  it('holds back what the in-flight cap has no room for, and never starts a negative count', () => {
    expect(submitsToStart(50, 10, 0, 256)).toBe(40);
    expect(submitsToStart(50, 10, 250, 256)).toBe(6);
    expect(submitsToStart(50, 10, 256, 256)).toBe(0);
    expect(submitsToStart(50, 50, 0, 256)).toBe(0);
    expect(submitsToStart(50, 10, 300, 256)).toBe(0);
  });
});
