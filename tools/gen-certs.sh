#!/usr/bin/env bash
# Generates the certificates of a sched cluster with mutual TLS (docs/tls.md):
#
#   ca.crt / ca.key          RSA-4096 CA, /CN=sched-ca/O=sched, valid 365 days
#   nodeN.crt / nodeN.key    node1, node2, node3: RSA-2048, /CN=nodeN/O=sched-cluster
#   client.crt / client.key  for the CLI and other clients, same profile as the nodes
#
# Every leaf is CA:FALSE, keyUsage digitalSignature+keyEncipherment, extendedKeyUsage
# serverAuth+clientAuth (a node is a server to its peers and a client of them), valid 365
# days, with SAN DNS:localhost, DNS:<name>, DNS:sched-cluster, DNS:nomad-lite-cluster,
# IP:127.0.0.1 (the client's SAN without its name). nomad-lite-cluster keeps clients that
# verify the reference's fixed server name working.
#
# Usage: tools/gen-certs.sh [DIR]   (default ./certs; existing files there are replaced)
#
# Needs openssl. Keys are written mode 0600 and are not encrypted: protect DIR.
set -euo pipefail

dir="${1:-./certs}"
days=365
ca_subject="/CN=sched-ca/O=sched"
leaf_org="sched-cluster"
nodes=(node1 node2 node3)

command -v openssl >/dev/null 2>&1 || { echo "error: openssl is required but was not found in PATH" >&2; exit 1; }

mkdir -p "$dir"
# CSRs, extension files and the CA serial live in a scratch directory, never in DIR.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077

echo "Generating CA (RSA-4096, ${ca_subject}) ..."
openssl genrsa -out "$dir/ca.key" 4096 2>/dev/null
openssl req -x509 -new -sha256 -days "$days" -key "$dir/ca.key" -subj "$ca_subject" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$dir/ca.crt"

# leaf NAME SAN: an RSA-2048 key and a certificate signed by the CA.
leaf() {
  local name="$1" san="$2"
  echo "Generating certificate for ${name} (RSA-2048, /CN=${name}/O=${leaf_org}) ..."
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -new -sha256 -key "$dir/$name.key" -subj "/CN=${name}/O=${leaf_org}" -out "$work/$name.csr"
  cat >"$work/$name.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=${san}
EXT
  openssl x509 -req -sha256 -days "$days" -in "$work/$name.csr" \
    -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAserial "$work/ca.srl" -CAcreateserial \
    -extfile "$work/$name.ext" -out "$dir/$name.crt" 2>/dev/null
}

for node in "${nodes[@]}"; do
  leaf "$node" "DNS:localhost,DNS:${node},DNS:sched-cluster,DNS:nomad-lite-cluster,IP:127.0.0.1"
done
leaf client "DNS:localhost,DNS:sched-cluster,DNS:nomad-lite-cluster,IP:127.0.0.1"

chmod 600 "$dir"/*.key
chmod 644 "$dir"/*.crt

echo
echo "Certificates written to ${dir}:"
ls -l "$dir"
cat <<USAGE

Usage example (three nodes on one machine, then the CLI):

  sched server --node-id 1 --port 50051 --peers "2:127.0.0.1:50052,3:127.0.0.1:50053" \\
    --tls --ca-cert ${dir}/ca.crt --cert ${dir}/node1.crt --key ${dir}/node1.key
  (node2 and node3 likewise, with their own --node-id, --port, --peers and certificate)

  sched job -a https://127.0.0.1:50051 --ca-cert ${dir}/ca.crt \\
    --cert ${dir}/client.crt --key ${dir}/client.key submit "echo hello"
USAGE
