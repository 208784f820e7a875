/** Milliseconds `run` takes, measured `reps` times; sorted ascending. */
export function timeRuns(reps: number, run: (rep: number) => void): number[] {
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const start = performance.now();
    run(rep);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** The value at percentile `p` of ascending `sorted` (nearest rank). */
export function at(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
