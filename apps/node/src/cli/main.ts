import { runCli } from './run-cli';

/** Process entry of `sched` (bin/sched.js): runs the CLI, then exits with its code. */
async function main(): Promise<void> {
  // `sched job list | head -1`: a closed pipe ends the output, not the process with a trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
  // Exit once both streams have flushed, even if a library left a handle open.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

void main();
