import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { NodeUrlError, parseNodeUrls } from '../node-urls';

export const USAGE = `Usage: sched-dashboard [options]

REST gateway and web dashboard of a sched cluster.

Options:
  --port PORT      HTTP port to listen on (default 8081; 0 picks a free one)
  --host HOST      address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --nodes URLS     comma-separated gRPC URLs of the cluster's nodes
                   (default http://127.0.0.1:50051; https:// for mutual TLS)
  --ca-cert PATH   CA certificate (PEM) that signed the nodes' certificates
  --cert PATH      client certificate (PEM) presented to the nodes
  --key PATH       private key (PEM) of --cert
  -h, --help       show this help
`;

export interface DashboardFlags {
  readonly port: number;
  readonly host: string;
  readonly nodes: readonly string[];
  /** Paths of the PEM files; all three or none, and only with https:// nodes. */
  readonly tlsFiles: { readonly caCert: string; readonly cert: string; readonly key: string } | undefined;
}

/** A command line that breaks the rules of parseDashboardFlags (exit status 2). */
export class FlagError extends Error {}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  nodes: { type: 'string' },
  'ca-cert': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The flags of `sched-dashboard`, strictly: no unknown option, no positional argument,
 * each option at most once and with a value; the port an integer 0..65535; the host an IP
 * address or a hostname; the node URLs as parseNodeUrls requires; the TLS files all or
 * none, and given exactly when the nodes are https://. `help` when -h/--help was given.
 */
export function parseDashboardFlags(argv: readonly string[]): DashboardFlags | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new FlagError(parseArgsMessage(error as Error));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new FlagError(`--${token.name} is given more than once`);
    seen.add(token.name);
  }
  const v = parsed.values;
  if (v.help === true) return 'help';
  const port = parsePort(v.port ?? '8081');
  const host = v.host ?? '127.0.0.1';
  if (isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)) {
    throw new FlagError(`invalid --host '${host}': expected an IP address or a hostname`);
  }
  let secure: boolean;
  const nodes = (v.nodes ?? 'http://127.0.0.1:50051').split(',').map((n) => n.trim());
  try {
    secure = parseNodeUrls(nodes).secure;
  } catch (error) {
    if (error instanceof NodeUrlError) throw new FlagError(`--nodes: ${error.message}`);
    throw error;
  }
  const given = [v['ca-cert'], v.cert, v.key].filter((f) => f !== undefined).length;
  if (given !== 0 && given !== 3) throw new FlagError('--ca-cert, --cert and --key must be given together');
  if (secure && given === 0) throw new FlagError('https:// nodes need --ca-cert, --cert and --key');
  if (!secure && given === 3) throw new FlagError('--ca-cert, --cert and --key need https:// node URLs');
  const tlsFiles = given === 3 ? { caCert: v['ca-cert']!, cert: v.cert!, key: v.key! } : undefined;
  return { port, host, nodes, tlsFiles };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false, tokens: true });
}

function parsePort(text: string): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new FlagError(`invalid --port '${text}': expected an integer from 0 to 65535`);
  return port;
}

/** node:util's parse errors, cut to their first line: `unknown option '--foo'`, `unexpected argument 'x'`, `option '--port <value>' argument missing`. */
function parseArgsMessage(error: Error): string {
  const first = error.message.split('\n')[0]!.replace(/\. This command does not take positional arguments$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}
