import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DIALECTS } from '../helpers.js';
import { bookVia, counters, expectProblem, type World, world } from './booking-fixtures.js';

/**
 * Questions at booking: staff set them (API and page), the public form shows them, answers are
 * checked (required, choice among options, length), stored with the booking, shown to staff and
 * in the CSV, and erased with the booking's personal data.
 */

interface Question {
  id: string;
  kind: string;
  label: string;
  options: string[];
  required: boolean;
}

const FORM = {
  questions: [
    { kind: 'choice', label: 'Che telefono usi?', options: ['Android', 'iPhone', 'Non lo so'], required: true },
    { kind: 'yes-no', label: 'Porti il tuo computer?', required: true },
    { kind: 'text', label: 'Cosa vorresti imparare?' },
  ],
};

async function answersOf(w: World, registrationId: string) {
  return w.t.db.k.selectFrom('registration_answers').selectAll().where('registration_id', '=', registrationId).execute();
}

async function answerCount(w: World) {
  const r = await w.t.db.k
    .selectFrom('registration_answers')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(DIALECTS)('questions at booking (%s)', (dialect) => {
  let w: World;
  let eventId: string;
  let qs: Question[];
  let browser: Browser;

  beforeAll(async () => {
    w = await world(dialect);
    eventId = await w.event({ capacity: 50 });
    const res = await w.staff('PUT', `/api/v1/events/${eventId}/questions`, FORM);
    expect(res.statusCode, res.body).toBe(200);
    qs = res.json().questions;
    browser = new Browser(w.t.app);
    await browser.signIn('staff@prato.example', 'una-password-lunga');
  });
  afterAll(() => w.close());

  it('keeps the questions in order, with their kind, options and required flag', async () => {
    const res = await w.staff('GET', `/api/v1/events/${eventId}/questions`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      forMinors: false,
      questions: [
        { position: 1, kind: 'choice', label: 'Che telefono usi?', options: ['Android', 'iPhone', 'Non lo so'], required: true },
        { position: 2, kind: 'yes-no', label: 'Porti il tuo computer?', options: [], required: true },
        { position: 3, kind: 'text', label: 'Cosa vorresti imparare?', options: [], required: false },
      ],
    });
  });

  it("refuses another organisation's staff and a choice without options, writing nothing", async () => {
    const other = await w.outsider('PUT', `/api/v1/events/${eventId}/questions`, { questions: [] });
    expect([403, 404]).toContain(other.statusCode);
    const bad = expectProblem(
      await w.staff('PUT', `/api/v1/events/${eventId}/questions`, {
        questions: [{ kind: 'choice', label: 'Quale?', options: ['Solo una'] }],
      }),
      400,
    );
    expect(bad.errors?.map((e) => e.field)).toContain('questions.0.options');
    const still = await w.staff('GET', `/api/v1/events/${eventId}/questions`);
    expect(still.json().questions).toHaveLength(3);
  });

  it('refuses a booking that leaves a required question unanswered or picks an answer not offered; nothing is written', async () => {
    const before = await counters(w.t, eventId);
    const missing = expectProblem(
      await bookVia(w.t, eventId, { name: 'Anna Neri', email: 'anna.q@example.org', seats: 1, answers: { [qs[0].id]: 'Android' } }),
      422,
    );
    expect(missing.errors).toEqual([expect.objectContaining({ field: `answers.${qs[1].id}` })]);
    const notOffered = expectProblem(
      await bookVia(w.t, eventId, {
        name: 'Anna Neri',
        email: 'anna.q@example.org',
        seats: 1,
        answers: { [qs[0].id]: 'Nokia', [qs[1].id]: true },
      }),
      422,
    );
    expect(notOffered.errors?.[0]).toMatchObject({ field: `answers.${qs[0].id}`, message: 'scegli una delle risposte proposte' });
    const unknown = expectProblem(
      await bookVia(w.t, eventId, {
        name: 'Anna Neri',
        email: 'anna.q@example.org',
        seats: 1,
        answers: { [qs[0].id]: 'Android', [qs[1].id]: 'no', '01900000-0000-7000-8000-000000000000': 'x' },
      }),
      422,
    );
    expect(unknown.errors?.[0].field).toBe('answers.01900000-0000-7000-8000-000000000000');
    const tooLong = expectProblem(
      await bookVia(w.t, eventId, {
        name: 'Anna Neri',
        email: 'anna.q@example.org',
        seats: 1,
        answers: { [qs[0].id]: 'Android', [qs[1].id]: 'no', [qs[2].id]: 'a'.repeat(501) },
      }),
      422,
    );
    expect(tooLong.errors?.[0].field).toBe(`answers.${qs[2].id}`);
    const noEvent = await bookVia(w.t, '01900000-0000-7000-8000-000000000001', {
      name: 'Anna Neri',
      email: 'anna.q@example.org',
      seats: 1,
      answers: { [qs[0].id]: 'Android' },
    });
    expect(noEvent.statusCode).toBe(404);
    expect((await counters(w.t, eventId)).registrations).toBe(before.registrations);
  });

  it('stores the answers with the booking and shows them in the staff list, the page and the CSV', async () => {
    const res = await bookVia(w.t, eventId, {
      name: 'Bruno Verdi',
      email: 'bruno.q@example.org',
      seats: 1,
      answers: { [qs[0].id]: 'iPhone', [qs[1].id]: true, [qs[2].id]: 'Le videochiamate' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const stored = await answersOf(w, id);
    expect(Object.fromEntries(stored.map((a) => [a.question_id, a.value]))).toEqual({
      [qs[0].id]: 'iPhone',
      [qs[1].id]: 'yes',
      [qs[2].id]: 'Le videochiamate',
    });

    const list = (await w.staff('GET', `/api/v1/events/${eventId}/registrations`)).json();
    const item = list.items.find((i: { id: string }) => i.id === id);
    expect(item.details.answers.map((a: { label: string; value: string }) => `${a.label}=${a.value}`)).toEqual([
      'Che telefono usi?=iPhone',
      'Porti il tuo computer?=yes',
      'Cosa vorresti imparare?=Le videochiamate',
    ]);

    const page = await browser.get(`/admin/events/${eventId}/registrations`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Porti il tuo computer?: sì');
    expect(page.body).toContain('Cosa vorresti imparare?: Le videochiamate');

    const csv = await browser.get(`/admin/events/${eventId}/iscritti.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toContain('"Che telefono usi?";"Porti il tuo computer?";"Cosa vorresti imparare?"');
    expect(lines.find((l) => l.includes('Bruno Verdi'))).toContain('"iPhone";"sì";"Le videochiamate"');
  });

  it("erases the answers with the booking's personal data", async () => {
    const res = await bookVia(w.t, eventId, {
      name: 'Carla Blu',
      email: 'carla.q@example.org',
      seats: 1,
      answers: { [qs[0].id]: 'Android', [qs[1].id]: 'no', [qs[2].id]: 'Tutto su SPID' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, manageToken } = res.json();
    expect(await answersOf(w, id)).toHaveLength(3);
    const erased = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${id}/personal-data?token=${manageToken}` });
    expect(erased.statusCode, erased.body).toBe(204);
    expect(await answersOf(w, id)).toHaveLength(0);
  });

  it('shows the questions on the public form, with the error next to the field after a failed submit', async () => {
    const form = await browser.get(`/eventi/${eventId}/prenota`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Che telefono usi?');
    expect(form.body).toContain(`name="answers.${qs[0].id}"`);
    const fields = {
      name: 'Dario Gialli',
      email: 'dario.q@example.org',
      seats: '1',
      privacyAccepted: '1',
      [`answers.${qs[0].id}`]: 'Android',
      [`answers.${qs[1].id}`]: '',
    };
    const refused = await browser.post(`/eventi/${eventId}/prenota`, fields, { from: `/eventi/${eventId}/prenota` });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`id="e-answers.${qs[1].id}"`);
    expect(refused.body).toContain('rispondi a questa domanda');
    const regs = await w.t.db.k.selectFrom('registrations').select('id').where('email', '=', 'dario.q@example.org').execute();
    expect(regs).toHaveLength(0);

    const ok = await browser.post(
      `/eventi/${eventId}/prenota`,
      { ...fields, [`answers.${qs[1].id}`]: 'yes' },
      { from: `/eventi/${eventId}/prenota` },
    );
    expect(ok.statusCode, ok.body.slice(0, 500)).toBe(200);
    const row = await w.t.db.k
      .selectFrom('registrations')
      .select('id')
      .where('email', '=', 'dario.q@example.org')
      .executeTakeFirstOrThrow();
    expect((await answersOf(w, row.id)).map((a) => a.value).sort()).toEqual(['Android', 'yes']);
  });

  it('lets staff add, reorder and remove questions on their own page', async () => {
    const id = await w.event({ capacity: 5 });
    const empty = await browser.get(`/admin/events/${id}/domande`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Domande alla prenotazione');

    const from = `/admin/events/${id}/domande`;
    const bad = await browser.post(
      from,
      { 'q0.label': 'Quale sede?', 'q0.kind': 'choice', 'q0.options': 'Prato', 'q0.position': '1' },
      { from },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="e-q0.options"');
    expect((await w.staff('GET', `/api/v1/events/${id}/questions`)).json().questions).toHaveLength(0);

    const saved = await browser.post(
      from,
      {
        forMinors: '1',
        'q0.label': 'Quale sede?',
        'q0.kind': 'choice',
        'q0.options': 'Prato\nVaiano',
        'q0.required': '1',
        'q0.position': '1',
      },
      { from },
    );
    expect(saved.statusCode).toBe(303);
    let form = (await w.staff('GET', `/api/v1/events/${id}/questions`)).json();
    expect(form).toMatchObject({ forMinors: true, questions: [{ label: 'Quale sede?', options: ['Prato', 'Vaiano'], required: true }] });

    const second = await browser.post(
      from,
      {
        forMinors: '1',
        'q0.id': form.questions[0].id,
        'q0.label': 'Quale sede?',
        'q0.kind': 'choice',
        'q0.options': 'Prato\nVaiano',
        'q0.position': '2',
        'q1.label': 'Allergie?',
        'q1.kind': 'text',
        'q1.position': '1',
      },
      { from },
    );
    expect(second.statusCode).toBe(303);
    form = (await w.staff('GET', `/api/v1/events/${id}/questions`)).json();
    expect(form.questions.map((q: Question) => q.label)).toEqual(['Allergie?', 'Quale sede?']);

    const page = await browser.get(from);
    expect(page.body).toContain('value="Allergie?"');
    const removed = await browser.post(
      from,
      { 'q0.id': form.questions[0].id, 'q0.label': 'Allergie?', 'q0.kind': 'text', 'q0.remove': '1' },
      { from },
    );
    expect(removed.statusCode).toBe(303);
    form = (await w.staff('GET', `/api/v1/events/${id}/questions`)).json();
    expect(form).toMatchObject({ forMinors: false, questions: [] });
  });

  it('property: any answers either book with exactly the valid answers stored, or are refused with a 4xx and nothing written', async () => {
    const value = fc.oneof(
      fc.constantFrom('Android', 'iPhone', 'Non lo so', 'yes', 'no', 'sì', '', ' ', 'Nokia'),
      fc.boolean(),
      fc.string({ maxLength: 600 }),
      fc.integer(),
      fc.constant(null),
    );
    const answers = fc.dictionary(fc.constantFrom(qs[0].id, qs[1].id, qs[2].id, 'x', '__proto__'), value, { maxKeys: 4 });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(answers, async (given) => {
        n++;
        const email = `prop${n}.${Math.random().toString(36).slice(2)}@example.org`;
        const before = await answerCount(w);
        const res = await bookVia(w.t, eventId, { name: 'Prova Proprietà', email, seats: 1, answers: given });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode === 201) {
          const stored = await answersOf(w, res.json().id);
          const byId = Object.fromEntries(stored.map((a) => [a.question_id, a.value]));
          expect(['Android', 'iPhone', 'Non lo so']).toContain(byId[qs[0].id]);
          expect(['yes', 'no']).toContain(byId[qs[1].id]);
          if (byId[qs[2].id] !== undefined) expect(byId[qs[2].id].length).toBeLessThanOrEqual(500);
        } else {
          expect([400, 422]).toContain(res.statusCode);
          expect(await answerCount(w)).toBe(before);
          const regs = await w.t.db.k.selectFrom('registrations').select('id').where('email', '=', email).execute();
          expect(regs).toHaveLength(0);
        }
      }),
      { numRuns: 40 },
    );
  });
});
