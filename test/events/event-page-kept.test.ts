import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/index.js';
import { followEvent, unfollowEvent } from '../../src/modules/desks/follow/service.js';
import { createDesk } from '../../src/modules/desks/setup/desks.js';
import { setBookingForm } from '../../src/modules/events/booking/answers.js';
import { romeIso } from '../../src/modules/events/catalogue/format.js';
import * as svc from '../../src/modules/events/service.js';
import { endPartnership, listPartnerships, updateOrganisation, updateVenue } from '../../src/modules/organisations/service.js';
import { createProgramme, updateProgramme } from '../../src/modules/programmes/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { type CatalogueWorld, catalogueWorld, session } from './catalogue-fixtures.js';

/**
 * An event page is shown from what the process keeps beside the event's page_version (migration 044,
 * events/catalogue/event-kept.ts). Every change of what the page shows, made here through another
 * connection to the same database as another server process would make it, is on the very next
 * page, for visitors and for staff alike.
 */
describe.each(DIALECTS)('event page kept beside its version (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  let other: Db;
  /** The events service as another process on the same database runs it. */
  const elsewhere = () => ({ ...w.deps, db: other });
  const page = async (id: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/eventi/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    w = await catalogueWorld(t);
    other = createDb(t.url);
  });
  afterAll(async () => {
    await other?.destroy();
    await t?.close();
  });

  it('shows a new title and a moved session on the next request', async () => {
    const first = session(9, '18:00');
    const id = await w.event({ title: 'Incontro SPID di giovedì', sessions: [first] });
    expect(await page(id)).toContain('Incontro SPID di giovedì');
    expect(await page(id)).toContain(`datetime="${romeIso(first.start)}"`);

    await svc.updateEvent(elsewhere(), id, { title: 'Incontro SPID di venerdì' });
    const renamed = await page(id);
    expect(renamed).toContain('Incontro SPID di venerdì');
    expect(renamed).not.toContain('di giovedì');

    const moved = session(10, '10:30');
    await svc.updateEvent(elsewhere(), id, { sessions: [moved] });
    const later = await page(id);
    expect(later).toContain(`datetime="${romeIso(moved.start)}"`);
    expect(later).not.toContain(`datetime="${romeIso(first.start)}"`);
  });

  it("shows a change of the venue, and of the venue's comune, on the next request", async () => {
    const id = await w.event({ title: 'Corso PEC a Coiano' });
    expect(await page(id)).toContain('Via di Coiano 12');
    await updateVenue(other, w.venues.coiano, { address: 'Via di Coiano 14' });
    const moved = await page(id);
    expect(moved).toContain('Via di Coiano 14');
    expect(moved).not.toContain('Via di Coiano 12');

    await svc.updateEvent(elsewhere(), id, { venue: w.venues.arci });
    expect(await page(id)).toContain('Casa del Popolo di Galciana');

    // The comuni change with an ISTAT import, by no service of the events module.
    await sql`update municipalities set name = 'Città di Prato' where code = '100005'`.execute(other.k);
    try {
      expect(await page(id)).toContain('Città di Prato');
    } finally {
      await sql`update municipalities set name = 'Prato' where code = '100005'`.execute(other.k);
    }
    expect(await page(id)).not.toContain('Città di Prato');
  });

  it("shows a partner's new name, and no longer names it once the partnership ends", async () => {
    const id = await w.event({ title: 'Laboratorio con Arci', partners: [w.arci] });
    expect(await page(id)).toContain('Arci Prato');
    await updateOrganisation(other, w.arci, { name: 'Arci Prato APS' });
    expect(await page(id)).toContain('Arci Prato APS');

    const [partnership] = (await listPartnerships(other, w.arci)).filter((p) => p.status === 'accepted');
    await endPartnership(other, partnership.id, w.arci, null);
    expect(await page(id)).not.toContain('Arci Prato APS');
  });

  it('shows the seats a booking took elsewhere on the next request, and the same page again once nothing changed', async () => {
    const id = await w.event({ title: 'Incontro con due posti', capacity: 2, maxSeatsPerBooking: 2 });
    const open = await page(id);
    expect(open).not.toMatch(/lista d.attesa/i);
    await svc.book(
      elsewhere(),
      id,
      { name: 'Anna Neri', email: 'anna@example.org', phone: '', seats: 2, privacyAccepted: true },
      { source: 'web' },
    );
    const full = await page(id);
    expect(full).toMatch(/lista d.attesa/i);
    expect(full).toContain('https://schema.org/SoldOut');
  });

  it("shows the programme's new name, new questions and a desk that follows the event on the next request", async () => {
    const programme = await createProgramme(other, null, {
      organisation: w.prato,
      name: 'Facilitazione digitale 2026',
      start: '2026-01-01',
      end: '2027-12-31',
    });
    const id = await w.event({ title: 'Corso del programma', programme: programme.id });
    expect(await page(id)).toContain('Facilitazione digitale 2026');
    await updateProgramme(other, null, programme.id, { name: 'Punti Digitale Facile' });
    expect(await page(id)).toContain('Punti Digitale Facile');

    await setBookingForm(
      other,
      id,
      { questions: [{ kind: 'text', label: 'Che telefono usi?' }] },
      { userId: null, organisationId: w.prato },
    );
    expect(await page(id)).toContain('Che telefono usi?');

    const desk = await createDesk(other, {
      organisation: w.prato,
      venue: w.venues.coiano,
      name: 'Sportello SPID del circolo',
      services: [{ code: 'spid', name: 'Attivazione SPID', durationMinutes: 30 }],
    });
    expect(await page(id)).not.toContain('Sportello SPID del circolo');
    await followEvent(other, null, desk.id, { event: id, operators: 1 });
    expect(await page(id)).toContain('Sportello SPID del circolo');
    await unfollowEvent(other, null, desk.id);
    expect(await page(id)).not.toContain('Sportello SPID del circolo');
  });

  it('leaves the number alone when a booking changes only the seats', async () => {
    const id = await w.event({ title: 'Incontro senza modifiche' });
    const version = async () => (await svc.eventPageRow(t.db, id))?.page_version;
    const before = await version();
    await svc.book(
      elsewhere(),
      id,
      { name: 'Bruno Verdi', email: 'bruno@example.org', phone: '', seats: 1, privacyAccepted: true },
      { source: 'web' },
    );
    expect(await version()).toBe(before);
    await svc.updateEvent(elsewhere(), id, { accessibility: 'Rampa sul retro.' });
    expect(await version()).toBeGreaterThan(before as number);
  });
});
