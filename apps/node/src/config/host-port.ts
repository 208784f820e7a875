import { isIP } from 'node:net';
import { ConfigError } from './config-error';

export interface HostPort {
  /** A hostname, an IPv4 address, or an IPv6 address without brackets. */
  readonly host: string;
  readonly port: number;
}

/** RFC 1123 hostname: dot-separated labels of letters, digits and inner hyphens, 253 chars at most. */
const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** A TCP port 1..65535, as written in a flag. */
export function parsePort(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new ConfigError(`${what}: invalid port '${text}' (expected 1-65535)`);
  }
  return Number(text);
}

/** Parses `host:port`, `a.b.c.d:port` or `[v6]:port`. */
export function parseHostPort(text: string, what: string): HostPort {
  const bracketed = /^\[([^\]]+)\]:([^:]*)$/.exec(text);
  if (bracketed !== null) {
    const host = bracketed[1]!;
    if (isIP(host) !== 6) throw new ConfigError(`${what}: '${host}' in brackets is not an IPv6 address`);
    return { host, port: parsePort(bracketed[2]!, what) };
  }
  const colon = text.lastIndexOf(':');
  if (colon <= 0) throw new ConfigError(`${what}: expected host:port, got '${text}'`);
  const host = text.slice(0, colon);
  if (host.includes(':')) throw new ConfigError(`${what}: write an IPv6 address in brackets, e.g. [::1]:50051, got '${text}'`);
  if (isIP(host) !== 4 && !HOSTNAME.test(host)) throw new ConfigError(`${what}: '${host}' is not a valid hostname or IP address`);
  return { host, port: parsePort(text.slice(colon + 1), what) };
}

/** `host:port` as users and the not-leader hint see it (IPv6 in brackets). */
export function formatHostPort(hp: HostPort): string {
  return isIP(hp.host) === 6 ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}
