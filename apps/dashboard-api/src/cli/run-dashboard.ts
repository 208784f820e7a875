import { readFile } from 'node:fs/promises';
import type { TlsMaterial } from '@sched/rpc';
import { createDashboard } from '../create-dashboard';
import { type DashboardFlags, FlagError, parseDashboardFlags, USAGE } from './dashboard-flags';

export interface CliStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * `sched-dashboard [flags]`: runs a gateway until `stopped` resolves (SIGTERM / SIGINT in
 * main.ts), then closes it and returns the exit status: 0 after a clean stop (or --help),
 * 2 for a bad command line or unreadable TLS files (with the reason and a hint on stderr),
 * 1 when the gateway cannot start (e.g. the port is taken).
 */
export async function runDashboardCli(argv: readonly string[], io: CliStreams, stopped: () => Promise<string>): Promise<number> {
  let flags: DashboardFlags | 'help';
  let tls: TlsMaterial | undefined;
  try {
    flags = parseDashboardFlags(argv);
    if (flags === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    tls = flags.tlsFiles === undefined ? undefined : await readTls(flags.tlsFiles);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    io.stderr.write(`sched-dashboard: ${error.message}\nTry 'sched-dashboard --help'.\n`);
    return 2;
  }
  let dashboard;
  try {
    dashboard = await createDashboard({ nodes: flags.nodes, tls, host: flags.host, port: flags.port });
  } catch (error) {
    io.stderr.write(`sched-dashboard: cannot start on ${flags.host}:${flags.port}: ${(error as Error).message}\n`);
    return 1;
  }
  const shown = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  io.stdout.write(`sched-dashboard listening on http://${shown}:${dashboard.port} (nodes ${flags.nodes.join(',')})\n`);
  const signal = await stopped();
  io.stdout.write(`sched-dashboard: ${signal}, shutting down\n`);
  await dashboard.close();
  return 0;
}

async function readTls(files: NonNullable<DashboardFlags['tlsFiles']>): Promise<TlsMaterial> {
  return { ca: await readPem('--ca-cert', files.caCert), cert: await readPem('--cert', files.cert), key: await readPem('--key', files.key) };
}

async function readPem(flag: string, path: string): Promise<Buffer> {
  let contents: Buffer;
  try {
    contents = await readFile(path);
  } catch (error) {
    throw new FlagError(`cannot read ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!contents.includes('-----BEGIN ')) throw new FlagError(`cannot read ${flag} ${path}: not a PEM file`);
  return contents;
}
