import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { type RawServerOptions, type ServerConfig, parseServerConfig } from '../../apps/node/src/config/server-config';
import { SERVER_FLAGS } from '../../apps/node/src/config/server-flags';
import { ROOT } from './workspace.test-util';

/**
 * The deployment examples under deploy/ cannot be run here (no Docker engine, no
 * Kubernetes), so this checks what can be checked without them: every node's `sched
 * server` arguments are flags `sched server` registers (SERVER_FLAGS) with values the real
 * parser accepts, and the three nodes form one cluster: ids 1..3, each listing the other
 * two at the addresses they advertise, each on its own data directory.
 */

interface ExampleNode {
  /** Where the example says this node can be reached (its service or pod DNS name). */
  readonly address: string;
  readonly config: ServerConfig;
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/**
 * `--flag value` / `--flag=value` arguments as commander hands them to parseServerConfig
 * (keyed by the camelCase flag name; switches are `true`). Unknown flags, missing values
 * and repeated flags are errors, so a typo in an example cannot pass unnoticed.
 */
function serverOptions(args: readonly string[]): RawServerOptions {
  const options: Record<string, string | boolean> = {};
  for (let k = 0; k < args.length; k++) {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(args[k]!);
    if (match === null) throw new Error(`not a flag: '${args[k]}'`);
    const flag = SERVER_FLAGS.find((f) => f.name === match[1]);
    if (flag === undefined) throw new Error(`sched server has no flag --${match[1]}`);
    const key = flag.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (key in options) throw new Error(`--${flag.name} is given twice`);
    if (flag.value === undefined) {
      if (match[2] !== undefined) throw new Error(`--${flag.name} takes no value`);
      options[key] = true;
      continue;
    }
    const value = match[2] ?? args[++k];
    if (value === undefined) throw new Error(`--${flag.name} needs a value`);
    options[key] = value;
  }
  return options;
}

/** `server <flags>` through the real parser. */
function serverConfig(argv: readonly string[]): ServerConfig {
  if (argv[0] !== 'server') throw new Error(`expected the server command, got '${argv[0]}'`);
  return parseServerConfig(serverOptions(argv.slice(1)), { cpuCount: 2, env: {} });
}

function expectOneCluster(nodes: readonly ExampleNode[]): void {
  expect(nodes.map((n) => n.config.nodeId).sort()).toEqual([1, 2, 3]);
  for (const node of nodes) {
    expect(node.config.advertiseAddr).toBe(node.address);
    expect(node.config.dataDir).toBeDefined();
    const others = nodes.filter((n) => n !== node).map((n) => ({ id: n.config.nodeId, address: n.address }));
    const peers = node.config.peers.map((p) => ({ id: p.id, address: p.address }));
    expect(peers.sort((a, b) => a.id - b.id)).toEqual(others.sort((a, b) => a.id - b.id));
  }
}

describe('the argument checker', () => {
  it('refuses what sched server would refuse, and reads both value forms', () => {
    expect(() => serverConfig(['server', '--node-idd', '1'])).toThrow('sched server has no flag --node-idd');
    expect(() => serverConfig(['server', '--node-id'])).toThrow('--node-id needs a value');
    expect(() => serverConfig(['server', '--node-id', '1', '--node-id', '2'])).toThrow('--node-id is given twice');
    expect(() => serverConfig(['server', '--peers', '1:a:1'])).toThrow("id 1 is this node's own --node-id");
    expect(serverConfig(['server', '--node-id=2', '--tls', '--port', '7000']).nodeId).toBe(2);
  });
});

describe('deploy/docker-compose.yml', () => {
  interface Service {
    command: unknown[];
    volumes?: string[];
    ports?: string[];
  }
  const compose = parse(read('deploy/docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const services = Object.entries(compose.services);

  /** Each service's node; throws if its arguments do not parse (so in the test that asks). */
  const nodes = () =>
    services.map(([name, service]) => {
      const config = serverConfig(service.command as string[]);
      return { name, service, address: `${name}:${config.port}`, config };
    });

  it('writes every argument as a string (an unquoted 50051 would be a YAML number)', () => {
    for (const [, service] of services) expect(service.command.filter((a) => typeof a !== 'string')).toEqual([]);
  });

  it('runs three nodes that form one cluster by service name', () => {
    expect(nodes()).toHaveLength(3);
    expectOneCluster(nodes());
  });

  it('gives every node its own named volume at its --data-dir', () => {
    const volumes = nodes().map(({ service, config }) => {
      const mount = (service.volumes ?? []).find((v) => v.endsWith(`:${config.dataDir}`));
      expect(mount).toBeDefined();
      return mount!.split(':')[0]!;
    });
    expect(new Set(volumes).size).toBe(3);
    for (const volume of volumes) expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('publishes each dashboard, on the loopback only', () => {
    for (const { service, config } of nodes()) {
      expect(config.dashboardPort).toBeDefined();
      expect(service.ports).toContainEqual(expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:\\d+:${config.dashboardPort}$`)));
    }
  });
});

describe('deploy/kubernetes/statefulset.yaml', () => {
  interface Manifest {
    kind: string;
    metadata: { name: string };
    spec: Record<string, any>;
  }
  const documents = parseAllDocuments(read('deploy/kubernetes/statefulset.yaml'));
  if (!Array.isArray(documents)) throw new Error('no YAML documents');
  const manifests = documents.map((d) => {
    if (d.errors.length > 0) throw d.errors[0]!;
    return d.toJS() as Manifest;
  });
  const statefulSet = manifests.find((m) => m.kind === 'StatefulSet')!;
  const headless = manifests.find((m) => m.kind === 'Service' && m.metadata.name === statefulSet.spec['serviceName'])!;
  const container = statefulSet.spec['template'].spec.containers[0];
  const ordinals = Array.from({ length: statefulSet.spec['replicas'] as number }, (_, k) => k);

  /** Runs the container's start script as pod `<statefulset>-<ordinal>`, with `node` stubbed to print its arguments. */
  function startArgs(ordinal: number): string[] {
    const stub = mkdtempSync(join(tmpdir(), 'sched-deploy-'));
    try {
      writeFileSync(join(stub, 'node'), '#!/bin/sh\nprintf \'%s\\0\' "$@"\n');
      chmodSync(join(stub, 'node'), 0o755);
      const out = execFileSync('/bin/sh', ['-c', container.args[0] as string], {
        env: { PATH: `${stub}:/usr/bin:/bin`, POD_NAME: `${statefulSet.metadata.name}-${ordinal}` },
        encoding: 'utf8',
      });
      return out.split('\0').slice(0, -1);
    } finally {
      rmSync(stub, { recursive: true, force: true });
    }
  }

  /** Each pod's node; throws if its start script fails or its arguments do not parse. */
  const nodes = () =>
    ordinals.map((ordinal) => {
      const [script, ...argv] = startArgs(ordinal);
      if (script !== 'apps/node/bin/sched.js') throw new Error(`pod ${ordinal} starts ${script}, not the sched CLI`);
      const config = serverConfig(argv);
      return { ordinal, address: `${statefulSet.metadata.name}-${ordinal}.${headless.metadata.name}:${config.port}`, config };
    });

  it('starts the node from a shell script that knows its pod name', () => {
    expect((container.command as string[]).slice(-2)).toEqual(['/bin/sh', '-c']);
    expect(container.args).toHaveLength(1);
    expect(container.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  it('runs three pods whose node id is their ordinal + 1 and that form one cluster over the headless service', () => {
    expect(headless.spec['clusterIP']).toBe('None');
    const pods = nodes();
    expect(pods.map((n) => n.config.nodeId)).toEqual(pods.map((n) => n.ordinal + 1));
    expectOneCluster(pods);
  });

  it('keeps --data-dir on a volume claim, and probes and exposes the ports the nodes listen on', () => {
    const claims = (statefulSet.spec['volumeClaimTemplates'] as Manifest[]).map((c) => c.metadata.name);
    const ports = new Map((container.ports as { name: string; containerPort: number }[]).map((p) => [p.name, p.containerPort]));
    const port = (ref: string | number) => (typeof ref === 'number' ? ref : ports.get(ref));
    const dashboard = manifests.find((m) => m.kind === 'Service' && m !== headless)!;
    for (const { config } of nodes()) {
      const mount = (container.volumeMounts as { name: string; mountPath: string }[]).find((m) => m.mountPath === config.dataDir);
      expect(claims).toContain(mount?.name);
      expect(port(container.readinessProbe.tcpSocket.port)).toBe(config.port);
      expect(headless.spec['ports'].map((p: { targetPort: number | string }) => port(p.targetPort))).toContain(config.port);
      expect(dashboard.spec['ports'].map((p: { targetPort: number | string }) => port(p.targetPort))).toContain(config.dashboardPort);
    }
  });
});
