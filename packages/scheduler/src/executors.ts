import { DOCKER_EXECUTOR } from './limits';
import type { Worker } from './job';

/** The executor list as the table stores it: sorted (by UTF-16 code units), no duplicates. */
export function normalizeExecutors(executors: readonly string[]): string[] {
  return [...new Set(executors)].sort();
}

/** Whether two normalized executor lists are equal. */
export function sameExecutors(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** Jobs that name an image run only on workers that advertise the docker executor. */
export function runsImages(worker: Pick<Worker, 'executors'>): boolean {
  return worker.executors.includes(DOCKER_EXECUTOR);
}
