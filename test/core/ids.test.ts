import { describe, expect, it } from 'vitest';
import { isId, newId, randomFromPool } from '../../src/core/ids.js';

describe('ids', () => {
  it('are UUIDv7: version 7, RFC variant, the current time in the first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(isId(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('sort in the order they were made, also many within one millisecond, and never repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) {
      if (ids[i] <= ids[i - 1]) throw new Error(`${ids[i]} made after ${ids[i - 1]} sorts before it`);
    }
  });

  it('hands out fresh random bytes every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) seen.add(randomFromPool(10).toString('hex'));
    expect(seen.size).toBe(2_000);
    expect(randomFromPool(5_000)).toHaveLength(5_000);
  });
});
