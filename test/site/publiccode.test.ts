import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** publiccode.yml (Developers Italia catalogue, standard 0.5): the fields the validator requires, within its limits. */
describe('publiccode.yml', () => {
  const doc = parse(readFileSync(new URL('../../publiccode.yml', import.meta.url), 'utf8'));

  it('has the required fields', () => {
    expect(doc.publiccodeYmlVersion).toMatch(/^0\.[5-9]/);
    for (const key of [
      'name',
      'url',
      'platforms',
      'categories',
      'developmentStatus',
      'softwareType',
      'description',
      'legal',
      'maintenance',
      'localisation',
    ]) {
      expect(doc[key], key).toBeTruthy();
    }
    expect(doc.legal.license).toBe('EUPL-1.2');
    expect(doc.localisation.availableLanguages).toEqual(expect.arrayContaining(['it', 'en']));
  });

  it('describes Ponte in Italian and English within the standard’s lengths', () => {
    for (const lang of ['it', 'en']) {
      const d = doc.description[lang];
      expect(d.shortDescription.length, `${lang} shortDescription`).toBeLessThanOrEqual(150);
      expect(d.longDescription.length, `${lang} longDescription`).toBeGreaterThanOrEqual(150);
      expect(d.longDescription.length, `${lang} longDescription`).toBeLessThanOrEqual(10000);
      expect(d.features.length).toBeGreaterThan(0);
      for (const f of d.features) expect(f.length, f).toBeLessThanOrEqual(100);
    }
  });
});
