import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface Project {
  readonly name: string;
  readonly dir: string;
  readonly dependencies: readonly string[];
}

/** The workspace projects under packages/ and apps/, read from their package.json files. */
export function workspaceProjects(): Project[] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(ROOT, group)).map((entry) => {
      const dir = join(ROOT, group, entry);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      return { name: pkg.name, dir, dependencies: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }) };
    }),
  );
}

/** TypeScript files under `dir`, skipping build output and generated code. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Module specifiers a file imports or requires (static imports, re-exports, require and dynamic import). */
export function importsOf(path: string): string[] {
  const text = stripComments(readFileSync(path, 'utf8'));
  const specs: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]!);
  return specs;
}

/** The package a bare module specifier names (`@scope/name/sub` -> `@scope/name`). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function relativeToRoot(path: string): string {
  return relative(ROOT, path);
}
