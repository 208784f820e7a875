import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  importsOf,
  packageOf,
  relativeToRoot,
  ROOT,
  sourceFiles,
  stripComments,
  workspaceProjects,
} from './workspace.test-util';

/**
 * The layering of ARCHITECTURE.md, as the only allowed edges between workspace projects.
 * Apps compose packages; the only app-to-app edge is node -> dashboard-api; raft imports nothing.
 */
const ALLOWED: Record<string, readonly string[]> = {
  '@sched/raft': [],
  '@sched/storage': ['@sched/raft'],
  '@sched/rpc': ['@sched/raft'],
  '@sched/scheduler': ['@sched/rpc'],
  '@sched/dashboard-api': ['@sched/rpc'],
  '@sched/node': ['@sched/raft', '@sched/storage', '@sched/rpc', '@sched/scheduler', '@sched/dashboard-api'],
};

/** What a pure package may not touch: clocks, randomness, timers, promises, the process, Node modules. */
const IMPURE = [
  /\bDate\b/,
  /\bMath\.random\b/,
  /\bperformance\b/,
  /\bset(Timeout|Interval|Immediate)\b/,
  /\bqueueMicrotask\b/,
  /\bprocess\b/,
  /\bPromise\b/,
  /\basync\b/,
  /\bawait\b/,
  /\bcrypto\b/,
];

const projects = workspaceProjects();
const internal = new Set(projects.map((p) => p.name));

describe('the dependency graph', () => {
  it('has exactly the projects of the architecture', () => {
    expect(projects.map((p) => p.name).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  for (const project of projects) {
    it(`${project.name} depends only on the layers below it`, () => {
      const declared = project.dependencies.filter((d) => internal.has(d));
      expect(declared.filter((d) => !ALLOWED[project.name]!.includes(d))).toEqual([]);
      const imported = new Set<string>();
      for (const file of sourceFiles(join(project.dir, 'src'))) {
        for (const spec of importsOf(file)) if (spec.startsWith('@sched/') && packageOf(spec) !== project.name) imported.add(packageOf(spec));
      }
      // Every import of a workspace package is declared, and allowed.
      expect([...imported].filter((d) => !declared.includes(d))).toEqual([]);
    });

    it(`${project.name} references in tsconfig exactly the workspace packages it depends on`, () => {
      const tsconfig = JSON.parse(readFileSync(join(project.dir, 'tsconfig.json'), 'utf8')) as { references?: { path: string }[] };
      const referenced = (tsconfig.references ?? []).map((r) => {
        const pkg = JSON.parse(readFileSync(join(project.dir, r.path, 'package.json'), 'utf8')) as { name: string };
        return pkg.name;
      });
      expect(referenced.sort()).toEqual(project.dependencies.filter((d) => internal.has(d)).sort());
    });
  }

  it('has no cycles', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`cycle: ${[...path, name].join(' -> ')}`);
      visiting.add(name);
      for (const d of projects.find((p) => p.name === name)!.dependencies) if (internal.has(d)) visit(d, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const p of projects) expect(() => visit(p.name, [])).not.toThrow();
  });

  it('lets @sched/scheduler see only the generated messages of @sched/rpc, not its transports', () => {
    const dir = join(ROOT, 'packages', 'scheduler', 'src');
    const offending = sourceFiles(dir).flatMap((f) =>
      importsOf(f)
        .filter((s) => s.startsWith('@sched/rpc') && s !== '@sched/rpc/gen')
        .map((s) => `${relativeToRoot(f)}: ${s}`),
    );
    expect(offending).toEqual([]);
  });
});

describe('@sched/raft is pure', () => {
  const dir = join(ROOT, 'packages', 'raft');
  const files = sourceFiles(join(dir, 'src'));

  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect({ ...pkg['dependencies'], ...pkg['peerDependencies'], ...pkg['optionalDependencies'] }).toEqual({});
  });

  it('imports nothing but its own modules (examples import it by its package name)', () => {
    const offending = files.flatMap((f) =>
      importsOf(f)
        .filter((s) => !s.startsWith('.') && packageOf(s) !== '@sched/raft')
        .map((s) => `${relativeToRoot(f)}: ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('never reads a clock, draws randomness, starts a timer, awaits, or touches the process (tests included)', () => {
    const offending: string[] = [];
    for (const f of files) {
      const text = stripComments(readFileSync(f, 'utf8'));
      for (const re of IMPURE) if (re.test(text)) offending.push(`${relativeToRoot(f)}: ${re.source}`);
    }
    expect(offending).toEqual([]);
  });

  it('is checked by this test: a planted impurity is found', () => {
    const planted = stripComments('const t = Date.now(); // Math.random() in a comment is fine');
    expect(IMPURE.filter((re) => re.test(planted)).map((re) => re.source)).toEqual(['\\bDate\\b']);
  });
});
