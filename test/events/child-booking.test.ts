import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { bookVia, counters, expectProblem, type World, world } from './booking-fixtures.js';

/**
 * Children's activities (Coder Dojo, labs): a booking names the child (first name, age) and the
 * guardian responsible, who declares to be the parent or to act as one; the booking's contact is
 * the guardian's. Shown to staff, at the door and in the CSV; erased with the booking.
 */

async function registration(w: World, id: string) {
  return w.t.db.k.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe.each(DIALECTS)("a child's booking (%s)", (dialect) => {
  let w: World;
  let dojo: string;
  let browser: Browser;

  beforeAll(async () => {
    w = await world(dialect);
    dojo = await w.event({ title: 'Coder Dojo', type: 'coder-dojo', audiences: ['bambini'], topics: ['coding'], capacity: 20 });
    const res = await w.staff('PUT', `/api/v1/events/${dojo}/questions`, { forMinors: true });
    expect(res.statusCode, res.body).toBe(200);
    browser = new Browser(w.t.app);
    await browser.signIn('staff@prato.example', 'una-password-lunga');
  });
  afterAll(() => w.close());

  it("refuses a child's booking without the child's name and age or without the guardian's declaration; nothing is written", async () => {
    const base = { name: 'Giulia Rossi', email: 'giulia.dojo@example.org', seats: 1 };
    const none = expectProblem(await bookVia(w.t, dojo, base), 422);
    expect(none.errors?.map((e) => e.field).sort()).toEqual(['child.age', 'child.name', 'guardian.consent']);
    const noConsent = expectProblem(
      await bookVia(w.t, dojo, { ...base, child: { name: 'Luca', age: 9 }, guardian: { name: 'Giulia Rossi', consent: false } }),
      422,
    );
    expect(noConsent.errors).toEqual([
      expect.objectContaining({
        field: 'guardian.consent',
        message: 'per prenotare serve la dichiarazione di essere il genitore o chi ne fa le veci',
      }),
    ]);
    const tooOld = expectProblem(await bookVia(w.t, dojo, { ...base, child: { name: 'Luca', age: 19 }, guardian: { consent: true } }), 422);
    expect(tooOld.errors?.[0].field).toBe('child.age');
    expectProblem(await bookVia(w.t, dojo, { ...base, child: { name: 'Luca', age: 'nove' }, guardian: { consent: true } }), 400);
    expect((await counters(w.t, dojo)).registrations).toBe(0);
  });

  it("refuses a child's details for an event that is not for minors", async () => {
    const plain = await w.event();
    const res = expectProblem(
      await bookVia(w.t, plain, {
        name: 'Ada',
        email: 'ada.plain@example.org',
        seats: 1,
        child: { name: 'Bea', age: 8 },
        guardian: { consent: true },
      }),
      422,
    );
    expect(res.errors?.[0].field).toBe('child');
    expect((await counters(w.t, plain)).registrations).toBe(0);
  });

  it('stores the child and the guardian with the booking, and shows them in the staff list, at the door and in the CSV', async () => {
    const res = await bookVia(w.t, dojo, {
      name: 'Marco Bianchi',
      email: 'marco.dojo@example.org',
      seats: 1,
      child: { name: 'Sofia', age: 10 },
      guardian: { name: 'Marco Bianchi', consent: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await registration(w, res.json().id);
    expect(row).toMatchObject({
      name: 'Marco Bianchi',
      email: 'marco.dojo@example.org',
      child_name: 'Sofia',
      guardian_name: 'Marco Bianchi',
    });
    expect(Number(row.child_age)).toBe(10);
    expect(row.guardian_consent_at).not.toBeNull();

    const list = (await w.staff('GET', `/api/v1/events/${dojo}/registrations`)).json();
    expect(list.items.find((i: { id: string }) => i.id === row.id).details.child).toEqual({
      name: 'Sofia',
      age: 10,
      guardianName: 'Marco Bianchi',
    });
    const page = await browser.get(`/admin/events/${dojo}/registrations`);
    expect(page.body).toContain('Minore: Sofia, 10 anni · responsabile: Marco Bianchi');
    const door = await browser.get(`/admin/events/${dojo}/ingresso`);
    expect(door.statusCode).toBe(200);
    expect(door.body).toContain('minore: Sofia, 10 anni');
    const csv = (await browser.get(`/admin/events/${dojo}/iscritti.csv`)).body.replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toContain('"minore_nome";"minore_eta";"responsabile"');
    expect(csv.find((l) => l.includes('marco.dojo@example.org'))).toContain('"Sofia";"10";"Marco Bianchi"');
  });

  it("books through the public form: the guardian's name, the child's fields and the declaration, errors next to each field", async () => {
    const from = `/eventi/${dojo}/prenota`;
    const form = await browser.get(from);
    expect(form.body).toContain('Nome e cognome del genitore o di chi ne fa le veci');
    expect(form.body).toContain('name="child.name"');
    expect(form.body).toContain('Dichiaro di essere il genitore o chi ne fa le veci');
    const fields = { name: 'Paola Neri', phone: '333 123 4567', seats: '1', privacyAccepted: '1', 'child.name': '', 'child.age': '' };
    const refused = await browser.post(from, fields, { from });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="e-child.name"');
    expect(refused.body).toContain('id="e-guardian.consent"');
    expect(await w.t.db.k.selectFrom('registrations').select('id').where('name', '=', 'Paola Neri').execute()).toHaveLength(0);

    const ok = await browser.post(from, { ...fields, 'child.name': 'Tommaso', 'child.age': '8', 'guardian.consent': '1' }, { from });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Chi partecipa');
    expect(ok.body).toContain('Tommaso, 8 anni');
    const row = await w.t.db.k.selectFrom('registrations').selectAll().where('name', '=', 'Paola Neri').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ child_name: 'Tommaso', guardian_name: 'Paola Neri', phone: '333 123 4567' });
  });

  it("lets staff book for a caller with the child's details on the list's own form", async () => {
    const from = `/admin/events/${dojo}/registrations`;
    const page = await browser.get(from);
    expect(page.body).toContain('name="child.name"');
    const res = await browser.post(
      from,
      {
        name: 'Nonna Rita',
        phone: '0574 123456',
        seats: '1',
        privacyAccepted: '1',
        'child.name': 'Nico',
        'child.age': '11',
        'guardian.consent': '1',
      },
      { from },
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const row = await w.t.db.k.selectFrom('registrations').selectAll().where('name', '=', 'Nonna Rita').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ child_name: 'Nico', guardian_name: 'Nonna Rita', source: 'staff' });
  });

  it("erases the child's and the guardian's names with the booking, and with the event's retention", async () => {
    const a = await bookVia(w.t, dojo, {
      name: 'Elena Verdi',
      email: 'elena.dojo@example.org',
      seats: 1,
      child: { name: 'Pietro', age: 7 },
      guardian: { consent: true },
    });
    expect(a.statusCode, a.body).toBe(201);
    const { id, manageToken } = a.json();
    const erased = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${id}/personal-data?token=${manageToken}` });
    expect(erased.statusCode).toBe(204);
    expect(await registration(w, id)).toMatchObject({ name: null, child_name: null, child_age: null, guardian_name: null });

    const past = await w.event({ title: 'Dojo passato', capacity: 5 }, 1);
    await w.staff('PUT', `/api/v1/events/${past}/questions`, { forMinors: true, questions: [{ kind: 'text', label: 'Allergie?' }] });
    const b = await bookVia(w.t, past, {
      name: 'Franco Gallo',
      email: 'franco.dojo@example.org',
      seats: 1,
      child: { name: 'Irene', age: 12 },
      guardian: { consent: true },
      answers: { [(await w.staff('GET', `/api/v1/events/${past}/questions`)).json().questions[0].id]: 'Nessuna' },
    });
    expect(b.statusCode, b.body).toBe(201);
    const end = Date.parse((await events.getEvent(w.t.db, past, { includeDrafts: true })).end);
    try {
      setClockOffset(end + 400 * 86_400_000 - Date.now());
      expect(await events.anonymiseEvent(w.t.db, past)).toBe(1);
    } finally {
      setClockOffset(0);
    }
    expect(await registration(w, b.json().id)).toMatchObject({ name: null, child_name: null, guardian_name: null });
    const answers = await w.t.db.k.selectFrom('registration_answers').selectAll().where('registration_id', '=', b.json().id).execute();
    expect(answers).toHaveLength(0);
  });
});
