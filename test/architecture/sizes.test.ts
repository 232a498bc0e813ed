/**
 * Files and functions a reader can hold in their head: no source file over 800 lines, no function
 * (declaration, method, arrow or expression, nested ones counted in their parent) over 150 lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const MAX_FILE_LINES = 800;
const MAX_FUNCTION_LINES = 150;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function longFunctions(file: string, text: string): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (last - first + 1 > MAX_FUNCTION_LINES) found.push(`${relative(SRC, file)}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('sizes', () => {
  const files = sourceFiles(SRC).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it(`no source file has more than ${MAX_FILE_LINES} lines`, () => {
    const big = files.filter((f) => f.text.split('\n').length > MAX_FILE_LINES).map((f) => relative(SRC, f.file));
    expect(big).toEqual([]);
  });

  it(`no function has more than ${MAX_FUNCTION_LINES} lines`, () => {
    expect(files.flatMap((f) => longFunctions(f.file, f.text))).toEqual([]);
  });

  it('finds a long function when there is one', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    expect(longFunctions(join(SRC, 'x.ts'), `export function long() {\n${body}\n}\n`)).toHaveLength(1);
    expect(longFunctions(join(SRC, 'x.ts'), 'export const short = () => 1;\n')).toEqual([]);
  });
});
