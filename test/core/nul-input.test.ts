import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNul } from '../../src/core/http.js';

/** Text that holds U+0000 now and then. */
const text = fc.oneof(
  fc.string(),
  fc.string().map((s) => `${s}\u0000`),
  fc.constant('\u0000'),
);

/**
 * Keys, some holding U+0000; never a dot, which the path uses between keys, and never empty: an
 * empty key has no name of its own in a dotted path (`{ "": "\u0000" }` at the root is named '').
 */
const key = text.filter((k) => k !== '' && !k.includes('.'));

/** Whether any string in the value, key or value, holds U+0000: the plain, slow answer. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, child]) => key.includes('\u0000') || holdsNul(child));
}

/** The value at a path findNul names (`root.key.key…`), or the key itself when the key is the culprit. */
function at(value: unknown, path: string, root: string): unknown {
  let here = value;
  for (const name of path === root ? [] : path.slice(root ? root.length + 1 : 0).split('.')) {
    if (name.includes('\u0000')) return name;
    here = (here as Record<string, unknown>)[name];
  }
  return here;
}

describe('NUL characters in parsed input', () => {
  it('are found in flat queries and nested bodies alike, and the path names the text that holds one', () => {
    const flat = fc.dictionary(key, text);
    const nested = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node')),
        fc.dictionary(key, tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(fc.oneof(flat, nested), fc.constantFrom('query', 'params', ''), (input, root) => {
        const path = findNul(input, root);
        expect(path !== null).toBe(holdsNul(input));
        if (path !== null) expect(String(at(input, path, root))).toContain('\u0000');
      }),
      { numRuns: 500 },
    );
  });

  it('leave a query without one alone, whatever its prototype', () => {
    const query = Object.assign(Object.create(null), { q: 'san', limit: '20' });
    expect(findNul(query, 'query')).toBeNull();
    expect(findNul({ ...query, q: 'sa\u0000n' }, 'query')).toBe('query.q');
    expect(findNul(undefined, '')).toBeNull();
  });
});
