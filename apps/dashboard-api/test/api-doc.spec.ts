import { exec } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Gateway } from './gateway.test-util';
import { eventually, SchedCluster } from './sched-cluster.test-util';

jest.setTimeout(60_000);

const run = promisify(exec);
const DOC = join(__dirname, '..', '..', '..', 'docs', 'api.md');
/** The gateway address the examples are written for. */
const DOC_ADDRESS = '127.0.0.1:8081';

/** What each placeholder of docs/api.md stands for; `<job-id>` values become $JOB_ID. */
const PLACEHOLDERS: Record<string, string> = {
  '<job-id>': '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})',
  '<timestamp>': '(?:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{3})?\\+00:00)',
  '<n>': '(?:\\d+)',
  '<http-date>': '(?:[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT)',
};

interface Example {
  readonly command: string;
  readonly expected: string;
}

/** The `$ command` lines of every ```console block of the doc, each with the output lines after it. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const block of markdown.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
    let current: { command: string; lines: string[] } | undefined;
    const flush = () => current && found.push({ command: current.command, expected: current.lines.join('\n') });
    for (const line of block[1]!.replace(/\n$/, '').split('\n')) {
      if (line.startsWith('$ ')) {
        flush();
        current = { command: line.slice(2), lines: [] };
      } else current?.lines.push(line);
    }
    flush();
  }
  return found;
}

function pattern(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/<job-id>|<timestamp>|<n>|<http-date>/g, (p) => PLACEHOLDERS[p]!)}$`);
}

/**
 * docs/api.md's curl examples are what the server answers: each one runs, in the doc's
 * order, with the real curl (through /bin/sh) against a gateway in front of a fresh
 * three-node cluster, and its output must match the doc exactly but for the placeholders.
 * Examples that only read are retried for a while (a job takes a moment to complete).
 */
describe('docs/api.md examples', () => {
  let cluster: SchedCluster;
  let gateway: Gateway;
  let jobId = '';

  beforeAll(async () => {
    cluster = await SchedCluster.start(3);
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 5000 });
    await eventually(async () => {
      const body = (await gateway.json('/api/cluster')).body as { leader_id: number | null; nodes: { is_alive: boolean }[] };
      return body.leader_id !== null && body.nodes.every((n) => n.is_alive) ? true : undefined;
    });
  });
  afterAll(async () => {
    await gateway.close();
    await cluster.stop();
  });

  const all = examples(readFileSync(DOC, 'utf8'));

  it('has examples of every route', () => {
    const routes = ['/health/live', '/health/ready', '/api/cluster', '-X POST http://127.0.0.1:8081/api/jobs', "'http://127.0.0.1:8081/api/jobs?", '/api/jobs/$JOB_ID', '-X DELETE', '/api/openapi.json', '/metrics', '8081/ '];
    for (const route of routes) expect(all.some((e) => `${e.command} `.includes(route))).toBe(true);
  });

  for (const example of all) {
    it(example.command, async () => {
      const command = example.command.replaceAll(DOC_ADDRESS, `127.0.0.1:${gateway.dashboard.port}`);
      const readOnly = !/ -X | -d |--data/.test(command);
      const expected = pattern(example.expected);
      const output = async () => {
        const { stdout } = await run(command, { shell: '/bin/sh', env: { ...process.env, JOB_ID: jobId }, timeout: 15_000, maxBuffer: 1 << 20 });
        return stdout.replace(/\r\n/g, '\n').replace(/\n$/, '');
      };
      let actual = await output();
      const started = Date.now();
      while (readOnly && !expected.test(actual) && Date.now() - started < 15_000) {
        await new Promise((r) => setTimeout(r, 200));
        actual = await output();
      }
      if (!expected.test(actual)) expect(actual).toBe(example.expected);
      const ids = [...actual.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map((m) => m[0]);
      const placeholders = (example.expected.match(/<job-id>/g) ?? []).length;
      if (placeholders > 0) jobId = ids[ids.length - 1]!;
    });
  }
});
