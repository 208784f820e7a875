import { type Command, Option } from 'commander';
import { DEFAULT_ADDR, parseAddr } from './args/address';

export type OutputFormat = 'table' | 'json';

/** The options of the `job`, `cluster` and `log` groups (REF §1.2). */
export interface ClientOptions {
  readonly addr: string;
  readonly caCert: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly output: OutputFormat;
}

/**
 * Declares the client options on a group command. They belong to the group, as in
 * nomad-lite: `sched job -a URL submit ...`, not `sched -a URL job ...` nor
 * `sched job submit -a URL ...` (every command enables positional options).
 */
export function addClientOptions(group: Command): Command {
  return group
    .addOption(new Option('-a, --addr <ADDR>', 'Server address (use https:// for TLS)').default(DEFAULT_ADDR).argParser(parseAddr))
    .addOption(new Option('--ca-cert <CA_CERT>', 'Path to CA certificate (PEM format) for TLS'))
    .addOption(new Option('--cert <CERT>', 'Path to client certificate (PEM format) for mTLS'))
    .addOption(new Option('--key <KEY>', 'Path to client private key (PEM format) for mTLS'))
    .addOption(new Option('-o, --output <OUTPUT>', 'Output format').choices(['table', 'json']).default('table'));
}

/**
 * Reads the client options of the group above `leaf` and checks how they combine:
 * `--cert` and `--key` go together, and certificate files need an `https://` address
 * (nomad-lite would quietly talk plaintext to an `http://` address given a CA, REF §1.2).
 * A bad combination is a usage error (exit 2).
 */
export function clientOptionsOf(leaf: Command): ClientOptions {
  const group = leaf.parent ?? leaf;
  const raw = group.opts<Record<string, unknown>>();
  const options: ClientOptions = {
    addr: stringOption(raw['addr']) ?? DEFAULT_ADDR,
    caCert: stringOption(raw['caCert']),
    cert: stringOption(raw['cert']),
    key: stringOption(raw['key']),
    output: raw['output'] === 'json' ? 'json' : 'table',
  };
  if ((options.cert === undefined) !== (options.key === undefined)) {
    group.error('error: --cert and --key must be given together', { exitCode: 2 });
  }
  const anyFile = options.caCert ?? options.cert;
  if (anyFile !== undefined && !options.addr.startsWith('https://')) {
    group.error(`error: --ca-cert, --cert and --key need an https:// address, got '${options.addr}'`, { exitCode: 2 });
  }
  return options;
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
