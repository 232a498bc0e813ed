import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { Browser, DIALECTS } from '../helpers.js';
import { BASE_URL, drain, expectProblem, type World, world } from './booking-fixtures.js';
import { afterEnd, afterStart, book, checkIn, footprint } from './messages-fixtures.js';

interface Audience {
  status: string;
  reachable: number;
  withoutEmail: number;
}

describe.each(DIALECTS)('messages to the people of an event (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  /** Ada and Bea booked with an e-mail, Carlo by phone only, Dario waits, Elena booked and cancelled, Fabio erased his data. */
  async function people(tag: string) {
    const eventId = await w.event({ capacity: 4 }, 3);
    const ada = await book(w, eventId, { name: 'Ada', email: `ada.${tag}@example.org` });
    const bea = await book(w, eventId, { name: 'Bea', email: `bea.${tag}@example.org` });
    const carlo = await book(w, eventId, { name: 'Carlo', phone: '0574 616161' });
    const fabio = await book(w, eventId, { name: 'Fabio', email: `fabio.${tag}@example.org` });
    const dario = await book(w, eventId, { name: 'Dario', email: `dario.${tag}@example.org` });
    expect(dario.status).toBe('waitlisted');
    const elena = await book(w, eventId, { name: 'Elena', email: `elena.${tag}@example.org` });
    expect(elena.status).toBe('waitlisted');
    const cancel = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${elena.id}?token=${elena.manageToken}` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await drain(w.t);
    w.smtp.clear();
    return { eventId, ada, bea, carlo, dario, elena, fabio };
  }

  const audience = async (eventId: string): Promise<Record<string, Audience>> => {
    const res = await w.staff('GET', `/api/v1/events/${eventId}/messages`);
    expect(res.statusCode, res.body).toBe(200);
    return Object.fromEntries((res.json().audience as Audience[]).map((a) => [a.status, a]));
  };

  const send = (eventId: string, body: unknown) => w.staff('POST', `/api/v1/events/${eventId}/messages`, body);

  const receivers = (tag: string) =>
    ['ada', 'bea', 'dario', 'elena', 'fabio'].filter((n) => w.smtp.to(`${n}.${tag}@example.org`).length > 0);

  it('counts who each group reaches, and writes to exactly the people of the groups chosen', async () => {
    const p = await people('groups');
    // Before the event nobody is missing yet.
    let counts = await audience(p.eventId);
    expect(counts.booked).toMatchObject({ reachable: 3, withoutEmail: 1 });
    expect(counts['checked-in']).toMatchObject({ reachable: 0, withoutEmail: 0 });
    expect(counts['no-show']).toMatchObject({ reachable: 0, withoutEmail: 0 });
    expect(counts.waiting).toMatchObject({ reachable: 1, withoutEmail: 0 });

    await afterStart(w, p.eventId);
    await checkIn(w, p.eventId, p.ada);
    // Fabio came too, and after the event erased his data through his link: he is never written to again.
    await checkIn(w, p.eventId, p.fabio);
    await afterEnd(w, p.eventId, 3_600_000);
    const erase = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${p.fabio.id}/personal-data?token=${p.fabio.manageToken}`,
    });
    expect(erase.statusCode, erase.body).toBeLessThan(300);
    counts = await audience(p.eventId);
    expect(counts.booked).toMatchObject({ reachable: 2, withoutEmail: 1 });
    expect(counts['checked-in']).toMatchObject({ reachable: 1, withoutEmail: 0 });
    expect(counts['no-show']).toMatchObject({ reachable: 1, withoutEmail: 1 });
    expect(counts.waiting).toMatchObject({ reachable: 1, withoutEmail: 0 });

    const cases: [string[], string[]][] = [
      [['checked-in'], ['ada']],
      [['no-show'], ['bea']],
      [['waiting'], ['dario']],
      [['booked'], ['ada', 'bea']],
      [
        ['checked-in', 'no-show', 'booked'],
        ['ada', 'bea'],
      ],
      [
        ['booked', 'waiting'],
        ['ada', 'bea', 'dario'],
      ],
    ];
    for (const [statuses, expected] of cases) {
      w.smtp.clear();
      const subject = `Materiali dell'incontro (${statuses.join(', ')})`;
      const res = await send(p.eventId, { statuses, subject, body: 'Trovate le slide sul sito.\nA presto!' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ id: expect.any(String), recipients: expected.length });
      await drain(w.t);
      expect(receivers('groups'), statuses.join(',')).toEqual(expected);
      for (const name of expected) {
        const mails = w.smtp.to(`${name}.groups@example.org`);
        expect(mails.map((m) => m.subject)).toEqual([subject]);
        expect(mails[0].text).toContain('Trovate le slide sul sito.\nA presto!');
      }
    }

    // The e-mail carries the event, the personal manage link and why the person receives it.
    w.smtp.clear();
    await send(p.eventId, { statuses: ['checked-in'], subject: 'Grazie', body: 'Grazie di essere venuta.' });
    await drain(w.t);
    const [mail] = w.smtp.to('ada.groups@example.org');
    expect(mail.text).toContain('Gentile Ada,');
    expect(mail.text).toContain('Evento: Incontro sullo SPID');
    expect(mail.text).toContain('Circolo di Coiano');
    expect(mail.text).toContain(`${BASE_URL}/prenotazioni/${p.ada.id}?token=${p.ada.manageToken}`);
    expect(mail.text).toContain('Ricevi questo messaggio perché hai partecipato a "Incontro sullo SPID".');
    expect(mail.html).toContain('Grazie di essere venuta.');

    // The messages are listed, the latest first, with the groups and the number of recipients.
    const list = (await w.staff('GET', `/api/v1/events/${p.eventId}/messages`)).json();
    expect(list.items).toHaveLength(cases.length + 1);
    expect(list.items[0]).toMatchObject({ subject: 'Grazie', statuses: ['checked-in'], recipients: 1 });
    // No job carries an address or a name: only ids.
    const payloads = await w.t.db.k.selectFrom('jobs').select('payload').where('kind', '=', 'events.message').execute();
    for (const { payload } of payloads) expect(Object.keys(JSON.parse(payload)).sort()).toEqual(['messageId', 'registrationId']);
    expect(payloads.map((x) => x.payload).join()).not.toContain('@');
  });

  it('lets staff write from the event page without JavaScript; a wrong form comes back with the errors', async () => {
    const p = await people('page');
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    expect((await staff.get(`/admin/events/${p.eventId}`)).body).toContain(`href="/admin/events/${p.eventId}/messaggi"`);
    const url = `/admin/events/${p.eventId}/messaggi`;
    const page = await staff.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Messaggi ai partecipanti: Incontro sullo SPID');
    expect(page.body).toContain('3 con e-mail');
    expect(page.body).toContain('1 senza e-mail');
    expect(page.body).toContain("si potrà scegliere dopo l'inizio dell'evento");
    expect(page.body).toContain('Nessun messaggio inviato finora.');

    const before = await footprint(w, p.eventId);
    const empty = await staff.post(url, { subject: '', body: '' }, { from: url });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('scegli a chi scrivere');
    expect(empty.body).toContain("scrivi l'oggetto");
    const nobody = await staff.post(url, { statuses: 'checked-in', subject: 'Grazie', body: 'Grazie a tutti' }, { from: url });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.body).toContain('Nessun destinatario');
    // The text typed is kept.
    expect(nobody.body).toContain('Grazie a tutti');
    expect(await footprint(w, p.eventId)).toEqual(before);

    const sent = await staff.post(
      url,
      { statuses: ['booked', 'waiting'], subject: 'Cambio di sala', body: 'Ci vediamo nella sala grande.' },
      { from: url },
    );
    expect(sent.statusCode).toBe(303);
    const after = await staff.get(sent.headers.location as string);
    expect(after.body).toContain('Messaggio in invio a 4 persone.');
    expect(after.body).toContain('Cambio di sala');
    await drain(w.t);
    expect(receivers('page')).toEqual(['ada', 'bea', 'dario', 'fabio']);

    // Another organisation's staff cannot see the page.
    expect((await w.outsider('GET', url)).statusCode).toBe(403);
  });

  it('writes in the language of the booking', async () => {
    const eventId = await w.event({}, 3);
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/registrations`,
      payload: { name: 'Jane', email: 'jane.msg@example.org', seats: 1 },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(201);
    await drain(w.t);
    w.smtp.clear();
    expect((await send(eventId, { statuses: ['booked'], subject: 'Cambio sala', body: 'Ci vediamo al primo piano.' })).statusCode).toBe(
      201,
    );
    await drain(w.t);
    const [mail] = w.smtp.to('jane.msg@example.org');
    expect(mail.subject).toBe('Cambio sala');
    expect(mail.text).toContain('Dear Jane,');
    expect(mail.text).toContain('You receive this message because you booked "Incontro sullo SPID".');
  });

  it('refuses a message that reaches nobody, an unknown group, an empty subject or body: 422, nothing written', async () => {
    const p = await people('refused');
    const before = await footprint(w, p.eventId);
    // Before the event started there are no no-shows, and nobody was checked in.
    for (const statuses of [['no-show'], ['checked-in'], ['checked-in', 'no-show']]) {
      const problem = expectProblem(await send(p.eventId, { statuses, subject: 'Ciao', body: 'Un saluto' }), 422);
      expect(problem.detail).toMatch(/Nessun destinatario/);
    }
    const bad: [unknown, string][] = [
      [{ statuses: ['tutti'], subject: 'Ciao', body: 'Un saluto' }, 'statuses'],
      [{ statuses: [], subject: 'Ciao', body: 'Un saluto' }, 'statuses'],
      [{ statuses: ['booked'], subject: '   ', body: 'Un saluto' }, 'subject'],
      [{ statuses: ['booked'], subject: 'Ciao', body: '' }, 'body'],
      [{ statuses: ['booked'], subject: 'Riga uno\nRiga due', body: 'Un saluto' }, 'subject'],
      [{ statuses: ['booked'], subject: 'x'.repeat(151), body: 'Un saluto' }, 'subject'],
      [{ statuses: ['booked'], subject: 'Ciao', body: 'x'.repeat(5001) }, 'body'],
    ];
    for (const [body, field] of bad) {
      const problem = expectProblem(await send(p.eventId, body), 422);
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
    // Wrong types are a 400.
    expectProblem(await send(p.eventId, { statuses: 'booked', subject: 1, body: null }), 400);
    expect(await footprint(w, p.eventId)).toEqual(before);

    // A cancelled event has nobody left to write to.
    const cancelled = await w.event({}, 3);
    await book(w, cancelled, { name: 'Gino', email: 'gino.refused@example.org' });
    await w.staff('POST', `/api/v1/events/${cancelled}/cancel`, { reason: 'Sala non disponibile' });
    expectProblem(await send(cancelled, { statuses: ['booked', 'waiting'], subject: 'Ciao', body: 'Un saluto' }), 422);
  });

  it('lets only the staff of the organiser write or read the messages', async () => {
    const p = await people('tenancy');
    const before = await footprint(w, p.eventId);
    const body = { statuses: ['booked'], subject: 'Ciao', body: 'Un saluto' };
    expectProblem(await w.outsider('POST', `/api/v1/events/${p.eventId}/messages`, body), 403);
    expectProblem(await w.outsider('GET', `/api/v1/events/${p.eventId}/messages`), 403);
    expectProblem(await w.t.app.inject({ method: 'POST', url: `/api/v1/events/${p.eventId}/messages`, payload: body }), 401);
    expect(await footprint(w, p.eventId)).toEqual(before);
    expectProblem(await send('01890000-0000-7000-8000-000000000000', body), 404);
  });

  it('skips at sending time a person who cancelled after the message was written', async () => {
    const p = await people('late');
    const res = await send(p.eventId, { statuses: ['booked'], subject: 'Promemoria', body: 'Portate la tessera sanitaria.' });
    expect(res.json().recipients).toBe(3);
    const cancel = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${p.bea.id}?token=${p.bea.manageToken}` });
    expect(cancel.statusCode).toBe(200);
    await drain(w.t);
    expect(w.smtp.to('bea.late@example.org').filter((m) => m.subject === 'Promemoria')).toEqual([]);
    expect(w.smtp.to('ada.late@example.org').map((m) => m.subject)).toContain('Promemoria');
  });

  it('caps the messages of one event at 10 in 24 hours', async () => {
    const eventId = await w.event({}, 3);
    await book(w, eventId, { name: 'Ugo', email: 'ugo.cap@example.org' });
    for (let i = 0; i < 10; i++) {
      expect((await send(eventId, { statuses: ['booked'], subject: `Avviso ${i}`, body: 'Testo' })).statusCode).toBe(201);
    }
    const before = await footprint(w, eventId);
    expectProblem(await send(eventId, { statuses: ['booked'], subject: 'Avviso 11', body: 'Testo' }), 429);
    expect(await footprint(w, eventId)).toEqual(before);
    setClockOffset(86_400_000 + 60_000);
    expect((await send(eventId, { statuses: ['booked'], subject: 'Il giorno dopo', body: 'Testo' })).statusCode).toBe(201);
  });
});
