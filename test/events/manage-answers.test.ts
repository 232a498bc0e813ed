import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { bookVia, type World, world } from './booking-fixtures.js';

/**
 * The booking's own page shows the person what they answered to the event's extra questions, and
 * for an activity for minors the child's and the guardian's names; once they erase their data the
 * page and the database no longer hold them.
 */

describe.each(DIALECTS)("the booking's page shows the person's own answers (%s)", (dialect) => {
  let w: World;

  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  const managePage = (id: string, token: string, lang = '') =>
    w.t.app.inject({ method: 'GET', url: `/prenotazioni/${id}?token=${encodeURIComponent(token)}${lang}` });

  it('lists the answers to the questions, in Italian and English, and drops them after erasure', async () => {
    const eventId = await w.event({ capacity: 50 });
    const form = await w.staff('PUT', `/api/v1/events/${eventId}/questions`, {
      questions: [
        { kind: 'choice', label: 'Che telefono usi?', options: ['Android', 'iPhone'], required: true },
        { kind: 'yes-no', label: 'Porti il tuo computer?', required: true },
        { kind: 'text', label: 'Cosa vorresti imparare?' },
      ],
    });
    expect(form.statusCode, form.body).toBe(200);
    const qs = form.json().questions as { id: string }[];
    const res = await bookVia(w.t, eventId, {
      name: 'Dora Neri',
      email: 'dora.manage@example.org',
      seats: 1,
      answers: { [qs[0].id]: 'iPhone', [qs[1].id]: true, [qs[2].id]: 'Le videochiamate' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, manageToken } = res.json();

    const page = await managePage(id, manageToken);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Le tue risposte');
    expect(page.body).toContain('<dt>Che telefono usi?</dt><dd>iPhone</dd>');
    expect(page.body).toContain('<dt>Porti il tuo computer?</dt><dd>Sì</dd>');
    expect(page.body).toContain('<dt>Cosa vorresti imparare?</dt><dd>Le videochiamate</dd>');
    expect((await managePage(id, manageToken, '&lang=en')).body).toContain('Your answers');

    const erased = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${id}/personal-data?token=${manageToken}` });
    expect(erased.statusCode, erased.body).toBe(204);
    const after = await managePage(id, manageToken);
    expect(after.statusCode).toBeLessThan(500);
    expect(after.body).not.toContain('Le videochiamate');
    expect(after.body).not.toContain('Le tue risposte');
    const left = await w.t.db.k.selectFrom('registration_answers').selectAll().where('registration_id', '=', id).execute();
    expect(left).toEqual([]);
  });

  it("shows the child's and the guardian's names for an activity for minors, and nothing once erased", async () => {
    const dojo = await w.event({ title: 'Coder Dojo', type: 'coder-dojo', audiences: ['bambini'], topics: ['coding'], capacity: 20 });
    expect((await w.staff('PUT', `/api/v1/events/${dojo}/questions`, { forMinors: true })).statusCode).toBe(200);
    const res = await bookVia(w.t, dojo, {
      name: 'Giulia Rossi',
      email: 'giulia.manage@example.org',
      seats: 1,
      child: { name: 'Luca', age: 9 },
      guardian: { name: 'Giulia Rossi', consent: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, manageToken } = res.json();

    const page = await managePage(id, manageToken);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dt>Chi partecipa</dt><dd>Luca, 9 anni</dd>');
    expect(page.body).toContain('<dt>Genitore o chi ne fa le veci</dt><dd>Giulia Rossi</dd>');

    // A booking without questions or child shows no such section.
    const plain = await w.event();
    const other = await bookVia(w.t, plain, { name: 'Ugo Bianchi', email: 'ugo.manage@example.org', seats: 1 });
    expect(other.statusCode, other.body).toBe(201);
    expect((await managePage(other.json().id, other.json().manageToken)).body).not.toContain('Le tue risposte');

    const erased = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${id}/personal-data?token=${manageToken}` });
    expect(erased.statusCode, erased.body).toBe(204);
    const after = await managePage(id, manageToken);
    expect(after.statusCode).toBeLessThan(500);
    expect(after.body).not.toContain('Luca');
    const row = await w.t.db.k.selectFrom('registrations').select(['child_name', 'guardian_name']).where('id', '=', id).executeTakeFirst();
    expect(row?.child_name ?? null).toBeNull();
    expect(row?.guardian_name ?? null).toBeNull();
  });
});
