/**
 * ARCHITECTURE rule 2: @sched/scheduler is pure. Every non-test source file is parsed
 * (TypeScript AST, so comments and strings do not count) and must not
 * - name a clock, timer, randomness, process or I/O global (`Date`, `performance`,
 *   `process`, `setTimeout`, `crypto`, `console`, ...) or call `Math.random`;
 * - import anything but files inside src/, `@sched/rpc/gen` and `@bufbuild/protobuf` (with
 *   its pure `/wire` subpath): no `node:` modules, no bare Node built-ins, no Connect.
 * The package may depend on nothing else, and its build sees no Node types.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const FORBIDDEN_GLOBALS = new Set([
  'Date',
  'performance',
  'process',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'crypto',
  'console',
  'require',
  'globalThis',
  'global',
  'Buffer',
  'fetch',
]);
const ALLOWED_IMPORTS = new Set(['@sched/rpc/gen', '@bufbuild/protobuf', '@bufbuild/protobuf/wire']);

/** Problems in one file; `path` is absolute, relative imports must stay inside src/. */
function violations(path: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const where = (node: ts.Node): string =>
    `${relative(__dirname, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text)) found.push(`${where(node)} uses ${node.text}`);
    if (ts.isPropertyAccessExpression(node) && node.expression.getText() === 'Math' && node.name.text === 'random') {
      found.push(`${where(node)} uses Math.random`);
    }
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      const spec = (node.moduleSpecifier as ts.StringLiteral).text;
      const inside = spec.startsWith('.') && !relative(__dirname, resolve(dirname(path), spec)).startsWith('..');
      if (!inside && !ALLOWED_IMPORTS.has(spec)) found.push(`${where(node)} imports ${spec}`);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      found.push(`${where(node)} uses dynamic import()`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function productionSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productionSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.test-util.ts') ? [path] : [];
  });
}

describe('@sched/scheduler purity', () => {
  it('finds the forbidden things it looks for (self-test)', () => {
    const sample = [
      "import { readFileSync } from 'node:fs';",
      "import * as os from 'os';",
      "export * from '@connectrpc/connect';",
      'const now = Date.now();',
      'const r = Math.random();',
      'setTimeout(() => performance.now(), 1);',
      'const env = process.env;',
      "const m = import('./x');",
      "import { JobTable } from '../../rpc/src/index';",
      '// Date and process in a comment are fine',
      "const s = 'Date.now() in a string is fine';",
    ].join('\n');
    expect(violations(join(__dirname, 'sample.ts'), sample)).toEqual([
      'sample.ts:1 imports node:fs',
      'sample.ts:2 imports os',
      'sample.ts:3 imports @connectrpc/connect',
      'sample.ts:4 uses Date',
      'sample.ts:5 uses Math.random',
      'sample.ts:6 uses setTimeout',
      'sample.ts:6 uses performance',
      'sample.ts:7 uses process',
      'sample.ts:8 uses dynamic import()',
      'sample.ts:9 imports ../../rpc/src/index',
    ]);
  });

  it('reads no clock, randomness, process or node: module in any source file', () => {
    const files = productionSources(__dirname);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => violations(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('depends only on @sched/rpc and @bufbuild/protobuf, and builds without Node types', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(pkg['dependencies'] as object).sort()).toEqual(['@bufbuild/protobuf', '@sched/rpc']);
    for (const field of ['peerDependencies', 'optionalDependencies', 'devDependencies']) expect(pkg[field]).toBeUndefined();
    const tsconfig = JSON.parse(readFileSync(join(__dirname, '..', 'tsconfig.json'), 'utf8')) as { compilerOptions: { types: unknown } };
    expect(tsconfig.compilerOptions.types).toEqual([]);
  });
});
