/**
 * PEM material for mutual TLS, as read from disk (`--ca-cert`, `--cert`, `--key`).
 *
 * - `ca`: the cluster CA. Servers verify client certificates against it; clients verify
 *   the server's certificate against it (and nothing else: no system roots).
 * - `cert` / `key`: this process's identity, presented as the server certificate by
 *   servers and as the client certificate by clients. Every node and client certificate
 *   of `tools/gen-certs.sh` is valid for both roles (serverAuth + clientAuth).
 */
export interface TlsMaterial {
  readonly ca: string | Buffer;
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}
