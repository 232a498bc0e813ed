import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { now, ZONE } from '../../src/core/time.js';
import type { DemoIds } from '../../src/demo/seed.js';
import { getProgramme, listProgrammes } from '../../src/modules/programmes/service.js';
import { createDemoDb, DIALECTS, type TestDb } from '../helpers.js';

describe.each(DIALECTS)('demo programmes (%s)', (dialect) => {
  let t: TestDb;
  let ids: DemoIds;
  beforeAll(async () => {
    const d = await createDemoDb(dialect);
    t = d;
    ({ ids } = d.demo);
  });
  afterAll(() => t.cleanup());

  it('seeds the five seed programmes and hands their ids to the next seeders', async () => {
    expect(Object.keys(ids.programmes).sort()).toEqual(['consorzio', 'firenze', 'gussago', 'prato', 'valnure']);
    expect(await listProgrammes(t.db, null)).toHaveLength(5);
    const year = DateTime.fromJSDate(now(), { zone: ZONE }).year;

    const prato = await getProgramme(t.db, ids.programmes.prato);
    expect(prato).toMatchObject({ name: `Agenda Digitale Prato ${year}`, funding: 'Fondi propri', nationalReporting: false });
    expect(prato.organisation.id).toBe(ids.organisations.prato);
    expect(prato.partners.map((p) => p.id).sort()).toEqual(
      [ids.organisations.arci, ids.organisations.acli, ids.organisations.mcl, ids.organisations.museo].sort(),
    );
    expect(prato.targets.map((x) => [x.metric, x.value])).toEqual([
      ['events', 10],
      ['participants', 500],
    ]);

    const firenze = await getProgramme(t.db, ids.programmes.firenze);
    expect(firenze.targets.map((x) => [x.metric, x.value, x.deadline])).toEqual([
      ['unique_citizens', 5000, `${year}-12-31`],
      ['unique_citizens', 18000, `${year + 1}-12-31`],
      ['events', 35, `${year + 1}-12-31`],
    ]);

    const cremasco = await getProgramme(t.db, ids.programmes.consorzio);
    expect(cremasco).toMatchObject({ name: 'Facilitazione Digitale Cremasco', funding: 'PNRR M1C1 1.7.2', nationalReporting: true });
    expect(await getProgramme(t.db, ids.programmes.valnure)).toMatchObject({
      name: 'Giovani Animatori Digitali',
      funding: 'Bando Partecipazione',
    });
    expect(await getProgramme(t.db, ids.programmes.gussago)).toMatchObject({ name: 'Smart Polis', end: `${year + 1}-06-30` });
  });
});
