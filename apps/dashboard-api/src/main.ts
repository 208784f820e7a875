/**
 * Entry point of the `sched-dashboard` binary (bin/sched-dashboard.js): runs the gateway
 * until SIGTERM or SIGINT, then shuts it down cleanly and exits with runDashboardCli's status.
 */
import { runDashboardCli } from './cli/run-dashboard';

const stopped = () =>
  new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });

void runDashboardCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }, stopped).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sched-dashboard: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
