/**
 * The gRPC base URLs a gateway talks to (`--nodes`): `http://host:port` (h2c) or
 * `https://host:port` (mutual TLS), no path, query, fragment or credentials, all with the
 * same scheme, no duplicates, at least one. Hostnames and IPv6 (`http://[::1]:50051`) are
 * allowed; the port must be explicit.
 */
export interface NodeUrls {
  /** Origins in the order given (`http://127.0.0.1:50051`). */
  readonly urls: readonly string[];
  readonly secure: boolean;
}

/** Thrown for a node list that breaks the rules above; the message names the offending entry. */
export class NodeUrlError extends Error {}

export function parseNodeUrls(entries: readonly string[]): NodeUrls {
  if (entries.length === 0) throw new NodeUrlError('at least one node URL is required');
  const urls: string[] = [];
  let scheme: string | undefined;
  for (const entry of entries) {
    const origin = originOf(entry);
    const entryScheme = origin.slice(0, origin.indexOf(':'));
    if (scheme !== undefined && entryScheme !== scheme) {
      throw new NodeUrlError(`node URLs mix http:// and https:// (${entries.join(',')})`);
    }
    scheme = entryScheme;
    if (urls.includes(origin)) throw new NodeUrlError(`node URL ${entry} is listed twice`);
    urls.push(origin);
  }
  return { urls, secure: scheme === 'https' };
}

/** scheme://host:port with an explicit port; host a name, an IPv4 address or a bracketed IPv6 one. */
const SHAPE = /^(https?):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})\/?$/;

function originOf(entry: string): string {
  const match = SHAPE.exec(entry);
  if (match === null) {
    throw new NodeUrlError(`invalid node URL '${entry}' (expected http://host:port or https://host:port, nothing after the port)`);
  }
  const [, scheme, host, port] = match as unknown as [string, string, string, string];
  const number = Number(port);
  if (number < 1 || number > 65535) throw new NodeUrlError(`invalid node URL '${entry}': port ${port} is out of range (1-65535)`);
  return `${scheme}://${host.toLowerCase()}:${number}`;
}
