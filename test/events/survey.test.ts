import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/core/jobs.js';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { SURVEY_KIND, surveyAt } from '../../src/modules/events/survey/schedule.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { BASE_URL, drain, expectProblem, type World, world } from './booking-fixtures.js';
import { afterEnd, afterStart, type Booked, book, checkIn } from './messages-fixtures.js';

const SUBJECT = "Com'è andata? Dacci un voto: Incontro sullo SPID";

/** Moves the clock to a minute after the survey of the event is due, and runs the jobs. */
async function surveyDay(w: World, eventId: string, ms = 60_000): Promise<void> {
  const ev = await events.getEvent(w.t.db, eventId, { includeDrafts: true });
  setClockOffset(Date.parse(surveyAt(ev.end)) + ms - Date.now());
  await drain(w.t);
}

/** The survey link a person received: its id and token. */
function linkOf(w: World, email: string): { id: string; token: string; path: string } {
  const mails = w.smtp.to(email).filter((m) => m.subject?.startsWith("Com'è andata?") || m.subject?.startsWith('How was it?'));
  expect(mails, `survey e-mails to ${email}`).toHaveLength(1);
  const m = new RegExp(`${BASE_URL}(/gradimento/([0-9a-f-]{36})\\?token=([A-Za-z0-9_-]+)(?:&lang=en)?)`).exec(mails[0].text ?? '');
  expect(m, mails[0].text).not.toBeNull();
  return { path: (m as RegExpExecArray)[1], id: (m as RegExpExecArray)[2], token: (m as RegExpExecArray)[3] };
}

/** The answer stored through a link, in the event's built survey: its rating and comment. */
async function answerOf(w: World, linkId: string): Promise<{ rating: number | null; comment: string | null }> {
  const rows = await w.t.db.k
    .selectFrom('survey_answers as a')
    .innerJoin('survey_responses as r', 'r.id', 'a.response_id')
    .innerJoin('survey_questions as q', 'q.id', 'a.question_id')
    .select(['q.code', 'a.value'])
    .where('r.ref', '=', linkId)
    .execute();
  const by = Object.fromEntries(rows.map((r) => [r.code, r.value]));
  return { rating: by.rating ? Number(by.rating) : null, comment: by.comment ?? null };
}

const surveyRows = (w: World, eventId: string) =>
  w.t.db.k.selectFrom('event_surveys').selectAll().where('event_id', '=', eventId).orderBy('id').execute();

describe.each(DIALECTS)('satisfaction survey (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  /** An event in `days` days where Ada (e-mail) and Carlo (phone only) came, and Bea (e-mail) did not. */
  async function attended(tag: string, days = 3, over: Record<string, unknown> = {}) {
    const eventId = await w.event(over, days);
    const ada = await book(w, eventId, { name: 'Ada', email: `ada.${tag}@example.org` });
    const bea = await book(w, eventId, { name: 'Bea', email: `bea.${tag}@example.org` });
    const carlo = await book(w, eventId, { name: 'Carlo', phone: '0574 616161' });
    await afterStart(w, eventId);
    await checkIn(w, eventId, ada);
    await checkIn(w, eventId, carlo);
    await drain(w.t);
    w.smtp.clear();
    return { eventId, ada, bea, carlo };
  }

  it('goes out the day after at 10:00, once, only to people checked in who left an e-mail', async () => {
    const p = await attended('sched');
    // The evening of the event and early next morning: not yet.
    await afterEnd(w, p.eventId, 3 * 3_600_000);
    await drain(w.t);
    await surveyDay(w, p.eventId, -60_000);
    expect(w.smtp.messages.filter((m) => m.subject === SUBJECT)).toEqual([]);
    expect(await surveyRows(w, p.eventId)).toEqual([]);

    await surveyDay(w, p.eventId);
    expect(w.smtp.to('ada.sched@example.org').map((m) => m.subject)).toEqual([SUBJECT]);
    expect(w.smtp.to('bea.sched@example.org')).toEqual([]);
    const link = linkOf(w, 'ada.sched@example.org');
    const rows = await surveyRows(w, p.eventId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: link.id, registration_id: p.ada.id, rating: null, answered_at: null });
    expect(rows[0].sent_at).not.toBeNull();
    // Only the token's hash is kept.
    expect(rows[0].token_hash).not.toContain(link.token);
    const mail = w.smtp.to('ada.sched@example.org')[0];
    expect(mail.text).toContain('Gentile Ada,');
    expect(mail.text).toContain('anonima');

    // Never twice: another survey job for the same booking sends nothing more.
    await enqueueJob(w.t.db.k, SURVEY_KIND, { registrationId: p.ada.id });
    await enqueueJob(w.t.db.k, SURVEY_KIND, { registrationId: p.bea.id });
    await drain(w.t);
    expect(w.smtp.messages.filter((m) => m.subject === SUBJECT)).toHaveLength(1);
    expect(await surveyRows(w, p.eventId)).toHaveLength(1);
  });

  it('is not sent to a person who erased their data or cancelled before the day after', async () => {
    const eventId = await w.event({}, 3);
    const ada = await book(w, eventId, { name: 'Ada', email: 'ada.gone@example.org' });
    await afterStart(w, eventId);
    await checkIn(w, eventId, ada);
    await afterEnd(w, eventId, 3_600_000);
    const erase = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${ada.id}/personal-data?token=${ada.manageToken}` });
    expect(erase.statusCode, erase.body).toBeLessThan(300);
    await surveyDay(w, eventId);
    expect(w.smtp.messages.filter((m) => m.subject === SUBJECT)).toEqual([]);
    expect(await surveyRows(w, eventId)).toEqual([]);
  });

  it('is answered on its page without JavaScript, and through the API; a second answer replaces the first', async () => {
    const p = await attended('answer');
    await surveyDay(w, p.eventId);
    const link = linkOf(w, 'ada.answer@example.org');
    const citizen = new Browser(w.t.app);

    const page = await citizen.get(link.path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Nel complesso, come valuti l'evento?");
    expect(page.body).toContain('Incontro sullo SPID');
    for (const label of ['1 – Pessimo', '3 – Sufficiente', '5 – Ottimo']) expect(page.body).toContain(label);
    expect(page.body).toMatch(/<input[^>]*type="radio"[^>]*name="rating"/);

    // No rating: the form comes back with the error, nothing is written.
    const missing = await citizen.post(`/gradimento/${link.id}`, { token: link.token, comment: 'Bello' }, { from: link.path });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('scegli un voto da 1 a 5');
    expect(missing.body).toContain('Bello');
    const tooLong = await citizen.post(
      `/gradimento/${link.id}`,
      { token: link.token, rating: '4', comment: 'x'.repeat(1001) },
      { from: link.path },
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('al massimo 1000 caratteri');
    expect(await answerOf(w, link.id)).toEqual({ rating: null, comment: null });
    expect((await surveyRows(w, p.eventId))[0].answered_at).toBeNull();

    const sent = await citizen.post(
      `/gradimento/${link.id}`,
      { token: link.token, rating: '4', comment: '  Chiaro e paziente.  ' },
      { from: link.path },
    );
    expect(sent.statusCode).toBe(303);
    const thanks = await citizen.get(sent.headers.location as string);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Grazie!');
    expect(thanks.body).toContain('La tua risposta è stata registrata.');
    expect(await answerOf(w, link.id)).toEqual({ rating: 4, comment: 'Chiaro e paziente.' });

    // Coming back, the page shows the answer given and says it can be changed.
    const again = await citizen.get(link.path);
    expect(again.body).toContain('Hai già risposto');
    expect(again.body).toMatch(/value="4"[^>]*checked|checked[^>]*value="4"/);

    const api = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${link.id}`,
      payload: { token: link.token, rating: 5 },
    });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ id: link.id, rating: 5, comment: null, changed: true });
    expect(await answerOf(w, link.id)).toEqual({ rating: 5, comment: null });

    expectProblem(
      await w.t.app.inject({ method: 'POST', url: `/api/v1/surveys/${link.id}`, payload: { token: link.token, rating: 6 } }),
      400,
    );
    expectProblem(await w.t.app.inject({ method: 'POST', url: `/api/v1/surveys/${link.id}`, payload: { token: link.token } }), 400);

    // In English when asked.
    const en = await new Browser(w.t.app).get(`${link.path}&lang=en`);
    expect(en.body).toContain('Overall, how do you rate the event?');
  });

  it('answers a wrong or erased link with a 404 in Italian and writes nothing', async () => {
    const p = await attended('wrong');
    await surveyDay(w, p.eventId);
    const link = linkOf(w, 'ada.wrong@example.org');
    const before = await surveyRows(w, p.eventId);
    const citizen = new Browser(w.t.app);
    const wrong = `${link.token.slice(0, -2)}xx`;
    const page = await citizen.get(`/gradimento/${link.id}?token=${wrong}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Questionario non trovato: controlla il link ricevuto per e-mail.');
    for (const url of [`/gradimento/${link.id}?token=`, '/gradimento/non-un-id?token=abc', `/gradimento/${p.ada.id}?token=${link.token}`]) {
      expect((await citizen.get(url)).statusCode, url).toBe(404);
    }
    const csrf = await citizen.csrf(link.path);
    const post = await citizen.post(`/gradimento/${link.id}`, { token: wrong, rating: '5' }, { csrf });
    expect(post.statusCode).toBe(404);
    const api = expectProblem(
      await w.t.app.inject({ method: 'POST', url: `/api/v1/surveys/${link.id}`, payload: { token: wrong, rating: 5 } }),
      404,
    );
    expect(api.detail).toContain('Questionario non trovato');
    expect(await surveyRows(w, p.eventId)).toEqual(before);

    // An answer survives the erasure of the booking's data; the link does not.
    expect(
      (
        await w.t.app.inject({
          method: 'POST',
          url: `/api/v1/surveys/${link.id}`,
          payload: { token: link.token, rating: 2, comment: 'Troppo veloce' },
        })
      ).statusCode,
    ).toBe(200);
    const erase = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${p.ada.id}/personal-data?token=${p.ada.manageToken}`,
    });
    expect(erase.statusCode, erase.body).toBeLessThan(300);
    expect((await citizen.get(link.path)).statusCode).toBe(404);
    const results = (await w.staff('GET', `/api/v1/events/${p.eventId}/survey`)).json();
    expect(results).toMatchObject({ sent: 1, answered: 1, average: 2, comments: [{ rating: 2, comment: 'Troppo veloce' }] });
  });

  it('shows the results per event and per programme to the organiser only', async () => {
    const programme = await createProgramme(w.t.db, null, {
      organisation: w.prato,
      name: `Punto Digitale ${Date.now()}`,
      start: '2020-01-01',
      end: '2099-12-31',
    });
    const e1 = await w.event({ programme: programme.id, capacity: 10 }, 3);
    const e2 = await w.event({ programme: programme.id, capacity: 10, title: 'Laboratorio PEC' }, 6);
    const e3 = await w.event({ programme: programme.id, capacity: 10, title: 'Nessuno è venuto' }, 8);
    const people = async (eventId: string, tag: string, n: number): Promise<Booked[]> => {
      const out: Booked[] = [];
      for (let i = 0; i < n; i++) out.push(await book(w, eventId, { name: `P${i}`, email: `p${i}.${tag}@example.org` }));
      return out;
    };
    const first = await people(e1, 'res1', 4);
    const second = await people(e2, 'res2', 2);
    await people(e3, 'res3', 1);
    const answer = async (email: string, rating: number, comment?: string) => {
      const link = linkOf(w, email);
      const res = await w.t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${link.id}`,
        payload: { token: link.token, rating, comment },
      });
      expect(res.statusCode, res.body).toBe(200);
    };

    await afterStart(w, e1);
    for (const b of first) await checkIn(w, e1, b);
    await surveyDay(w, e1);
    await answer('p0.res1@example.org', 5, 'Utilissimo');
    await answer('p1.res1@example.org', 4);
    await answer('p2.res1@example.org', 2, 'Sala fredda');
    // p3 does not answer.
    await afterStart(w, e2);
    for (const b of second) await checkIn(w, e2, b);
    await surveyDay(w, e2);
    await answer('p0.res2@example.org', 3);

    const ev = await w.staff('GET', `/api/v1/events/${e1}/survey`);
    expect(ev.statusCode, ev.body).toBe(200);
    expect(ev.json()).toMatchObject({
      event: { id: e1, title: 'Incontro sullo SPID' },
      sent: 4,
      answered: 3,
      responseRate: 0.75,
      average: 3.7,
      distribution: [
        { rating: 1, count: 0 },
        { rating: 2, count: 1 },
        { rating: 3, count: 0 },
        { rating: 4, count: 1 },
        { rating: 5, count: 1 },
      ],
    });
    expect(
      ev
        .json()
        .comments.map((c: { comment: string }) => c.comment)
        .sort(),
    ).toEqual(['Sala fredda', 'Utilissimo']);
    expect(JSON.stringify(ev.json())).not.toMatch(/p\d\.res1|registration/);

    const pr = await w.staff('GET', `/api/v1/programmes/${programme.id}/survey`);
    expect(pr.statusCode, pr.body).toBe(200);
    expect(pr.json()).toMatchObject({
      programme: { id: programme.id },
      sent: 6,
      answered: 4,
      responseRate: 4 / 6,
      average: 3.5,
      events: [
        { id: e1, sent: 4, answered: 3, average: 3.7 },
        { id: e2, title: 'Laboratorio PEC', sent: 2, answered: 1, average: 3 },
      ],
    });

    // The staff pages: figures, a table of the distribution and the comments; linked from the event and the programme.
    const page = await w.staff('GET', `/admin/events/${e1}/gradimento`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>Distribuzione dei voti</caption>');
    expect(page.body).toContain('3,7 su 5');
    expect(page.body).toContain('75%');
    expect(page.body).toContain('Sala fredda');
    const progPage = await w.staff('GET', `/admin/programmes/${programme.id}/gradimento`);
    expect(progPage.statusCode).toBe(200);
    expect(progPage.body).toContain('Laboratorio PEC');
    expect(progPage.body).toContain('3,5 su 5');
    expect(progPage.body).not.toContain('Nessuno è venuto');
    expect((await w.staff('GET', `/admin/events/${e1}`)).body).toContain(`href="/admin/events/${e1}/gradimento"`);
    expect((await w.staff('GET', `/admin/programmes/${programme.id}`)).body).toContain(
      `href="/admin/programmes/${programme.id}/gradimento"`,
    );

    // Another organisation's staff, and nobody signed in, are refused.
    expectProblem(await w.outsider('GET', `/api/v1/events/${e1}/survey`), 403);
    expectProblem(await w.outsider('GET', `/api/v1/programmes/${programme.id}/survey`), 403);
    expect((await w.outsider('GET', `/admin/events/${e1}/gradimento`)).statusCode).toBe(403);
    expect((await w.outsider('GET', `/admin/programmes/${programme.id}/gradimento`)).statusCode).toBe(403);
    expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${e1}/survey` }), 401);
  });
});
