import { InvalidArgumentError } from 'commander';

/** `--addr` default (REF §1.2). */
export const DEFAULT_ADDR = 'http://127.0.0.1:50051';

/**
 * Checks an `--addr` value: an `http://` (plaintext) or `https://` (TLS) URL with a host.
 * Returned unchanged, so messages and the redirect keep the user's spelling.
 */
export function parseAddr(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('Expected a URL such as http://127.0.0.1:50051 or https://node1:50051.');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InvalidArgumentError('Expected a URL such as http://127.0.0.1:50051 or https://node1:50051.');
  }
  return value;
}

/** Scheme prefix of an `--addr` (`https://` if it uses TLS, else `http://`), as the redirect reuses it. */
export function schemeOf(addr: string): 'https://' | 'http://' {
  return addr.startsWith('https://') ? 'https://' : 'http://';
}
