import type { GetRaftLogEntriesResponse } from '@sched/rpc/gen';
import type { JsonValue } from '../format/json';
import { describeCommand } from '../format/log-entry';
import { joinLines, padRight } from '../format/text';
import { truncateDetails } from '../format/truncate';

/** `log list`, table (REF §1.10), with the compacted-range header when the log starts after 1. */
export function logListTable(log: GetRaftLogEntriesResponse): string {
  if (log.entries.length === 0) return joinLines(['No log entries found.']);
  const lines = ['Raft Log Entries', '='.repeat(80)];
  if (log.firstAvailableIndex > 1n) {
    lines.push(
      `First Available: ${log.firstAvailableIndex}  |  Commit Index: ${log.commitIndex}  |  Last Log Index: ${log.lastLogIndex}`,
      `(Entries 1-${log.firstAvailableIndex - 1n} were compacted into a snapshot)`,
    );
  } else {
    lines.push(`Commit Index: ${log.commitIndex}  |  Last Log Index: ${log.lastLogIndex}`);
  }
  lines.push('', row('INDEX', 'TERM', 'COMMITTED', 'TYPE', 'DETAILS'), '-'.repeat(80));
  for (const entry of log.entries) {
    const command = describeCommand(entry.command);
    const committed = entry.isCommitted ? 'yes' : 'no';
    lines.push(row(entry.index.toString(), entry.term.toString(), committed, command.type, truncateDetails(command.details)));
  }
  lines.push('', `Showing ${log.entries.length} entries`);
  return joinLines(lines);
}

function row(index: string, term: string, committed: string, type: string, details: string): string {
  return `${padRight(index, 6)} ${padRight(term, 6)} ${padRight(committed, 10)} ${padRight(type, 20)} ${details}`;
}

/** `log list`, JSON: full (untruncated) details, then commit, last and first available index. */
export function logListJson(log: GetRaftLogEntriesResponse): JsonValue {
  return {
    entries: log.entries.map((entry) => {
      const command = describeCommand(entry.command);
      return {
        index: entry.index,
        term: entry.term,
        command_type: command.type,
        command_details: command.details,
        is_committed: entry.isCommitted,
      };
    }),
    commit_index: log.commitIndex,
    last_log_index: log.lastLogIndex,
    first_available_index: log.firstAvailableIndex,
  };
}
