import { parseArgs } from 'node:util';

/** An integer flag `--name N` in [min, max]. */
export interface IntegerFlag {
  readonly kind: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

/** A boolean flag `--name`. */
export interface SwitchFlag {
  readonly kind: 'switch';
  readonly description: string;
}

export type FlagSpec = Record<string, IntegerFlag | SwitchFlag>;

export type ParsedFlags<S extends FlagSpec> = { [K in keyof S]: S[K] extends IntegerFlag ? number : boolean };

export class UsageError extends Error {}

/**
 * Parses `argv` strictly against `spec`: unknown flags, positionals, missing values and
 * integers out of range are UsageErrors whose message names the flag and the value.
 */
export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): ParsedFlags<S> & { help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [name, flag] of Object.entries(spec)) options[name] = { type: flag.kind === 'integer' ? 'string' : 'boolean' };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as typeof values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const parsed: Record<string, number | boolean> = { help: values['help'] === true };
  for (const [name, flag] of Object.entries(spec)) {
    const raw = values[name];
    if (flag.kind === 'switch') parsed[name] = raw === true;
    else parsed[name] = raw === undefined ? flag.default : integerIn(name, String(raw), flag);
  }
  return parsed as ParsedFlags<S> & { help: boolean };
}

function integerIn(name: string, text: string, flag: IntegerFlag): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < flag.min || value > flag.max) {
    throw new UsageError(`--${name}: expected an integer from ${flag.min} to ${flag.max}, got '${text}'`);
  }
  return value;
}

/** The usage text: the command line, then one line per flag with its default. */
export function usage(command: string, spec: FlagSpec): string {
  const lines = Object.entries(spec).map(([name, flag]) => {
    const left = flag.kind === 'integer' ? `--${name} N` : `--${name}`;
    const suffix = flag.kind === 'integer' ? ` (default ${flag.default})` : '';
    return `  ${left.padEnd(22)}${flag.description}${suffix}`;
  });
  return [`Usage: ${command} [flags]`, ...lines, `  ${'--help'.padEnd(22)}this text`].join('\n');
}

/**
 * Runs a command's `main` with parsed flags: `--help` prints the usage, a UsageError exits 2
 * with the usage, any other failure exits 1, and `main`'s own result is the exit code.
 */
export function runCommand<S extends FlagSpec>(command: string, spec: S, main: (flags: ParsedFlags<S>) => Promise<number>): void {
  let flags: ParsedFlags<S> & { help: boolean };
  try {
    flags = parseFlags(process.argv.slice(2), spec);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`Error: ${error.message}\n${usage(command, spec)}\n`);
    process.exit(2);
  }
  if (flags.help) {
    process.stdout.write(`${usage(command, spec)}\n`);
    return;
  }
  main(flags).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
