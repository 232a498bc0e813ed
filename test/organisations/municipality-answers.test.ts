import { describe, expect, it } from 'vitest';
import type { MunicipalityTable } from '../../src/db/schema.js';
import { bundledMunicipalities } from '../../src/modules/organisations/municipalities.js';
import { buildMunicipalityIndex, findMunicipalities } from '../../src/modules/organisations/municipality-index.js';

const rows: MunicipalityTable[] = bundledMunicipalities()
  .map((r) => ({ ...r, active: 1, replaced_by: null, updated_at: '2026-01-01T00:00:00.000Z' }))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

describe('answers kept by the municipality index', () => {
  it('gives the same comuni again, in a list the caller may change without changing the next answer', () => {
    const index = buildMunicipalityIndex(rows);
    const first = findMunicipalities(index, 'san', null, 20, false);
    expect(first).toHaveLength(20);
    const codes = first.map((m) => m.code);
    first.length = 0;
    first.push(rows[0]);
    expect(findMunicipalities(index, 'san', null, 20, false).map((m) => m.code)).toEqual(codes);
    // Another limit is another answer, not a slice of the kept one.
    expect(findMunicipalities(index, 'san', null, 5, false).map((m) => m.code)).toEqual(codes.slice(0, 5));
  });

  it('keeps a bounded number of answers however many different terms are asked', () => {
    const index = buildMunicipalityIndex(rows);
    for (let i = 0; i < 5_000; i++) findMunicipalities(index, `x${i}`, null, 20, false);
    expect(index.answers.size).toBeLessThanOrEqual(2_000);
    expect(findMunicipalities(index, 'prato', null, 20, false)[0].name).toBe('Prato');
  });
});
