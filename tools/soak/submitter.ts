import { submitOnce } from '../bench/submit-load';
import type { ClusterClient } from '../harness/cluster-client';
import { elapsedMs } from '../harness/stats';
import { submitsDue, submitsToStart, TICK_MS } from './pacing';

export interface SubmitterOptions {
  readonly total: number;
  readonly ratePerS: number;
  readonly maxInFlight: number;
  readonly command: (sequence: number) => string;
}

/** Where the submits stand: read by the sampler while the run goes on. */
export interface SubmitProgress {
  readonly started: number;
  readonly acknowledged: number;
  /** Submits that failed after all their retries (30 s, idempotency key). */
  readonly failed: number;
  readonly inFlight: number;
  /** Submits due by now and not started, held back by the in-flight cap. */
  readonly behind: number;
  readonly maxBehind: number;
  /** The first few failures, for the report. */
  readonly errors: readonly string[];
}

/**
 * Open-loop submits of `total` jobs at `ratePerS`: every TICK_MS it starts the submits that
 * are due (see pacing.ts), each with its own idempotency key and retried on the leader
 * (submitOnce), at most `maxInFlight` at once. Latencies of acknowledged submits are kept
 * per sampling window (takeLatencies), not for the whole run.
 */
export class PacedSubmitter {
  private started = 0;
  private acknowledged = 0;
  private failed = 0;
  private inFlight = 0;
  private behind = 0;
  private maxBehind = 0;
  private readonly errors: string[] = [];
  private latencies: number[] = [];

  constructor(
    private readonly client: ClusterClient,
    private readonly options: SubmitterOptions,
  ) {}

  progress(): SubmitProgress {
    const { started, acknowledged, failed, inFlight, behind, maxBehind, errors } = this;
    return { started, acknowledged, failed, inFlight, behind, maxBehind, errors: [...errors] };
  }

  /** Latencies (ms) of the submits acknowledged since the last call. */
  takeLatencies(): number[] {
    const taken = this.latencies;
    this.latencies = [];
    return taken;
  }

  /** Submits everything; resolves once every submit has been answered. */
  run(): Promise<void> {
    const { total, ratePerS, maxInFlight } = this.options;
    const start = process.hrtime.bigint();
    return new Promise((resolve) => {
      const settle = () => {
        if (this.started === total && this.inFlight === 0) resolve();
      };
      const timer = setInterval(() => {
        const due = submitsDue(elapsedMs(start), ratePerS, total);
        const count = submitsToStart(due, this.started, this.inFlight, maxInFlight);
        for (let k = 0; k < count; k++) this.submit(settle);
        this.behind = due - this.started;
        this.maxBehind = Math.max(this.maxBehind, this.behind);
        if (this.started === total) {
          clearInterval(timer);
          settle();
        }
      }, TICK_MS);
    });
  }

  private submit(settle: () => void): void {
    const sequence = this.started++;
    this.inFlight++;
    const t0 = process.hrtime.bigint();
    const fail = (message: string) => {
      this.failed++;
      if (this.errors.length < 5) this.errors.push(`submit ${sequence}: ${message}`);
    };
    submitOnce(this.client, this.options.command(sequence))
      .then(
        (outcome) => {
          if (!outcome.ok) return fail(`${outcome.error.message} (after ${outcome.tries} tries)`);
          this.acknowledged++;
          this.latencies.push(elapsedMs(t0));
        },
        (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
      )
      .finally(() => {
        this.inFlight--;
        settle();
      });
  }
}
