import { type Command, Option } from 'commander';
import type { JobInfo, JobStatus } from '@sched/rpc/gen';
import { parseI64, parseU32, parseU64 } from '../args/numbers';
import { parseStatusFilter } from '../args/status-filter';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { SchedulerClient } from '../connect';
import type { CliContext } from '../context';
import { errorMessage } from '../errors';
import { ExitCode, type CliIo } from '../io';
import { type JobListing, jobListJson, jobListTable } from '../output/job-list';
import { writeResult } from '../output/write';
import type { Session } from '../session';

/** What `job list` asks for (REF §1.6); absent filters are undefined. */
export interface JobListQuery {
  readonly stream: boolean;
  readonly pageSize: number;
  readonly all: boolean;
  readonly status: JobStatus;
  readonly worker: bigint | undefined;
  readonly commandSubstr: string | undefined;
  readonly createdAfterMs: bigint | undefined;
  readonly createdBeforeMs: bigint | undefined;
  readonly consistent: boolean;
}

const STREAM_WARNING =
  'Warning: --stream only supports --status; --worker, --command-substr, and time filters are ignored';

/** `sched job list [filters]`: paginated ListJobs, or StreamJobs with `--stream`. */
export function listCommand(context: CliContext): Command {
  return newCommand('list', 'List all jobs', context)
    .addOption(new Option('-s, --stream', 'Use streaming API (memory-efficient for large job lists)'))
    .addOption(new Option('--page-size <PAGE_SIZE>', 'Number of jobs per page (max: 1000)').default(100).argParser(parseU32))
    .addOption(new Option('--all', 'Fetch all pages automatically'))
    .addOption(new Option('--status <STATUS>', 'Filter by job status: pending, running, completed, failed, cancelled'))
    .addOption(new Option('--worker <WORKER_ID>', 'Filter by worker node ID (matches assigned_worker or executed_by)').argParser(parseU64))
    .addOption(new Option('--command-substr <SUBSTR>', 'Filter by command substring (case-insensitive)'))
    .addOption(new Option('--created-after-ms <MS>', 'Only jobs created at or after this Unix timestamp in milliseconds').argParser(parseI64))
    .addOption(new Option('--created-before-ms <MS>', 'Only jobs created at or before this Unix timestamp in milliseconds').argParser(parseI64))
    .addOption(new Option('--consistent', 'Answer only with every acknowledged write applied (read through the leader)'))
    .action(async (flags: Record<string, unknown>, leaf: Command) => {
      const status = parseStatusFilter(typeof flags['status'] === 'string' ? flags['status'] : undefined);
      if (!status.ok) {
        // Checked before connecting; exit 1 and this exact text as in nomad-lite.
        context.io.stderr.write(`Error: ${status.message}\n`);
        context.exitWith(ExitCode.failure);
        return;
      }
      const query: JobListQuery = {
        stream: flags['stream'] === true,
        pageSize: typeof flags['pageSize'] === 'number' ? flags['pageSize'] : 100,
        all: flags['all'] === true,
        status: status.status,
        worker: typeof flags['worker'] === 'bigint' ? flags['worker'] : undefined,
        commandSubstr: typeof flags['commandSubstr'] === 'string' ? flags['commandSubstr'] : undefined,
        createdAfterMs: typeof flags['createdAfterMs'] === 'bigint' ? flags['createdAfterMs'] : undefined,
        createdBeforeMs: typeof flags['createdBeforeMs'] === 'bigint' ? flags['createdBeforeMs'] : undefined,
        consistent: flags['consistent'] === true,
      };
      await runWithSession(context, leaf, (session, format) => runList(session, context.io, format, query));
    });
}

export async function runList(session: Session, io: CliIo, format: OutputFormat, query: JobListQuery): Promise<ExitCode> {
  if (query.stream) return runStreamList(session.node.client, io, format, query);
  const listing = await fetchPages(session.node.client, query);
  writeResult(io, format, () => jobListTable(listing), () => jobListJson(listing));
  return ExitCode.ok;
}

/** The first page, or every page with `--all`; total from the last response. */
async function fetchPages(client: SchedulerClient, query: JobListQuery): Promise<JobListing> {
  const jobs: JobInfo[] = [];
  let pageToken = '';
  for (;;) {
    const page = await client.listJobs({
      pageSize: query.pageSize,
      pageToken,
      statusFilter: query.status,
      workerIdFilter: query.worker ?? 0n,
      commandFilter: query.commandSubstr ?? '',
      createdAfterMs: query.createdAfterMs ?? 0n,
      createdBeforeMs: query.createdBeforeMs ?? 0n,
      ...(query.consistent && { consistent: true }),
    });
    jobs.push(...page.jobs);
    if (page.nextPageToken === '' || !query.all) {
      return { jobs, totalCount: page.totalCount, hasMore: page.nextPageToken !== '' };
    }
    pageToken = page.nextPageToken;
  }
}

/**
 * `--stream`: StreamJobs with the status filter only (a warning names the ignored filters).
 * A stream that breaks after some jobs prints what arrived, then fails with
 * `Stream error: <message>` (exit 1, where nomad-lite exits 0); a call refused before any
 * job fails like any other RPC.
 */
async function runStreamList(client: SchedulerClient, io: CliIo, format: OutputFormat, query: JobListQuery): Promise<ExitCode> {
  const ignored = [query.worker, query.commandSubstr, query.createdAfterMs, query.createdBeforeMs];
  if (ignored.some((filter) => filter !== undefined)) io.stderr.write(`${STREAM_WARNING}\n`);
  const jobs: JobInfo[] = [];
  let exitCode: ExitCode = ExitCode.ok;
  try {
    for await (const job of client.streamJobs({ statusFilter: query.status, ...(query.consistent && { consistent: true }) })) {
      jobs.push(job);
    }
  } catch (error) {
    if (jobs.length === 0) throw error;
    io.stderr.write(`Stream error: ${errorMessage(error)}\n`);
    exitCode = ExitCode.failure;
  }
  const listing: JobListing = { jobs, totalCount: jobs.length, hasMore: false };
  writeResult(io, format, () => jobListTable(listing), () => jobListJson(listing));
  return exitCode;
}
