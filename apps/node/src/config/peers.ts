import { ConfigError } from './config-error';
import { type HostPort, parseHostPort } from './host-port';

export interface Peer extends HostPort {
  readonly id: number;
  /** `host:port` exactly as other nodes and clients should dial it. */
  readonly address: string;
}

/**
 * Parses `--peers`: comma-separated `id:host:port` items (IPv6 as `id:[::1]:port`), an
 * empty string meaning a single-node cluster. Unlike the reference (REF §2.2), every bad
 * item is an error: empty items, non-numeric or zero ids, bad hosts or ports, duplicate
 * ids, this node's own id, and two peers at one address.
 */
export function parsePeers(text: string, ownId: number): Peer[] {
  if (text.trim() === '') return [];
  const peers: Peer[] = [];
  for (const [k, raw] of text.split(',').entries()) {
    const item = raw.trim();
    const where = `--peers item ${k + 1}`;
    if (item === '') throw new ConfigError(`${where} is empty (expected id:host:port; is there a stray comma?)`);
    const colon = item.indexOf(':');
    if (colon < 0) throw new ConfigError(`${where}: expected id:host:port, got '${item}'`);
    const id = parseNodeId(item.slice(0, colon), `${where} id`);
    const hp = parseHostPort(item.slice(colon + 1), where);
    if (id === ownId) throw new ConfigError(`${where}: id ${id} is this node's own --node-id`);
    if (peers.some((p) => p.id === id)) throw new ConfigError(`${where}: node id ${id} is listed twice`);
    const address = item.slice(colon + 1);
    if (peers.some((p) => p.address === address)) throw new ConfigError(`${where}: address ${address} is listed twice`);
    peers.push({ id, ...hp, address });
  }
  return peers;
}

/** A node id: a positive integer that fits in a uint64 and a JS number. */
export function parseNodeId(text: string, what: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) === 0) {
    throw new ConfigError(`${what}: invalid node id '${text}' (expected a positive integer)`);
  }
  return Number(text);
}
