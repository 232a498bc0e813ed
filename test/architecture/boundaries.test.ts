/**
 * The module boundaries, read from the source: a module's SQL names only the tables it owns
 * (src/db/owners.ts), a module imports another only through that module's `index.ts` or
 * `service.ts`, `core` imports neither `web` nor a module, and every module folder is in the list.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLE_OWNERS } from '../../src/db/owners.js';
import { MODULES } from '../../src/modules/index.js';

const SRC = resolve(import.meta.dirname, '../../src');
const MODULES_DIR = join(SRC, 'modules');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const moduleOf = (file: string): string | null => {
  const rel = relative(MODULES_DIR, file);
  return rel.startsWith('..') || !rel.includes('/') ? null : rel.split('/')[0];
};

const TABLES = Object.keys(TABLE_OWNERS);
const KYSELY_CALL =
  /\b(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|with)\(\s*\[?\s*['"`]([a-z_]+)/g;
const RAW_SQL = new RegExp(`\\b(?:from|join|into|update|table)\\s+"?(${TABLES.join('|')})"?\\b`, 'gi');

/** The tables a file names in its queries (query builder calls and raw SQL), with their lines. */
function tablesNamed(text: string): { table: string; line: number }[] {
  const found: { table: string; line: number }[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(KYSELY_CALL)) if (m[1] in TABLE_OWNERS) found.push({ table: m[1], line: lineOf(m.index ?? 0) });
  for (const m of text.matchAll(RAW_SQL)) found.push({ table: m[1].toLowerCase(), line: lineOf(m.index ?? 0) });
  return found;
}

const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1]).filter((s) => s.startsWith('.'));
}

describe('module boundaries', () => {
  const moduleFiles = filesUnder(MODULES_DIR).filter((f) => moduleOf(f));

  it('a module names in its SQL only the tables it owns', () => {
    const violations: string[] = [];
    for (const file of moduleFiles) {
      const owner = moduleOf(file);
      for (const { table, line } of tablesNamed(readFileSync(file, 'utf8'))) {
        if (TABLE_OWNERS[table as keyof typeof TABLE_OWNERS] !== owner) {
          violations.push(`${relative(SRC, file)}:${line} names ${table} (owned by ${TABLE_OWNERS[table as keyof typeof TABLE_OWNERS]})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('a module imports another only through its index.ts or service.ts', () => {
    const violations: string[] = [];
    for (const file of moduleFiles) {
      const own = moduleOf(file);
      for (const spec of importsOf(file)) {
        const target = resolve(dirname(file), spec);
        const other = moduleOf(target);
        if (!other || other === own) continue;
        const rest = relative(join(MODULES_DIR, other), target).replace(/\.(js|ts|tsx)$/, '');
        if (rest !== 'index' && rest !== 'service') violations.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('core imports neither web nor any module', () => {
    const violations: string[] = [];
    for (const file of filesUnder(join(SRC, 'core'))) {
      for (const spec of importsOf(file)) {
        const target = relative(SRC, resolve(dirname(file), spec));
        if (target.startsWith('web/') || target.startsWith('modules/')) violations.push(`${relative(SRC, file)} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('finds tables named in query builder calls and in raw SQL', () => {
    expect(tablesNamed("db.selectFrom('events as e').innerJoin('venues as v', 'v.id', 'e.venue')").map((t) => t.table)).toEqual([
      'events',
      'venues',
    ]);
    expect(tablesNamed('sql`UPDATE jobs SET run_at = 1 WHERE id IN (SELECT id FROM registrations)`').map((t) => t.table)).toEqual([
      'jobs',
      'registrations',
    ]);
  });
});

describe('module list', () => {
  it('lists every module folder once, under its own name', () => {
    const folders = readdirSync(MODULES_DIR).filter((n) => statSync(join(MODULES_DIR, n)).isDirectory());
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders.sort());
  });

  it('every table has an owner that is a module or core', () => {
    const names = new Set([...MODULES.map((m) => m.name), 'core']);
    expect(Object.entries(TABLE_OWNERS).filter(([, owner]) => !names.has(owner))).toEqual([]);
  });

  it('each module folder has an index.ts that exports its manifest', () => {
    for (const m of MODULES) {
      const text = readFileSync(join(MODULES_DIR, m.name, 'index.ts'), 'utf8');
      expect(text, m.name).toMatch(/export const \w+Module: PonteModule/);
      expect(m.routes.length, m.name).toBeGreaterThan(0);
    }
  });
});
