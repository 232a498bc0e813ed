import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { surveyAt } from '../../src/modules/events/survey/schedule.js';
import { Browser, DIALECTS } from '../helpers.js';
import { BASE_URL, drain, type World, world } from './booking-fixtures.js';
import { afterStart, book, checkIn } from './messages-fixtures.js';

/**
 * The satisfaction survey is a survey of the builder: staff change an event's questions (here a
 * question shown only after a low rating), the private link sent the day after shows them, on a
 * second page without JavaScript, and the answers count without any confirmation.
 */
describe.each(DIALECTS)('event survey on the builder (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  async function linkAfter(eventId: string, email: string) {
    const ev = await events.getEvent(w.t.db, eventId, { includeDrafts: true });
    setClockOffset(Date.parse(surveyAt(ev.end)) + 60_000 - Date.now());
    await drain(w.t);
    const text = w.smtp.to(email).find((m) => m.subject?.startsWith("Com'è andata?"))?.text ?? '';
    const m = new RegExp(`${BASE_URL}(/gradimento/([0-9a-f-]{36})\\?token=([A-Za-z0-9_-]+))`).exec(text);
    if (!m) throw new Error(`no survey link in ${text}`);
    return { path: m[1], id: m[2], token: m[3] };
  }

  it('staff add a conditional question to the template; the link shows it on a second page after a low rating', async () => {
    const eventId = await w.event({}, 3);
    const ada = await book(w, eventId, { name: 'Ada', email: 'ada.builder@example.org' });
    await afterStart(w, eventId);
    await checkIn(w, eventId, ada);
    await drain(w.t);

    // The event's survey starts as the fixed template: a rating and a comment.
    const results = await w.staff('GET', `/api/v1/events/${eventId}/survey`);
    expect(results.statusCode, results.body).toBe(200);
    const surveyId = results.json().surveyId as string;
    const survey = (await w.staff('GET', `/api/v1/surveys/${surveyId}`)).json();
    expect(survey).toMatchObject({ event: eventId, status: 'open' });
    expect(survey.questions.map((q: { code: string; kind: string }) => [q.code, q.kind])).toEqual([
      ['rating', 'scale'],
      ['comment', 'long'],
    ]);
    const rating = survey.questions[0].id as string;
    const added = await w.staff('POST', `/api/v1/surveys/${surveyId}/questions`, {
      kind: 'multiple',
      label: 'Che cosa non ha funzionato?',
      options: ['Il ritmo', 'La sala', 'Gli esempi'],
      required: true,
      showIf: { question: rating, value: '2' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const why = added.json().questions[2].id as string;
    // Another organisation cannot change it.
    expect((await w.outsider('POST', `/api/v1/surveys/${surveyId}/questions`, { kind: 'short', label: 'X' })).statusCode).toBe(403);
    // The event's results page leads to the builder.
    expect((await w.staff('GET', `/admin/events/${eventId}/gradimento`)).body).toContain(`href="/admin/questionari/${surveyId}"`);

    const link = await linkAfter(eventId, 'ada.builder@example.org');
    const citizen = new Browser(w.t.app);
    const first = await citizen.get(link.path);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Pagina 1 di 2');
    expect(first.body).not.toContain('Che cosa non ha funzionato?');
    // A rating of 2: the second page asks what did not work, carrying the rating.
    const second = await citizen.post(
      `/gradimento/${link.id}`,
      { token: link.token, passo: '0', rating: '2', comment: 'Sala fredda' },
      { from: link.path },
    );
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Che cosa non ha funzionato?');
    expect(second.body).toContain('name="rating" value="2"');
    const missing = await citizen.post(
      `/gradimento/${link.id}`,
      { token: link.token, passo: '1', rating: '2', comment: 'Sala fredda' },
      { from: link.path },
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('rispondi a questa domanda');
    const done = await citizen.post(
      `/gradimento/${link.id}`,
      { token: link.token, passo: '1', rating: '2', comment: 'Sala fredda', [`q_${why}`]: ['2', '3'] },
      { from: link.path },
    );
    expect(done.statusCode).toBe(303);
    // No confirmation: the answer counts at once, in the event's figures and in the builder's results.
    const figures = (await w.staff('GET', `/api/v1/events/${eventId}/survey`)).json();
    expect(figures).toMatchObject({ answered: 1, average: 2, comments: [{ rating: 2, comment: 'Sala fredda' }] });
    const stored = await w.t.db.k.selectFrom('survey_responses').selectAll().where('survey_id', '=', surveyId).execute();
    expect(stored).toMatchObject([{ status: 'confirmed', ref: link.id, contact_hash: null }]);
    const built = (await w.staff('GET', `/api/v1/surveys/${surveyId}/results`)).json();
    // One answer: a group under 5, hidden.
    expect(built.responses).toBeNull();

    // Through the API, by question id; a rating of 5 drops the conditional answer.
    const api = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${link.id}`,
      payload: { token: link.token, rating: 5, [why]: ['1'] },
    });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ rating: 5, changed: true, answers: { [rating]: ['5'] } });
    expect(api.json().answers[why]).toBeUndefined();
  });
});
