import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) this summary reads. */
interface CpuProfile {
  readonly nodes: readonly { id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

export interface ProfileShare {
  readonly name: string;
  /** Share of all samples, in percent. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly seconds: number;
  /** Self time by layer of the code (ours by package, the libraries, node core, GC, idle). */
  readonly byLayer: ProfileShare[];
  /** The functions with the most self time. */
  readonly topFunctions: ProfileShare[];
}

/**
 * The layer a frame belongs to, from its script URL: each workspace package and app, the
 * libraries that matter on the submit path, node's own modules, and V8's pseudo-frames
 * ((garbage collector), (idle), (program): native code outside any JS frame).
 */
export function layerOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const workspace = /\/(packages|apps)\/([^/]+)\/(src|dist)\//.exec(url);
  if (workspace !== null && !url.includes('node_modules')) return `@sched/${workspace[2]}`;
  for (const library of ['better-sqlite3', '@connectrpc', '@bufbuild/protobuf', 'prom-client']) if (url.includes(`node_modules/${library}`)) return library;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return 'other';
}

export function summarizeProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const byLayer = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const layer = layerOf(url, functionName);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + count);
    const name = `${functionName || '(anonymous)'} ${layer}${url === '' ? '' : `:${shortUrl(url)}:${lineNumber + 1}`}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  const shares = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).map(([name, count]) => ({ name, percent: Math.round((count / total) * 1000) / 10 }));
  return { seconds: (profile.endTime - profile.startTime) / 1e6, byLayer: shares(byLayer), topFunctions: shares(byFunction).slice(0, top) };
}

function shortUrl(url: string): string {
  return url.replace(/^.*\/(packages|apps|node_modules)\//, '').replace(/^file:\/\//, '');
}
