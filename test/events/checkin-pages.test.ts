import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { inDays, type World, world } from './booking-fixtures.js';
import { booking, checkinRows, clockAt, clockReset, sessionIds } from './checkin-fixtures.js';

/**
 * The check-in page without JavaScript: a typed code, a tick on the list, a walk-in, each one a
 * form post that answers with a redirect (so reloading counts nothing twice) or with the page and
 * its message in Italian and a 4xx.
 */
describe.each(DIALECTS)('check-in pages (%s)', (dialect) => {
  let w: World;
  let staff: Browser;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => clockReset());

  /** Moves the clock (sessions idle out after hours, so staff sign in again at the new time). */
  const at = async (iso: string) => {
    clockAt(iso);
    await signIn();
  };
  const signIn = async () => {
    staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
  };

  const startOf = async (eventId: string) =>
    (await w.t.db.k.selectFrom('events').select('starts_at').where('id', '=', eventId).executeTakeFirstOrThrow()).starts_at;
  const door = (id: string) => `/admin/events/${id}/ingresso`;
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('checks in by typed code and by the list, adds a walk-in, and says "già registrato" on a second scan', async () => {
    const id = await w.event({}, 2);
    const anna = await booking(w, id, { name: 'Anna Bianchi', seats: 2 });
    const bruno = await booking(w, id, { name: 'Bruno Verdi' });
    await at(await startOf(id));

    const page = await staff.get(door(id));
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Ingressi con prenotazione: 0 persone (0 prenotazioni su 2)');
    // The code field comes first and has focus, ready for the first ticket.
    expect(page.body.indexOf('id="f-code"')).toBeLessThan(page.body.indexOf('Ingressi con prenotazione'));
    expect(page.body).toMatch(/id="f-code"[^>]*autofocus/);
    expect(page.body).toContain('Anna Bianchi');
    expect(page.body).toMatch(/src="\/static\/v\/events-door\.[0-9a-f]+\.js"/);

    const typed = await staff.post(`${door(id)}/codice`, { code: anna.ticketCode.toLowerCase() }, { from: door(id) });
    expect(typed.statusCode, typed.body).toBe(303);
    const after = await staff.get(typed.headers.location as string);
    expect(text(after.body)).toContain('Anna Bianchi: ingresso registrato (2 persone).');
    expect(text(after.body)).toContain('Ingressi con prenotazione: 2 persone (1 prenotazione su 2)');
    // After a check-in the page comes back with the code field focused for the next one.
    expect(after.body).toMatch(/id="f-code"[^>]*autofocus/);

    const again = await staff.post(`${door(id)}/codice`, { code: `PONTE ${anna.ticketCode}` }, { from: door(id) });
    expect(again.statusCode).toBe(303);
    expect(text((await staff.get(again.headers.location as string)).body)).toContain(
      'Anna Bianchi: ingresso già registrato, non contato di nuovo.',
    );

    const ticked = await staff.post(`${door(id)}/lista`, { registration: bruno.id }, { from: door(id) });
    expect(ticked.statusCode).toBe(303);
    expect(text((await staff.get(ticked.headers.location as string)).body)).toContain('Bruno Verdi: ingresso registrato (1 persona).');

    const walk = await staff.post(
      `${door(id)}/senza-prenotazione`,
      { people: '3', name: '', audience: 'anziani', ageBand: '' },
      { from: door(id) },
    );
    expect(walk.statusCode, walk.body).toBe(303);
    const final = await staff.get(walk.headers.location as string);
    expect(text(final.body)).toContain('Ingresso senza prenotazione registrato: 3 persone.');
    expect(text(final.body)).toContain('Ingressi con prenotazione: 3 persone (2 prenotazioni su 2); senza prenotazione: 3 persone.');

    const rows = await checkinRows(w.t, id);
    expect(rows.map((r) => [r.method, r.people])).toEqual([
      ['code', 2],
      ['list', 1],
      ['walk-in', 3],
    ]);
    expect(rows.every((r) => r.checked_in_by)).toBe(true);

    // Undo a wrong tick from the list.
    const undo = await staff.post(`${door(id)}/annulla`, { checkin: rows[1].id }, { from: door(id) });
    expect(undo.statusCode).toBe(303);
    expect(text((await staff.get(undo.headers.location as string)).body)).toContain('Ingresso annullato.');
    expect(await checkinRows(w.t, id)).toHaveLength(2);
    const twice = await staff.post(`${door(id)}/annulla`, { checkin: rows[1].id }, { from: door(id) });
    expect(twice.statusCode).toBe(409);
  });

  it('answers a wrong code, a day too early or a bad walk-in with the page, its message and a 4xx', async () => {
    const id = await w.event({}, 2);
    const other = await w.event({}, 2);
    const anna = await booking(w, id, { name: 'Anna Bianchi' });
    const elsewhere = await booking(w, other);

    await signIn();
    const early = await staff.post(`${door(id)}/codice`, { code: anna.ticketCode }, { from: door(id) });
    expect(early.statusCode).toBe(409);
    expect(text(early.body)).toContain("Gli ingressi si registrano dal giorno dell'incontro");

    await at(await startOf(id));
    const empty = await staff.post(`${door(id)}/codice`, { code: '' }, { from: door(id) });
    expect(empty.statusCode).toBe(400);
    expect(text(empty.body)).toContain('scrivi il codice del biglietto o scansiona il QR');
    const wrong = await staff.post(`${door(id)}/codice`, { code: elsewhere.ticketCode }, { from: door(id) });
    expect(wrong.statusCode).toBe(404);
    expect(text(wrong.body)).toContain('codice non trovato tra le prenotazioni di questo evento');
    // The typed code stays in the field, to be corrected.
    expect(wrong.body).toContain(`value="${elsewhere.ticketCode}"`);
    const [otherSession] = await sessionIds(w.t, other);
    const foreign = await staff.post(`${door(id)}/lista`, { registration: anna.id, sessione: otherSession }, { from: door(id) });
    expect(foreign.statusCode).toBe(422);
    const stranger = await staff.post(`${door(id)}/lista`, { registration: elsewhere.id }, { from: door(id) });
    expect(stranger.statusCode).toBe(404);
    const badPeople = await staff.post(`${door(id)}/senza-prenotazione`, { people: 'tre' }, { from: door(id) });
    expect(badPeople.statusCode).toBe(400);
    expect(text(badPeople.body)).toContain('indica un numero intero, ad esempio 1');
    const badAudience = await staff.post(`${door(id)}/senza-prenotazione`, { people: '1', audience: 'marziani' }, { from: door(id) });
    expect(badAudience.statusCode).toBe(400);
    expect(text(badAudience.body)).toContain('destinatario non valido');
    const noBody = await staff.post(`${door(id)}/lista`, {}, { from: door(id) });
    expect(noBody.statusCode).toBe(400);
    expect(await checkinRows(w.t, id)).toEqual([]);
  });

  it('works one session at a time for a course: today’s by default, another one by choice', async () => {
    const s1 = inDays(2);
    const s2 = inDays(9);
    const id = await w.event(
      {
        type: 'corso',
        sessions: [
          { start: s1, end: DateTime.fromISO(s1).plus({ hours: 2 }).toISO() },
          { start: s2, end: DateTime.fromISO(s2).plus({ hours: 2 }).toISO() },
        ],
      },
      2,
    );
    const [first, second] = await sessionIds(w.t, id);
    const anna = await booking(w, id, { name: 'Anna Bianchi' });
    await at(DateTime.fromISO(s2).plus({ minutes: 1 }).toISO()!);
    const page = await staff.get(door(id));
    expect(page.body).toContain(`<option value="${second}" selected`);
    expect(page.body).toMatch(/Incontro 2: /);
    const res = await staff.post(`${door(id)}/lista`, { registration: anna.id, sessione: first }, { from: door(id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain(`sessione=${first}`);
    const firstPage = await staff.get(res.headers.location as string);
    expect(firstPage.body).toContain(`<option value="${first}" selected`);
    expect(text(firstPage.body)).toContain('Ingressi con prenotazione: 1 persona (1 prenotazione su 1)');
    expect(text(firstPage.body)).not.toMatch(/\b1 persone|\b1 prenotazioni/);
    expect(text((await staff.get(`${door(id)}?sessione=${second}`)).body)).toContain(
      'Ingressi con prenotazione: 0 persone (0 prenotazioni su 1)',
    );
  });

  it('is linked from the event and registrations pages, and closed to other organisations', async () => {
    const id = await w.event({}, 2);
    await signIn();
    expect((await staff.get(`/admin/events/${id}`)).body).toContain(`href="/admin/events/${id}/ingresso"`);
    const regs = await staff.get(`/admin/events/${id}/registrations`);
    expect(regs.body).toContain(`href="/admin/events/${id}/presenze"`);
    expect(regs.body).toContain(`href="/admin/events/${id}/iscritti.csv"`);
    const outsider = new Browser(w.t.app);
    await outsider.signIn('staff@firenze.example', 'una-password-lunga');
    expect((await outsider.get(door(id))).statusCode).toBe(403);
    expect((await outsider.get(`/admin/events/${id}/presenze`)).statusCode).toBe(403);
    expect((await outsider.get(`/admin/events/${id}/iscritti.csv`)).statusCode).toBe(403);
    const anna = await booking(w, id);
    await at(await startOf(id));
    await outsider.signIn('staff@firenze.example', 'una-password-lunga');
    const refused = await outsider.post(`${door(id)}/codice`, { code: anna.ticketCode }, { from: '/login' });
    expect(refused.statusCode).toBe(403);
    expect(await checkinRows(w.t, id)).toEqual([]);
    expect(await events.getEvent(w.t.db, id)).toBeTruthy();
  });
});
