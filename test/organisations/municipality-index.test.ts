import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MunicipalityTable } from '../../src/db/schema.js';
import { bundledMunicipalities, importMunicipalities, normaliseName } from '../../src/modules/organisations/municipalities.js';
import { buildMunicipalityIndex, findMunicipalities } from '../../src/modules/organisations/municipality-index.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/** The scan the index replaced: exact name, then prefix, then inside the name, each in name order. */
function scan(rows: MunicipalityTable[], q: string, limit: number, includeInactive: boolean): string[] {
  const term = normaliseName(q);
  const code = /^\d{6}$/.test(q.trim()) ? q.trim() : null;
  const ranks: MunicipalityTable[][] = [[], [], []];
  for (const m of rows) {
    if (!includeInactive && m.active !== 1) continue;
    if (code) {
      if (m.code === code) ranks[0].push(m);
      continue;
    }
    if (!term) ranks[2].push(m);
    else if (m.search_name === term) ranks[0].push(m);
    else if (m.search_name.startsWith(term)) ranks[1].push(m);
    else if (m.search_name.includes(term)) ranks[2].push(m);
  }
  return ranks
    .flat()
    .slice(0, limit)
    .map((m) => m.code);
}

// The real list, in name order as the database gives it, with every seventh comune inactive and a
// few duplicated names (two comuni may share one), so ties and the inactive filter are exercised.
const rows: MunicipalityTable[] = bundledMunicipalities()
  .map((r, i) => ({ ...r, active: i % 7 === 0 ? 0 : 1, replaced_by: null, updated_at: '2026-01-01T00:00:00.000Z' }))
  .concat([
    { ...bundledMunicipalities()[0], code: '999001', active: 1, replaced_by: null, updated_at: '2026-01-01T00:00:00.000Z' },
    { ...bundledMunicipalities()[1], code: '999002', active: 0, replaced_by: null, updated_at: '2026-01-01T00:00:00.000Z' },
  ])
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const index = buildMunicipalityIndex(rows);

function find(q: string, limit: number, includeInactive: boolean): string[] {
  const code = /^\d{6}$/.test(q.trim()) ? q.trim() : null;
  return findMunicipalities(index, normaliseName(q), code, limit, includeInactive).map((m) => m.code);
}

const anyRow = fc.nat({ max: rows.length - 1 }).map((i) => rows[i]);

describe('municipality index', () => {
  it('answers as the scan it replaced, for pieces of real names, codes, accents and any text', () => {
    const piece = fc
      .tuple(anyRow, fc.nat(), fc.integer({ min: 1, max: 8 }))
      .map(([m, from, len]) => m.name.slice(from % m.name.length, (from % m.name.length) + len));
    const query = fc.oneof(
      piece,
      piece.map((p) => p.toUpperCase()),
      fc.constantFrom('san', 'Sant’Angelo', "sant'", 'forlì', 'REGGIO', 'a', '', ' ', 'zz', 'bolzano/bozen'),
      anyRow.map((m) => m.code),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(query, fc.integer({ min: 1, max: 100 }), fc.boolean(), (q, limit, inactive) => {
        expect(find(q, limit, inactive)).toEqual(scan(rows, q, limit, inactive));
      }),
      { numRuns: 500 },
    );
  });

  it('ranks an exact name before names starting with it, and those before names containing it', () => {
    const names = find('san', 100, false).map((code) => rows.find((m) => m.code === code)!.search_name);
    expect(names.length).toBeGreaterThan(20);
    expect(names.every((n) => n.startsWith('san'))).toBe(true);
    const nameOf = (code: string) => rows.find((m) => m.code === code)!.search_name;
    expect(nameOf(find('bra', 20, false)[0])).toBe('bra');
    // Few names start with "chiesa": the rest of the page are names containing it, after them.
    const chiesa = find('chiesa', 20, false).map(nameOf);
    const starting = chiesa.filter((n) => n.startsWith('chiesa')).length;
    expect(starting).toBeGreaterThan(0);
    expect(chiesa.length).toBeGreaterThan(starting);
    expect(chiesa.slice(0, starting).every((n) => n.startsWith('chiesa'))).toBe(true);
    expect(chiesa.slice(starting).every((n) => n.includes('chiesa') && !n.startsWith('chiesa'))).toBe(true);
  });
});

describe.each(DIALECTS)('municipality search after an import (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds a new comune and forgets a renamed name right after the import, though the list was already read', async () => {
    const search = async (q: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/municipalities?q=${encodeURIComponent(q)}` });
      expect(res.statusCode).toBe(200);
      return (res.json() as { items: { code: string; name: string }[] }).items;
    };
    expect(await search('Vallenuova')).toEqual([]);
    const gussago = (await search('Gussago'))[0];
    expect(gussago).toMatchObject({ name: 'Gussago' });

    const list = bundledMunicipalities().map((r) =>
      r.code === gussago.code ? { ...r, name: 'Gussago Nuova', search_name: 'gussago nuova' } : r,
    );
    list.push({ ...list[0], code: '999999', name: 'Vallenuova', search_name: 'vallenuova', cadastral_code: 'Z999' });
    await importMunicipalities(t.db, list);

    expect((await search('vallenuova')).map((m) => m.code)).toEqual(['999999']);
    expect((await search('Gussago'))[0]).toMatchObject({ code: gussago.code, name: 'Gussago Nuova' });
    expect(await search('nuova')).toContainEqual(expect.objectContaining({ code: '999999' }));
  });
});
