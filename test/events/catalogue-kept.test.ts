import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { createDb, type Db } from '../../src/db/index.js';
import { catalogueMunicipalities } from '../../src/modules/events/catalogue/catalogue.js';
import * as svc from '../../src/modules/events/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { type CatalogueWorld, catalogueWorld, session } from './catalogue-fixtures.js';

interface Item {
  id: string;
  title: string;
  availability: string;
  topics: string[];
}

/**
 * The catalogue keeps which events a page lists between changes (events/catalogue/kept.ts, migration
 * 043): every change, made by this process or by another one on the same database, and every
 * booking and every event that ends, is in the very next answer.
 */
describe.each(DIALECTS)('catalogue pages kept between changes (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  let other: Db;
  const ids: Record<string, string> = {};

  const list = async (query: string): Promise<Item[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Item[] }).items;
  };
  const idsOf = async (query: string) => (await list(query)).map((i) => i.id);
  /** The events service as another server process on the same database runs it. */
  const elsewhere = () => ({ ...w.deps, db: other });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await catalogueWorld(t);
    other = createDb(t.url);
    ids.first = await w.event({ title: 'SPID: il primo incontro', topics: ['spid'], sessions: [session(2, '10:00')] });
    ids.second = await w.event({ title: 'SPID: il secondo', topics: ['spid'], capacity: 1, maxSeatsPerBooking: 1, sessions: [session(3)] });
    ids.crema = await w.event({
      organisation: w.crema,
      title: 'PagoPA a Crema',
      venue: w.venues.crema,
      topics: ['pagopa'],
      sessions: [session(4)],
    });
  });
  afterEach(() => setClockOffset(0));
  afterAll(async () => {
    setClockOffset(0);
    await other?.destroy();
    await t?.close();
  });

  it('shows what another process changed in the next answer: tags, titles, new and cancelled events', async () => {
    expect(await idsOf('topic=spid')).toEqual([ids.first, ids.second]);
    expect(await idsOf('topic=spid')).toEqual([ids.first, ids.second]);

    await svc.updateEvent(elsewhere(), ids.crema, { topics: ['pagopa', 'spid'] });
    expect(await idsOf('topic=spid')).toEqual([ids.first, ids.second, ids.crema]);
    expect((await list('topic=pagopa'))[0].topics).toEqual(['spid', 'pagopa']);

    await other.k.updateTable('events').set({ title: 'SPID: titolo nuovo' }).where('id', '=', ids.second).execute();
    expect((await list('topic=spid'))[1].title).toBe('SPID: titolo nuovo');

    const added = await svc.createEvent(elsewhere(), null, {
      organisation: w.prato,
      title: 'SPID: il più vicino',
      type: 'incontro',
      format: 'in_presenza',
      venue: w.venues.coiano,
      capacity: 10,
      maxSeatsPerBooking: 2,
      status: 'published',
      topics: ['spid'],
      audiences: ['tutti'],
      sessions: [session(1)],
    });
    expect(await idsOf('topic=spid')).toEqual([added.id, ids.first, ids.second, ids.crema]);

    await svc.cancelEvent(elsewhere(), added.id, 'Sala non disponibile');
    expect(await idsOf('topic=spid')).toEqual([ids.first, ids.second, ids.crema]);
    // A change of the dates moves the event in the order.
    await svc.updateEvent(elsewhere(), ids.first, { sessions: [session(5)] });
    expect(await idsOf('topic=spid')).toEqual([ids.second, ids.crema, ids.first]);
  });

  it('shows the seats as they are on every request', async () => {
    const before = (await list('topic=spid')).find((i) => i.id === ids.second);
    expect(before?.availability).not.toBe('full');
    await svc.book(
      elsewhere(),
      ids.second,
      { name: 'Anna Rossi', email: 'anna@example.org', seats: 1, privacyAccepted: true },
      { source: 'web' },
    );
    expect((await list('topic=spid')).find((i) => i.id === ids.second)?.availability).toBe('full');
    expect(await idsOf('topic=spid&available=1')).not.toContain(ids.second);
  });

  it('leaves out events that ended, and the comuni left without one, without any change to the database', async () => {
    const codes = async () => (await catalogueMunicipalities(t.db)).map((m) => m.code);
    expect(await idsOf('topic=spid')).toContain(ids.second);
    expect(await codes()).toEqual(expect.arrayContaining(['100005', '019035']));
    // A minute past the end of the Crema event (4 days ahead), the one moved to 5 days ahead still to come.
    setClockOffset(Date.parse(session(4).end) + 60_000 - Date.now());
    expect(await idsOf('topic=spid')).toEqual([ids.first]);
    expect(await codes()).toEqual(['100005']);
    setClockOffset(0);
    expect(await codes()).toEqual(expect.arrayContaining(['100005', '019035']));
  });
});
