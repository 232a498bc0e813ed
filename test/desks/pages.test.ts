import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { seedDemo } from '../../src/demo/seed.js';
import * as desks from '../../src/modules/desks/service.js';
import { Browser, createTestDb, DIALECTS } from '../helpers.js';
import { at, deliver, everyDay, openDate, PAGOPA, PASSWORD, type World, world } from './fixtures.js';

const label = (date: string, from: string, to: string) =>
  `${DateTime.fromISO(date).setLocale('it').toFormat('cccc d LLLL')}, ${from.replace(/^0/, '')}–${to.replace(/^0/, '')}`;

const decode = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe.each(DIALECTS)('help desk pages (%s)', (dialect) => {
  let w: World;
  let deskId: string;
  beforeAll(async () => {
    w = await world(dialect, { loginRateLimitMax: 1000 });
    deskId = await w.desk({ description: 'Aperto tutte le mattine.' });
  });
  afterAll(() => w.close());
  afterEach(() => setClockOffset(0));

  const citizen = () => new Browser(w.t.app);
  const staff = async (email = 'staff@prato.example') => {
    const b = new Browser(w.t.app);
    await b.signIn(email, PASSWORD);
    return b;
  };

  it('lists desks by service and near a comune, in Italian', async () => {
    const other = await w.desk({ organisation: w.consorzio, venue: w.pandino, name: 'Sportello di Pandino' });
    const b = citizen();
    const all = await b.get('/sportelli');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<h1>Sportelli di facilitazione digitale</h1>');
    expect(all.body).toContain('Sportello SPID di Coiano');
    const near = await b.get('/sportelli?servizio=spid&comune=Pandino');
    expect(near.statusCode).toBe(200);
    const body = decode(near.body);
    expect(body.indexOf('Nel tuo comune')).toBeLessThan(body.indexOf('Sportello di Pandino'));
    expect(body.indexOf('Sportello di Pandino')).toBeLessThan(body.indexOf('Altri sportelli'));
    expect(body.indexOf('Altri sportelli')).toBeLessThan(body.indexOf('Sportello SPID di Coiano'));
    expect(near.body).toContain(`/sportelli/${other}/prenota?servizio=spid`);
    const unknown = await b.get('/sportelli?comune=Atlantide');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('comune non trovato');
  });

  it('lists the desks of the region first for a comune without one, says so, and suggests a comune for a typo', async () => {
    const crema = await w.desk({ organisation: w.consorzio, venue: w.crema, name: 'Sportello di Crema', services: [PAGOPA] });
    const prato = await w.desk({ name: 'Sportello PagoPA di Coiano', services: [PAGOPA] });
    const b = citizen();
    const firenze = await b.get('/sportelli?servizio=pagopa&comune=Firenze');
    expect(firenze.statusCode).toBe(200);
    const body = decode(firenze.body);
    expect(body).toContain('A Firenze non ci sono sportelli che corrispondono alla ricerca');
    expect(body.indexOf(`/sportelli/${prato}"`)).toBeGreaterThan(0);
    expect(body.indexOf(`/sportelli/${prato}"`)).toBeLessThan(body.indexOf(`/sportelli/${crema}"`));
    const typo = await b.get('/sportelli?comune=Prto');
    expect(typo.statusCode).toBe(400);
    expect(decode(typo.body)).toContain('forse intendevi: Prato (PO)');
    // Where there is a desk in the comune, nothing is said.
    expect(decode((await b.get('/sportelli?servizio=pagopa&comune=Prato')).body)).not.toContain('non ci sono sportelli');
  });

  it('shows a desk: services with what to bring, hours, address and map link', async () => {
    const res = await citizen().get(`/sportelli/${deskId}`);
    expect(res.statusCode).toBe(200);
    const body = decode(res.body);
    expect(body).toContain('Attivazione SPID');
    expect(body).toContain("documento d'identità valido");
    expect(body).toContain('lunedì</span>: 09:00–12:30');
    expect(body).toContain('Circolo Arci di Coiano');
    expect(body).toContain('openstreetmap.org');
    expect((await citizen().get('/sportelli/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('books without an account: slot buttons named with the full date, a 5-minute hold, confirmation, then cancellation', async () => {
    const b = citizen();
    const date = openDate(3);
    const picker = await b.get(`/sportelli/${deskId}/prenota?servizio=spid&giorno=${date}`);
    expect(picker.statusCode).toBe(200);
    expect(picker.body).toContain(`aria-label="${label(date, '09:30', '10:00')}"`);
    expect(picker.body).toMatch(/>9:30–10:00<\/button>/);
    const start = at(date, '09:30');
    const held = await b.post(
      `/sportelli/${deskId}/prenota`,
      { servizio: 'spid', start },
      { from: `/sportelli/${deskId}/prenota?servizio=spid&giorno=${date}` },
    );
    expect(held.statusCode, held.body).toBe(303);
    const detailsUrl = held.headers.location as string;
    expect(detailsUrl).toMatch(/\/prenota\/dati\?hold=/);
    expect(await w.t.db.k.selectFrom('desk_holds').select('id').where('desk_id', '=', deskId).execute()).toHaveLength(1);
    const details = await b.get(detailsUrl);
    expect(details.statusCode).toBe(200);
    expect(details.body).toContain('tenuto per te per 5 minuti');
    expect(decode(details.body)).toContain('tessera sanitaria');
    const hold = new URL(detailsUrl, 'http://x').searchParams.get('hold')!;
    // A form with an error: shown next to the field, nothing booked, the hold kept.
    const bad = await b.post(
      `/sportelli/${deskId}/prenota/dati`,
      { hold, servizio: 'spid', start, name: 'Anna Bianchi', email: '', phone: '' },
      { from: detailsUrl },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('indica un indirizzo e-mail o un numero di telefono');
    expect(await w.t.db.k.selectFrom('desk_appointments').select('id').where('desk_id', '=', deskId).execute()).toHaveLength(0);
    const done = await b.post(
      `/sportelli/${deskId}/prenota/dati`,
      { hold, servizio: 'spid', start, name: 'Anna Bianchi', email: 'anna.pagine@example.org', phone: '' },
      { from: detailsUrl },
    );
    expect(done.statusCode, done.body).toBe(303);
    // With an e-mail the page says what was asked and that we wrote; the private link is in the e-mail.
    const receivedUrl = done.headers.location as string;
    expect(receivedUrl).toMatch(new RegExp(`^/sportelli/${deskId}/prenota/ricevuto\\?servizio=spid&start=`));
    const received = await b.get(receivedUrl);
    expect(received.statusCode).toBe(200);
    expect(received.body).toContain('<h1>Richiesta ricevuta</h1>');
    expect(decode(received.body)).toContain("Ti abbiamo scritto all'indirizzo che hai indicato");
    expect(decode(received.body)).toContain(`${DateTime.fromISO(date).setLocale('it').toFormat('cccc d LLLL yyyy')}, 9:30–10:00`);
    expect(received.body).not.toContain('token=');
    expect(await w.t.db.k.selectFrom('desk_holds').select('id').where('desk_id', '=', deskId).execute()).toHaveLength(0);
    // The same form sent again books nothing more.
    const twice = await b.post(
      `/sportelli/${deskId}/prenota/dati`,
      { hold, servizio: 'spid', start, name: 'Anna Bianchi', email: 'anna.pagine@example.org' },
      { from: detailsUrl },
    );
    expect(twice.statusCode).toBe(409);
    expect(await w.t.db.k.selectFrom('desk_appointments').select('id').where('desk_id', '=', deskId).execute()).toHaveLength(1);
    // The confirmation leaves (the job worker runs every second in a real process), with the link.
    await deliver(w);
    const [confirmation] = w.smtp.to('anna.pagine@example.org');
    const [, id, token] = /\/appuntamenti\/([0-9a-f-]{36})\?token=([A-Za-z0-9_-]+)/.exec(confirmation.text ?? '')!;
    const ics = await b.get(`/appuntamenti/${id}/calendario.ics?token=${token}`);
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    expect(ics.body).toContain('BEGIN:VEVENT');
    const manageUrl = `/appuntamenti/${id}?token=${token}`;
    expect((await b.get(`/appuntamenti/${id}?token=sbagliato`)).statusCode).toBe(403);
    const manage = await b.get(manageUrl);
    expect(manage.statusCode).toBe(200);
    // Cancelling asks first: the appointment page links to a question, answered with a plain form.
    expect(decode(manage.body)).toContain(
      `<a class="btn btn-outline-danger" href="/appuntamenti/${id}/annulla?token=${token}">Annulla l'appuntamento</a>`,
    );
    expect(manage.body).not.toContain(`action="/appuntamenti/${id}/annulla"`);
    const askUrl = `/appuntamenti/${id}/annulla?token=${token}`;
    const ask = await b.get(askUrl);
    expect(ask.statusCode).toBe(200);
    expect(decode(ask.body)).toContain("<h1>Vuoi annullare l'appuntamento?</h1>");
    expect(decode(ask.body)).toContain("Sì, annulla l'appuntamento");
    expect(decode(ask.body)).toContain(`href="${manageUrl}">No, torna all'appuntamento</a>`);
    const stillBooked = await w.t.db.k.selectFrom('desk_appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stillBooked.status).toBe('booked');
    expect((await b.get(`/appuntamenti/${id}/annulla?token=sbagliato`)).statusCode).toBe(403);
    const cancel = await b.post(`/appuntamenti/${id}/annulla`, { token: decodeURIComponent(token) }, { from: askUrl });
    expect(cancel.statusCode, cancel.body).toBe(303);
    const after = await b.get(cancel.headers.location as string);
    expect(after.body).toContain('Appuntamento annullato.');
    expect(after.body).toContain('Annullato');
    // Asked again once cancelled: back to the appointment's page, nothing to confirm.
    expect((await b.get(askUrl)).headers.location).toBe(manageUrl);
    await deliver(w);
    expect(
      w.smtp
        .to('anna.pagine@example.org')
        .map((m) => m.subject?.split(':')[0])
        .sort(),
    ).toEqual(['Appuntamento annullato', 'Appuntamento confermato']);
  });

  it('answers the booking form the same whether or not the e-mail has reached the limit; its owner is written to', async () => {
    const limited = await w.desk({
      name: 'Sportello con limite',
      openingHours: everyDay('09:00', '12:30', 2),
      personLimit: { count: 1, days: 30 },
    });
    const owner = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${limited}/appointments`,
      payload: { service: 'spid', start: at(openDate(2), '09:00'), name: 'Dora Neri', email: 'dora.limite@example.org' },
    });
    expect(owner.statusCode).toBe(201);
    await deliver(w);
    w.smtp.clear();
    const start = at(openDate(4), '11:00');
    const b = citizen();
    const ask = async (email: string) => {
      const picker = `/sportelli/${limited}/prenota?servizio=spid&giorno=${start.slice(0, 10)}`;
      const held = await b.post(`/sportelli/${limited}/prenota`, { servizio: 'spid', start }, { from: picker });
      const details = held.headers.location as string;
      const hold = new URL(details, 'http://x').searchParams.get('hold')!;
      const sent = await b.post(
        `/sportelli/${limited}/prenota/dati`,
        { hold, servizio: 'spid', start, name: 'Ugo Estraneo', email },
        { from: details },
      );
      const page = await b.get(sent.headers.location as string);
      return { status: sent.statusCode, location: sent.headers.location, page: page.statusCode, body: page.body };
    };
    const count = async () => (await w.t.db.k.selectFrom('desk_appointments').select('id').where('desk_id', '=', limited).execute()).length;
    const pastLimit = await ask('dora.limite@example.org');
    expect(await count()).toBe(1);
    const fresh = await ask('ugo.nuovo@example.org');
    expect(await count()).toBe(2);
    expect(pastLimit).toEqual(fresh);
    expect(fresh.status).toBe(303);
    expect(decode(fresh.body)).toContain("Ti abbiamo scritto all'indirizzo che hai indicato");
    expect(fresh.body).not.toContain('Limite di prenotazioni');
    await deliver(w);
    expect(w.smtp.to('dora.limite@example.org').map((m) => m.subject)).toEqual([
      'Richiesta di appuntamento non registrata: Attivazione SPID',
    ]);
    expect(w.smtp.to('ugo.nuovo@example.org').map((m) => m.subject?.split(':')[0])).toEqual(['Appuntamento confermato']);
  });

  it('tells the citizen when the slot was just taken, and frees a hold when they choose another time', async () => {
    const date = openDate(4);
    const start = at(date, '10:00');
    await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start, name: 'Primo', phone: '3331112233' },
    });
    const b = citizen();
    const from = `/sportelli/${deskId}/prenota?servizio=spid&giorno=${date}`;
    const taken = await b.post(`/sportelli/${deskId}/prenota`, { servizio: 'spid', start }, { from });
    expect(taken.statusCode).toBe(409);
    expect(decode(taken.body)).toContain('Questo orario è appena stato preso');
    const held = await b.post(`/sportelli/${deskId}/prenota`, { servizio: 'spid', start: at(date, '10:30') }, { from });
    const hold = new URL(held.headers.location as string, 'http://x').searchParams.get('hold')!;
    const released = await b.post(`/sportelli/${deskId}/prenota/rilascia`, { hold, servizio: 'spid', giorno: date }, { from });
    expect(released.statusCode).toBe(303);
    expect(released.headers.location).toBe(`/sportelli/${deskId}/prenota?servizio=spid&giorno=${date}`);
    expect(await w.t.db.k.selectFrom('desk_holds').select('id').where('id', '=', hold).executeTakeFirst()).toBeUndefined();
    // Without the CSRF token nothing happens.
    expect((await b.post(`/sportelli/${deskId}/prenota`, { servizio: 'spid', start: at(date, '11:00') }, { csrf: false })).statusCode).toBe(
      403,
    );
  });

  it("shows the appointment's code on its page, with where to use it", async () => {
    const date = openDate(5);
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start: at(date, '11:30'), name: 'Nadia', phone: '333 9876543' },
    });
    const { id, manageToken } = res.json();
    const row = await w.t.db.k.selectFrom('desk_appointments').select('code').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const page = decode((await citizen().get(`/appuntamenti/${id}?token=${encodeURIComponent(manageToken)}`)).body);
    expect(page).toContain(`Codice dell'appuntamento: <strong class="text-nowrap ponte-read-out">${row.code}</strong>`);
    expect(page).toContain('href="/gestisci"');
  });

  it('moves an appointment through the private link', async () => {
    const date = openDate(5);
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start: at(date, '09:00'), name: 'Mario', email: 'sposta.pagine@example.org' },
    });
    const { id, manageToken } = res.json();
    const b = citizen();
    const page = `/appuntamenti/${id}/sposta?token=${encodeURIComponent(manageToken)}&giorno=${date}`;
    const picker = await b.get(page);
    expect(picker.statusCode).toBe(200);
    expect(picker.body).toContain(`aria-label="${label(date, '11:00', '11:30')}"`);
    // A move holds nothing: the page says the appointment moves at once, not that a time is kept for 5 minutes.
    expect(decode(picker.body)).toContain("l'appuntamento si sposta subito");
    expect(picker.body).not.toContain('5 minuti');
    const moved = await b.post(`/appuntamenti/${id}/sposta`, { token: manageToken, start: at(date, '11:00') }, { from: page });
    expect(moved.statusCode, moved.body).toBe(303);
    expect((await b.get(moved.headers.location as string)).body).toContain('Appuntamento spostato');
    const row = await w.t.db.k.selectFrom('desk_appointments').select('start_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.start_at).toBe(new Date(at(date, '11:00')).toISOString());
  });

  it('lets staff create a desk through the form, and shows field errors without writing', async () => {
    const b = await staff();
    const list = `/admin/organisations/${w.prato}/desks`;
    expect((await b.get(list)).statusCode).toBe(200);
    const before = (await w.counts()).desks;
    const bad = await b.post(
      list,
      { name: 'Nuovo', venue: w.galciana, services: 'spid', weekdays: '2', start: '12:00', end: '09:00', operators: '1' },
      { from: list },
    );
    expect(bad.statusCode).toBe(400);
    expect(decode(bad.body)).toContain("l'orario di fine viene dopo quello di inizio");
    expect((await w.counts()).desks).toBe(before);
    const ok = await b.post(
      list,
      {
        name: 'Sportello di Galciana',
        venue: w.galciana,
        services: ['spid', 'pagopa'],
        weekdays: ['2', '4'],
        start: '15:00',
        end: '18:00',
        operators: '2',
      },
      { from: list },
    );
    expect(ok.statusCode, ok.body).toBe(303);
    const id = /\/admin\/desks\/([0-9a-f-]{36})/.exec(ok.headers.location as string)![1];
    const desk = await desks.getDesk(w.t.db, id);
    expect(desk.services.map((s) => s.code)).toEqual(['spid', 'pagopa']);
    expect(desk.openingHours).toEqual([
      { weekday: 2, start: '15:00', end: '18:00', operators: 2 },
      { weekday: 4, start: '15:00', end: '18:00', operators: 2 },
    ]);
    const page = `/admin/desks/${id}`;
    expect((await b.get(page)).statusCode).toBe(200);
    expect((await b.post(`${page}/servizi`, { code: 'cie', name: '', durationMinutes: '', bring: '' }, { from: page })).statusCode).toBe(
      303,
    );
    expect((await b.post(`${page}/orari`, { weekday: '6', start: '09:00', end: '12:00', operators: '1' }, { from: page })).statusCode).toBe(
      303,
    );
    const badHours = await b.post(`${page}/orari`, { weekday: '6', start: '10:00', end: '11:00', operators: '1' }, { from: page });
    expect(badHours.statusCode).toBe(400);
    expect(badHours.body).toContain('si sovrappone');
    expect(
      (await b.post(`${page}/eccezioni`, { kind: 'closed', from: '2030-08-10', to: '2030-08-20', note: 'Ferie' }, { from: page }))
        .statusCode,
    ).toBe(303);
    const badException = await b.post(`${page}/eccezioni`, { kind: 'open', from: '2030-08-30', start: '', end: '' }, { from: page });
    expect(badException.statusCode).toBe(400);
    expect(decode(badException.body)).toContain("indica l'orario di inizio");
    expect(
      (await b.post(`${page}/operatori`, { name: 'Giulia Conti', weekday: '2', start: '15:00', end: '17:00' }, { from: page })).statusCode,
    ).toBe(303);
    expect(
      (
        await b.post(
          page,
          {
            name: 'Sportello di Galciana',
            venue: w.galciana,
            patronDay: '12-26',
            limitCount: '1',
            limitDays: '30',
            retentionDays: '60',
            active: '1',
          },
          { from: page },
        )
      ).statusCode,
    ).toBe(303);
    const after = await desks.getDesk(w.t.db, id);
    expect(after.services.map((s) => s.code)).toEqual(['spid', 'pagopa', 'cie']);
    expect(after.services[2].durationMinutes).toBe(20);
    expect(after.openingHours).toHaveLength(3);
    expect(after).toMatchObject({ patronDay: '12-26', personLimit: { count: 1, days: 30 }, retentionDays: 60 });
    const shown = decode((await b.get(page)).body);
    expect(shown).toContain('Giulia Conti');
    expect(shown).toContain('Ferie');
    // Another organisation's staff cannot see or change it.
    const outsider = new Browser(w.t.app);
    await outsider.signIn('staff@firenze.example', PASSWORD);
    expect((await outsider.get(page)).statusCode).toBe(403);
    expect(
      (await outsider.post(`${page}/orari`, { weekday: '1', start: '09:00', end: '10:00', operators: '1' }, { from: '/login' })).statusCode,
    ).toBe(403);
  });

  it('takes opening hours typed as 9 or 12.30, and shows a refused time next to its field', async () => {
    const id = await w.desk({ name: 'Sportello orari a mano', openingHours: [] });
    const b = await staff();
    const page = `/admin/desks/${id}`;
    const form = decode((await b.get(page)).body);
    expect(form).toContain(`action="/admin/desks/${id}/orari#add-hours"`);
    expect(form).toContain('Ad esempio 9, 9.30 o 14:00');
    const ok = await b.post(`${page}/orari`, { weekday: '2', start: '9', end: '12.30', operators: '1' }, { from: page });
    expect(ok.statusCode, ok.body).toBe(303);
    expect((await desks.getDesk(w.t.db, id)).openingHours).toEqual([{ weekday: 2, start: '09:00', end: '12:30', operators: 1 }]);
    const bad = await b.post(`${page}/orari`, { weekday: '3', start: '9.07', end: '12', operators: '1' }, { from: page });
    expect(bad.statusCode).toBe(400);
    const body = decode(bad.body);
    // The refused form is open, its value kept, and the error sits under the field it is about.
    expect(body).toMatch(/<details class="mb-3" open="" id="add-hours">|<details class="mb-3" open id="add-hours">/);
    expect(body).toMatch(
      /id="f-hours-start"[^>]*value="9.07"[^>]*aria-invalid="true"[\s\S]*?<div id="e-hours-start" class="ponte-field-error">gli orari vanno indicati a multipli di 5 minuti/,
    );
    expect((await desks.getDesk(w.t.db, id)).openingHours).toHaveLength(1);
  });

  it("shows the operator's day, marks an appointment served once it has begun, records a walk-in", async () => {
    const date = openDate(6);
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start: at(date, '09:30'), name: 'Giorgio Neri', phone: '333 4445566' },
    });
    const { id } = res.json();
    const row = () => w.t.db.k.selectFrom('desk_appointments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const b = await staff('facilitatore@prato.example');
    const dayUrl = `/admin/desks/${deskId}/giornata?data=${date}`;
    const day = await b.get(dayUrl);
    expect(day.statusCode).toBe(200);
    expect(day.body).toContain('Giorgio Neri');
    expect(day.body).toContain('3334445566');
    // Not served yet: no link to the facilitation form; days ahead, no button to mark it served either.
    expect(day.body).not.toContain('/admin/facilitazioni/nuova');
    expect(day.body).not.toMatch(/name="status" value="served"/);
    // Sent anyway (a page left open, a second tab): refused in Italian, and nothing changes.
    const before = await row();
    const early = await b.post(`/admin/desk-appointments/${id}/stato`, { status: 'served' }, { from: dayUrl });
    expect(early.statusCode).toBe(409);
    expect(decode(early.body)).toContain('Questo appuntamento non è ancora iniziato (');
    expect(decode(early.body)).toContain("si potrà segnare come servito dall'ora dell'appuntamento");
    expect(await row()).toEqual(before);
    // The day comes; a minute after 9:30 Giorgio is there (the session of six days ago has expired).
    setClockOffset(Date.parse(at(date, '09:31')) - Date.now());
    const op = await staff('facilitatore@prato.example');
    expect((await op.get(dayUrl)).body).toMatch(/name="status" value="served"/);
    const served = await op.post(`/admin/desk-appointments/${id}/stato`, { status: 'served' }, { from: dayUrl });
    expect(served.statusCode, served.body).toBe(303);
    expect(served.headers.location).toBe(dayUrl);
    expect(await row()).toMatchObject({ status: 'served' });
    expect((await row()).served_at).not.toBeNull();
    const walk = await op.post(`/admin/desks/${deskId}/walk-in`, { service: 'pagopa', name: 'Passante' }, { from: dayUrl });
    expect(walk.statusCode).toBe(303);
    expect(walk.headers.location).toBe(dayUrl);
    // Served: straight to recording the facilitation, its form filled from the appointment.
    const servedDay = decode((await op.get(dayUrl)).body);
    expect(servedDay).toContain('Passante');
    const prefills = [...servedDay.matchAll(/href="(\/admin\/facilitazioni\/nuova\?[^"]+)"/g)].map((m) => m[1]);
    if (w.t.app.hasRoute({ method: 'GET', url: '/admin/facilitazioni/nuova' })) {
      expect(prefills).toHaveLength(2);
      const queries = prefills.map((h) => new URL(h, 'http://x').searchParams);
      const query = (service: string) => queries.find((q) => q.get('details')?.endsWith(`: ${service}`))!;
      const spid = query('Attivazione SPID');
      expect(spid.get('venue')).toBe(w.coiano);
      expect(spid.get('date')).toBe(date);
      expect(spid.get('duration')).toBe('00:30');
      expect(spid.getAll('kinds')).toEqual(['A']);
      // SPID alone: digital identity, and the public service it opened is the facilitator's to say.
      expect(spid.getAll('competences')).toEqual(['9']);
      expect(spid.getAll('services')).toEqual([]);
      const pagopa = query('Pagamenti PagoPA');
      expect(pagopa.get('duration')).toBe('00:20');
      expect(pagopa.getAll('competences')).toEqual(['6']);
      expect(pagopa.getAll('services')).toEqual(['B']);
      expect((await op.get(prefills[0])).statusCode).toBe(200);
    } else {
      expect(prefills).toEqual([]);
    }
    expect((await op.get(`/admin/desks/${deskId}/giornata?data=2026-02-30`)).statusCode).toBe(400);
    expect((await citizen().get(dayUrl)).statusCode).toBe(303);
  });

  it('links the desks from the organisation page and the home page', async () => {
    const b = await staff();
    const org = (await b.get(`/admin/organisations/${w.prato}`)).body;
    expect(org).toMatch(new RegExp(`href="/admin/organisations/${w.prato}/desks">\\s*Sportelli\\s*</a>`));
    expect((await citizen().get('/')).body).toContain(
      '<a href="/sportelli">Prenota un appuntamento a uno sportello di facilitazione digitale',
    );
  });
});

describe('demo desks', () => {
  it('seeds the desks of Gussago, Prato and Consorzio.it', async () => {
    const t = await createTestDb('sqlite');
    try {
      const { ids } = await seedDemo(t.db);
      const list = await desks.listDesks(t.db);
      const by = (org: string) => list.filter((d) => d.organisation.id === ids.organisations[org]);
      expect(by('gussago').map((d) => d.services.map((s) => s.code))).toEqual([['spid', 'app-io', 'fse', 'aiuto-digitale']]);
      expect(by('prato')).toHaveLength(3);
      expect(by('prato').every((d) => d.services[0].code === 'spid')).toBe(true);
      expect(by('consorzio')[0].services.map((s) => s.code)).toEqual(['spid', 'cie', 'pagopa']);
    } finally {
      await t.cleanup();
    }
  });
});
