import { InvalidArgumentError } from 'commander';

/**
 * Parsers for integer flags, with the ranges of the proto fields they fill (the reference's
 * clap parses them as u32/u64/i64 and refuses anything else with a usage error).
 */

const U32_MAX = 4_294_967_295n;
const U64_MAX = 18_446_744_073_709_551_615n;
const I64_MIN = -9_223_372_036_854_775_808n;
const I64_MAX = 9_223_372_036_854_775_807n;

function parseInteger(value: string, min: bigint, max: bigint): bigint {
  const trimmed = value.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
  const parsed = BigInt(trimmed);
  if (parsed < min || parsed > max) throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
  return parsed;
}

/** A `u32` flag value (page size, limit). */
export function parseU32(value: string): number {
  return Number(parseInteger(value, 0n, U32_MAX));
}

/** A `u64` flag value (node and worker ids, log indexes). */
export function parseU64(value: string): bigint {
  return parseInteger(value, 0n, U64_MAX);
}

/** An `i64` flag value (timestamps in milliseconds). */
export function parseI64(value: string): bigint {
  return parseInteger(value, I64_MIN, I64_MAX);
}
