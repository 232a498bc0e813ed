import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { surveyAt } from '../../src/modules/events/survey/schedule.js';
import type * as skills from '../../src/modules/skills/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { bank, pick, type Strategy } from '../skills/fixtures.js';
import { BASE_URL, drain, expectProblem, inDays, type World, world } from './booking-fixtures.js';
import { afterStart, type Booked, book, checkIn } from './messages-fixtures.js';

const PASSWORD = 'una-password-lunga';
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
const prima = (id: string) => `${BASE_URL}/competenze/breve?evento=${id}&fase=prima`;
const dopo = (id: string) => `${BASE_URL}/competenze/breve?evento=${id}&fase=dopo`;

/** The first link of the mail's text that starts with `prefix`. */
function linkIn(text: string | undefined, prefix: string): string {
  const found = (text ?? '').split(/\s+/).find((word) => word.startsWith(prefix));
  expect(found, text).toBeTruthy();
  return (found as string).slice(BASE_URL.length);
}

/** A person takes the short test from a link, like a browser without JavaScript: start, answer every question, finish. */
async function takeTest(w: World, b: Browser, path: string, strategy: Strategy): Promise<{ id: string; retake: boolean }> {
  const start = await b.get(path);
  expect(start.statusCode, start.body).toBe(200);
  const hidden = Object.fromEntries(
    [...start.body.matchAll(/<input type="hidden" name="(evento|fase|ente|da|token)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  const begun = await b.post('/competenze/breve', hidden, { csrf: csrfOf(start.body) });
  expect(begun.statusCode, begun.body).toBe(303);
  const attempt = begun.headers.location as string;
  const byId = new Map((await bank(w.t, 'full')).map((i) => [i.id, i]));
  for (let n = 0; n < 60; n += 1) {
    const page = await b.get(attempt);
    expect(page.statusCode, page.body).toBe(200);
    const item = /name="item" value="([^"]+)"/.exec(page.body)?.[1];
    if (!item) {
      const done = await b.post(`${attempt}/fine`, {}, { csrf: csrfOf(page.body) });
      expect(done.statusCode, done.body).toBe(303);
      const id = /\/competenze\/risultato\/([^?]+)\?token=/.exec(done.headers.location as string)?.[1] as string;
      return { id, retake: 'da' in hidden };
    }
    const answer = String(pick(byId.get(item) as skills.BankItem, strategy));
    expect((await b.post(attempt, { item, value: answer }, { csrf: csrfOf(page.body) })).statusCode).toBe(303);
  }
  throw new Error('the test never ended');
}

const resultRow = (w: World, id: string) => w.t.db.k.selectFrom('skill_results').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.each(DIALECTS)('an event asks for the digital-competence test before and after (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  const body = (over: Record<string, unknown> = {}) => {
    const start = inDays(3);
    return {
      organisation: w.prato,
      title: 'Smartphone senza paura',
      type: 'corso',
      format: 'in_presenza',
      venue: w.coiano,
      capacity: 20,
      status: 'published',
      topics: ['smartphone'],
      sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
      ...over,
    };
  };

  it('is a flag of the event in the API: off unless asked, changed by a patch, refused when not a boolean', async () => {
    const plain = await w.staff('POST', '/api/v1/events', body());
    expect(plain.statusCode, plain.body).toBe(201);
    const plainId = plain.json().id as string;
    expect((await w.staff('GET', `/api/v1/events/${plainId}`)).json()).toMatchObject({ askSkillsCheck: false });

    const asked = await w.staff('POST', '/api/v1/events', body({ askSkillsCheck: true }));
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id as string;
    expect((await events.getEvent(w.t.db, id)).askSkillsCheck).toBe(true);
    expect((await w.staff('PATCH', `/api/v1/events/${id}`, { askSkillsCheck: false })).statusCode).toBe(200);
    expect((await events.getEvent(w.t.db, id)).askSkillsCheck).toBe(false);

    const count = async () =>
      Number(
        (
          await w.t.db.k
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad = expectProblem(await w.staff('POST', '/api/v1/events', body({ askSkillsCheck: 'sì' })), 400);
    expect(bad.errors?.map((e) => e.field)).toContain('askSkillsCheck');
    expect(await count()).toBe(before);
    expectProblem(await w.staff('PATCH', `/api/v1/events/${id}`, { askSkillsCheck: 1 }), 400);
    expect((await events.getEvent(w.t.db, id)).askSkillsCheck).toBe(false);

    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body;
    expect(doc).toContain('askSkillsCheck');
  });

  it('the staff form saves the checkbox, keeps it through a form error, and clears it', async () => {
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', PASSWORD);
    const newForm = `/admin/organisations/${w.prato}/events/new`;
    const empty = await staff.get(newForm);
    expect(empty.body).toContain("Chiedi ai partecipanti il test delle competenze digitali prima e dopo l'evento");
    expect(empty.body).toMatch(
      /<input[^>]*type="checkbox"[^>]*name="askSkillsCheck"[^>]*value="1"[^>]*aria-describedby="h-askSkillsCheck"/,
    );
    expect(empty.body).not.toMatch(/name="askSkillsCheck"[^>]*checked/);

    const date = inDays(6).slice(0, 10);
    const form = {
      title: 'Corso di posta elettronica',
      type: 'corso',
      format: 'in_presenza',
      status: 'published',
      venue: w.coiano,
      capacity: '15',
      maxSeatsPerBooking: '2',
      bookingRequired: '1',
      waitlistMode: 'auto',
      offerHours: '24',
      topics: ['internet'],
      askSkillsCheck: '1',
      'sessions.0.date': date,
      'sessions.0.start': '17:00',
      'sessions.0.end': '19:00',
    };
    // A form error brings the form back with the box still ticked, and nothing is created.
    const wrong = await staff.post(newForm, { ...form, capacity: 'quindici' }, { from: newForm });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/name="askSkillsCheck"[^>]*checked/);

    const created = await staff.post(newForm, form, { from: newForm });
    expect(created.statusCode, created.body).toBe(303);
    const id = /\/admin\/events\/([0-9a-f-]{36})/.exec(created.headers.location as string)?.[1] as string;
    expect((await events.getEvent(w.t.db, id)).askSkillsCheck).toBe(true);
    const edit = await staff.get(`/admin/events/${id}`);
    expect(edit.body).toMatch(/name="askSkillsCheck"[^>]*checked/);

    // Unticked, the box is simply not sent: the event stops asking.
    const { askSkillsCheck: _, ...unticked } = form;
    const saved = await staff.post(`/admin/events/${id}`, unticked, { from: `/admin/events/${id}` });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await events.getEvent(w.t.db, id)).askSkillsCheck).toBe(false);
    expect((await staff.get(`/admin/events/${id}`)).body).not.toMatch(/name="askSkillsCheck"[^>]*checked/);
  });

  it('a booking is invited before, the survey after, and the programme sees the pairs', async () => {
    const id = (await w.staff('POST', '/api/v1/events', body({ askSkillsCheck: true }))).json().id as string;
    const plainId = (await w.staff('POST', '/api/v1/events', body({ title: 'Incontro senza test' }))).json().id as string;

    // Without the flag, neither the confirmation nor the manage page mention the test.
    const other = await book(w, plainId, { name: 'Olga', email: 'olga@example.org' });
    await drain(w.t);
    expect(w.smtp.to('olga@example.org')[0].text).not.toContain('/competenze/');
    expect((await new Browser(w.t.app).get(events.manageUrl(other.id, other.manageToken))).body).not.toContain('/competenze/');

    // Five people book; Jane reads English. Each confirmation carries the "before" link.
    const people = ['ada', 'bruno', 'carla', 'dario', 'jane'];
    const booked = new Map<string, Booked>();
    const browsers = new Map(people.map((p) => [p, new Browser(w.t.app)]));
    for (const p of people) {
      const headers = p === 'jane' ? { 'accept-language': 'en' } : undefined;
      const res = await w.t.app.inject({
        method: 'POST',
        url: `/api/v1/events/${id}/registrations`,
        payload: { name: p, email: `${p}@example.org`, seats: 1 },
        headers,
      });
      expect(res.statusCode, res.body).toBe(201);
      booked.set(p, res.json());
    }
    await drain(w.t);
    const ada = w.smtp.to('ada@example.org')[0];
    expect(ada.subject).toContain('Prenotazione confermata');
    expect(ada.text).toContain(prima(id));
    expect(ada.text).toContain('circa 5 minuti, è anonimo e aiuta gli organizzatori');
    expect(ada.html).toContain(`href="${prima(id).replace('&', '&amp;')}"`);
    const jane = w.smtp.to('jane@example.org')[0];
    expect(jane.text).toContain(`${prima(id)}&lang=en`);
    expect(jane.text).toContain('about 5 minutes, is anonymous and helps the organisers');

    // The manage page says it too, with the same link.
    const manage = await new Browser(w.t.app).get(
      events.manageUrl(booked.get('ada')?.id as string, booked.get('ada')?.manageToken as string),
    );
    expect(manage.body).toContain(`href="/competenze/breve?evento=${id}&amp;fase=prima"`);
    expect(manage.body).toContain('circa 5 minuti');
    const fresh = await new Browser(w.t.app).get(
      `${events.manageUrl(booked.get('bruno')?.id as string, booked.get('bruno')?.manageToken as string)}&esito=nuova`,
    );
    expect(fresh.body).toContain('Prenotazione confermata');
    expect(fresh.body).toContain(`href="/competenze/breve?evento=${id}&amp;fase=prima"`);

    // Each follows the link in their mail and takes the test before the event.
    const before = new Map<string, string>();
    for (const p of people) {
      const link = linkIn(w.smtp.to(`${p}@example.org`)[0].text, prima(id));
      const r = await takeTest(w, browsers.get(p) as Browser, link, 'worst');
      expect(await resultRow(w, r.id)).toMatchObject({ event_id: id, phase: 'prima', organisation_id: w.prato });
      before.set(p, r.id);
    }
    w.smtp.clear();

    // At the event everyone is checked in; the survey goes out the day after at 10:00.
    await afterStart(w, id);
    for (const p of people) await checkIn(w, id, booked.get(p) as Booked);
    await checkIn(w, plainId, other);
    await drain(w.t);
    const ev = await events.getEvent(w.t.db, id);
    setClockOffset(Date.parse(surveyAt(ev.end)) + 60_000 - Date.now());
    await drain(w.t);
    const survey = w.smtp.to('ada@example.org').find((m) => m.subject?.startsWith("Com'è andata?"));
    expect(survey?.text).toContain(dopo(id));
    expect(survey?.text).toContain('Rifai ora il test breve');
    const janeSurvey = w.smtp.to('jane@example.org').find((m) => m.subject?.startsWith('How was it?'));
    expect(janeSurvey?.text).toContain(`${dopo(id)}&lang=en`);
    expect(janeSurvey?.text).toContain('about 5 minutes, is anonymous');
    const olgaSurvey = w.smtp.to('olga@example.org').find((m) => m.subject?.startsWith("Com'è andata?"));
    expect(olgaSurvey?.text).toBeTruthy();
    expect(olgaSurvey?.text).not.toContain('/competenze/');

    const figures = async () => {
      const res = await w.staff('GET', `/api/v1/organisations/${w.prato}/assessment-aggregates`);
      expect(res.statusCode, res.body).toBe(200);
      const rows = res.json().change.events as {
        key: string;
        paired: { n: number; change: Record<string, number> } | null;
        suppressed: boolean;
      }[];
      return rows.find((r) => r.key === id);
    };

    // Ada follows the "after" link on the device she used before: her two results make a pair.
    const adaAfter = await takeTest(w, browsers.get('ada') as Browser, linkIn(survey?.text, dopo(id)), 'best');
    expect(adaAfter.retake).toBe(true);
    expect(await resultRow(w, adaAfter.id)).toMatchObject({ event_id: id, phase: 'dopo', previous_result_id: before.get('ada') });
    // One pair is stored; under five the figures are withheld, as for every anonymous aggregate.
    const pairs = await w.t.db.k
      .selectFrom('skill_results as r')
      .innerJoin('skill_results as p', 'p.id', 'r.previous_result_id')
      .select('r.id')
      .where('r.event_id', '=', id)
      .where('r.phase', '=', 'dopo')
      .where('p.phase', '=', 'prima')
      .execute();
    expect(pairs).toHaveLength(1);
    expect(await figures()).toMatchObject({ paired: null, suppressed: true });

    // The other four come back too: now the event shows the before/after change of five pairs.
    for (const p of people.slice(1)) {
      const mail = w.smtp.to(`${p}@example.org`).find((m) => m.text?.includes(dopo(id)));
      const r = await takeTest(w, browsers.get(p) as Browser, linkIn(mail?.text, dopo(id)), 'best');
      expect(await resultRow(w, r.id)).toMatchObject({ phase: 'dopo', previous_result_id: before.get(p) });
    }
    const row = await figures();
    expect(row?.paired?.n).toBe(5);
    expect(Object.values(row?.paired?.change ?? {}).every((c) => c > 0)).toBe(true);

    // A stranger's "after" link on another device still counts as an "after" result, unpaired.
    const stranger = await takeTest(w, new Browser(w.t.app), `/competenze/breve?evento=${id}&fase=dopo`, 'best');
    expect(stranger.retake).toBe(false);
    expect(await resultRow(w, stranger.id)).toMatchObject({ event_id: id, phase: 'dopo', previous_result_id: null });
  });
});
