import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

interface Item {
  code: string;
  name: string;
  province: string;
  region: string;
}

describe.each(DIALECTS)('municipality search (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  async function search(q: string, extra = ''): Promise<Item[]> {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/municipalities?q=${encodeURIComponent(q)}${extra}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['items']);
    return body.items;
  }

  it('loads every comune of the bundled ISTAT list', async () => {
    const { n } = await t.db.k
      .selectFrom('municipalities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(7800);
  });

  it('finds Prato first, with its code, province and region', async () => {
    const items = await search('Prato');
    expect(items[0]).toMatchObject({ code: '100005', name: 'Prato', province: 'Prato', region: 'Toscana' });
    // Other comuni containing the word follow it.
    expect(items.map((i) => i.name)).toContain('Prato Sesia');
  });

  it('ignores case: gussago and GUSSAGO both find 017081', async () => {
    for (const q of ['gussago', 'GUSSAGO', '  Gussago  ']) {
      const items = await search(q);
      expect(items[0]?.code, q).toBe('017081');
      expect(items[0]).toMatchObject({ name: 'Gussago', province: 'Brescia', region: 'Lombardia' });
    }
  });

  it('ignores accents: forli finds Forlì, and so does Forlì', async () => {
    for (const q of ['forli', 'Forlì', 'FORLI']) {
      const items = await search(q);
      expect(items[0], q).toMatchObject({ code: '040012', name: 'Forlì' });
    }
  });

  it("treats apostrophes as word breaks, straight or typographic: Sant'Angelo Lodigiano", async () => {
    for (const q of ["sant'angelo lodigiano", 'Sant’Angelo Lodigiano', 'sant angelo lodigiano', 'SANT`ANGELO LODIGIANO']) {
      const items = await search(q);
      expect(items[0], q).toMatchObject({ code: '098050', name: "Sant'Angelo Lodigiano" });
    }
    const many = await search("Sant'Angelo");
    expect(many.length).toBeGreaterThan(10);
    expect(many.every((i) => i.name.includes("Sant'Angelo"))).toBe(true);
  });

  it('finds a comune by its ISTAT code', async () => {
    expect((await search('017081')).map((i) => i.code)).toEqual(['017081']);
    expect(await search('999999')).toEqual([]);
  });

  it('honours the limit and treats LIKE wildcards as plain text', async () => {
    expect((await search('a', '&limit=5')).length).toBe(5);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  it('answers bad parameters with 400 problem+json', async () => {
    for (const url of [
      '/api/v1/municipalities?limit=0',
      '/api/v1/municipalities?limit=abc',
      `/api/v1/municipalities?q=${'x'.repeat(101)}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
  });
});
