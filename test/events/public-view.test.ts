import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as svc from '../../src/modules/events/service.js';
import { answerPartnership, requestPartnership } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { type CatalogueWorld, catalogueWorld, PASSWORD, session } from './catalogue-fixtures.js';

// What a stranger observes of an event: the seats as a band, so that typing someone's address in
// the booking form moves nothing a stranger can see; and only the partners that accepted.

const bookingForm = (over: Record<string, string>) => ({
  name: 'Anna Rossi',
  email: 'anna@example.org',
  phone: '',
  seats: '1',
  audience: '',
  ageBand: '',
  privacyAccepted: '1',
  ...over,
});

/** What differs between two events created alike: their ids and creation instants. */
function alike(body: string, id: string): string {
  return body
    .replaceAll(id, 'ID')
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/nonce="[^"]*"/g, '')
    .replace(/"(createdAt|updatedAt)":"[^"]*"/g, '"$1":""');
}

describe.each(DIALECTS)('what the public sees of an event (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    w = await catalogueWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, lang = 'it') => t.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });

  /** Books through the public form as a stranger, with a fresh browser. */
  async function submit(eventId: string, over: Record<string, string>) {
    const res = await new Browser(t.app).post(`/eventi/${eventId}/prenota`, bookingForm(over), { from: `/eventi/${eventId}` });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** Everything a stranger can read about an event: its page, the booking page, the API, the catalogue, the calendar. */
  async function observed(id: string, lang = 'it'): Promise<string[]> {
    const catalogue = (await get('/api/v1/events?q=soglia', lang)).json() as { items: { id: string }[] };
    return [
      (await get(`/eventi/${id}`, lang)).body,
      (await get(`/eventi/${id}/prenota`, lang)).body,
      (await get(`/api/v1/events/${id}`, lang)).body,
      JSON.stringify(catalogue.items.find((i) => i.id === id)),
      (await get(`/eventi?q=soglia`, lang)).body.includes(id) ? 'listed' : 'not listed',
    ].map((b) => alike(b, id));
  }

  it('shows the same whether or not the address typed in the form had booked', async () => {
    const s = session(12);
    const twin = { title: 'Incontro sulla soglia', capacity: 10, sessions: [s] };
    const booked = await w.event(twin);
    const fresh = await w.event(twin);
    // Both events hold one booking; Anna's is on the first only.
    await svc.book(w.deps, booked, { name: 'Anna Rossi', email: 'anna@example.org', seats: 1, privacyAccepted: true }, { source: 'web' });
    await svc.book(w.deps, fresh, { name: 'Bruno Neri', email: 'bruno@example.org', seats: 1, privacyAccepted: true }, { source: 'web' });
    // A stranger types Anna's address on both.
    await submit(booked, {});
    await submit(fresh, {});
    const a = await observed(booked);
    const b = await observed(fresh);
    expect(a).toEqual(b);
    expect(a[0]).toContain('Posti disponibili');
    expect(a[0]).not.toMatch(/posti liberi su|In lista d'attesa: \d/);
    expect(JSON.parse(a[2])).toMatchObject({ availability: 'available', capacity: 10 });
    expect(JSON.parse(a[2]).seatsLeft).toBeUndefined();
    expect(JSON.parse(a[3]).seatsLeft).toBeUndefined();
    const ld = /<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/.exec(a[0])?.[1] ?? '{}';
    expect(JSON.parse(ld).remainingAttendeeCapacity).toBeUndefined();
    expect(await observed(booked, 'en')).toEqual(await observed(fresh, 'en'));
    expect((await get(`/eventi/${booked}`, 'en')).body).toContain('Seats available');

    // The staff see the exact numbers: two bookings on one, one on the other.
    const staff = new Browser(t.app);
    await staff.signIn(w.staffEmail, PASSWORD);
    const list = await staff.get(`/admin/organisations/${w.prato}/events`);
    expect(list.body).toContain('2 / 10');
    expect(list.body).toContain('1 / 10');
  });

  it('says "ultimi posti" and "completo" without counting', async () => {
    const id = await w.event({ title: 'Incontro quasi pieno', capacity: 4, maxSeatsPerBooking: 4 });
    await svc.book(w.deps, id, { name: 'Carla', email: 'carla@example.org', seats: 2, privacyAccepted: true }, { source: 'web' });
    expect((await get(`/eventi/${id}`)).body).toContain('Ultimi posti disponibili');
    expect((await get(`/api/v1/events/${id}`)).json()).toMatchObject({ availability: 'limited', full: false });
    await svc.book(w.deps, id, { name: 'Dario', email: 'dario@example.org', seats: 2, privacyAccepted: true }, { source: 'web' });
    const page = (await get(`/eventi/${id}`)).body;
    expect(page).toContain("Completo – lista d'attesa");
    expect((await get(`/eventi/${id}`, 'en')).body).toContain('Full – waiting list');
    expect((await get(`/api/v1/events/${id}`)).json()).toMatchObject({ availability: 'full', full: true });
  });

  it('names publicly only the partners that accepted; staff see the others as awaiting confirmation', async () => {
    const id = await w.event({ title: 'Incontro con partner', partners: [w.arci, w.crema] });
    const page = (await get(`/eventi/${id}`)).body;
    expect(page).toContain('Arci Prato');
    expect(page).not.toContain('Consorzio.it');
    const ld = /<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '{}';
    expect(JSON.parse(ld).sponsor).toEqual([{ '@type': 'Organization', name: 'Arci Prato' }]);
    const api = (await get(`/api/v1/events/${id}`)).json();
    expect(api.partners).toEqual([{ id: w.arci, name: 'Arci Prato' }]);
    expect(api.partnersPending).toBeUndefined();
    // The catalogue and calendar of the organisation named without consent do not list the event.
    const listed = async (org: string) =>
      ((await get(`/api/v1/events?organisation=${org}&limit=100`)).json() as { items: { id: string }[] }).items.some((i) => i.id === id);
    expect(await listed(w.crema)).toBe(false);
    expect(await listed(w.arci)).toBe(true);
    expect((await get(`/calendario/organizzazioni/${w.crema}.ics`)).body).not.toContain('Incontro con partner');
    expect((await get(`/eventi?organisation=${w.crema}`)).body).not.toContain('Incontro con partner');

    const staff = new Browser(t.app);
    await staff.signIn(w.staffEmail, PASSWORD);
    const edit = await staff.get(`/admin/events/${id}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Consorzio.it (in attesa di conferma)');
    const staffApi = await staff.get(`/api/v1/events/${id}`);
    expect(staffApi.json().partnersPending).toEqual([{ id: w.crema, name: 'Consorzio.it' }]);

    // Once Consorzio.it accepts, it is named everywhere.
    const asked = await requestPartnership(t.db, w.prato, { partner: w.crema }, null);
    await answerPartnership(t.db, asked.id, w.crema, 'accept', null);
    expect((await get(`/eventi/${id}`)).body).toContain('Consorzio.it');
    expect(await listed(w.crema)).toBe(true);
    expect((await staff.get(`/admin/events/${id}`)).body).not.toContain('in attesa di conferma');
  });
});
