import { describe, expect, it } from 'vitest';
import { DEMO_SHEETS } from '../../src/modules/guides/demo.js';
import { CATEGORIES } from '../../src/modules/guides/schemas.js';
import { readabilityOf } from '../../src/modules/guides/service.js';

describe('demo service sheets', () => {
  it('are about thirty, spread over the demo organisations, Firenze most', () => {
    expect(DEMO_SHEETS.length).toBeGreaterThanOrEqual(28);
    const byOrg = new Map<string, number>();
    for (const s of DEMO_SHEETS) byOrg.set(s.org, (byOrg.get(s.org) ?? 0) + 1);
    expect([...byOrg.keys()].sort()).toEqual(['consorzio', 'firenze', 'gussago', 'prato', 'valnure']);
    expect(Math.max(...byOrg.values())).toBe(byOrg.get('firenze'));
    expect(new Set(DEMO_SHEETS.map((s) => s.category)).size).toBeGreaterThanOrEqual(CATEGORIES.length - 1);
  });

  it('link to official sites over https', () => {
    for (const s of DEMO_SHEETS) expect(s.url, s.slug).toMatch(/^https:\/\/[a-z0-9.-]+\.(gov\.it|it)(\/|$)/);
    const urls = new Set(DEMO_SHEETS.map((s) => s.url));
    for (const official of [
      'https://www.spid.gov.it',
      'https://www.cartaidentita.interno.gov.it',
      'https://www.pagopa.gov.it',
      'https://io.italia.it',
      'https://www.fascicolosanitario.gov.it',
      'https://www.anagrafenazionale.interno.gov.it',
      'https://www.inps.it',
      'https://infoprecompilata.agenziaentrate.gov.it',
      'https://www.istruzione.it/iscrizionionline/',
      'https://www.inad.gov.it',
    ]) {
      expect(urls, official).toContain(official);
    }
  });

  it('read easily: every text scores at least 60 on the Gulpease index, with no hints', () => {
    for (const s of DEMO_SHEETS) {
      const texts = readabilityOf({
        summary: s.summary,
        audience: s.audience,
        body: s.body.join('\n'),
        steps: s.steps.map((text) => ({ text, imageUrl: null, imageAlt: null })),
        faqs: s.faqs.map(([question, answer]) => ({ question, answer })),
      });
      for (const t of texts) {
        expect(t.result.score, `${s.slug} ${t.key}`).toBeGreaterThanOrEqual(60);
        expect(t.result.hints, `${s.slug} ${t.key}`).toEqual([]);
      }
    }
  });
});
