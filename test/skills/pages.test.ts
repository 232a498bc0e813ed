import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as skills from '../../src/modules/skills/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { answersFor, BASE_URL, bank, counts, PASSWORD, pick, respond, type Strategy, type World, world } from './fixtures.js';

const itemOf = (html: string) => /name="item" value="([^"]+)"/.exec(html)?.[1];
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;

/** Starts the page flow from a start page and returns the private address of the answers in progress. */
async function start(b: Browser, startUrl: string, form: Record<string, string> = {}): Promise<string> {
  const page = await b.get(startUrl);
  expect(page.statusCode, page.body).toBe(200);
  const action = /<form method="post" action="(\/competenze\/(?:breve|completo))"/.exec(page.body)?.[1] as string;
  const hidden = Object.fromEntries(
    [...page.body.matchAll(/<input type="hidden" name="(evento|fase|ente|da|token)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  const res = await b.post(action, { ...hidden, ...form }, { csrf: csrfOf(page.body) });
  expect(res.statusCode, res.body).toBe(303);
  return res.headers.location as string;
}

/** Answers every question the flow asks, like a person without JavaScript would. */
async function answerAll(w: World, b: Browser, attempt: string, strategy: Strategy): Promise<string[]> {
  const byId = new Map((await bank(w.t, 'full')).map((i) => [i.id, i]));
  for (const org of [w.prato, w.firenze]) for (const i of await bank(w.t, 'full', org)) byId.set(i.id, i);
  const asked: string[] = [];
  for (let n = 0; n < 60; n += 1) {
    const page = await b.get(attempt);
    expect(page.statusCode, page.body).toBe(200);
    const id = itemOf(page.body);
    if (!id) return asked;
    const item = byId.get(id) as skills.BankItem;
    const res = await b.post(attempt, { item: id, value: String(pick(item, strategy)) }, { csrf: csrfOf(page.body) });
    expect(res.statusCode, res.body).toBe(303);
    asked.push(id);
  }
  throw new Error('the flow never ended');
}

async function finish(b: Browser, attempt: string): Promise<{ url: string; id: string; token: string }> {
  const review = await b.get(attempt);
  expect(review.body).toContain('Hai risposto a tutte le domande');
  const res = await b.post(`${attempt}/fine`, {}, { csrf: csrfOf(review.body) });
  expect(res.statusCode, res.body).toBe(303);
  const url = res.headers.location as string;
  const m = /\/competenze\/risultato\/([^?]+)\?token=(.+)$/.exec(url);
  if (!m) throw new Error(`unexpected result address ${url}`);
  return { url, id: m[1], token: decodeURIComponent(m[2]) };
}

describe.each(DIALECTS)('self-assessment pages (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  it('the intro page says what it is, how long it takes and that no account is needed', async () => {
    const home = await new Browser(w.t.app).get('/');
    expect(home.body).toContain('<a href="/competenze">');
    const res = await new Browser(w.t.app).get('/competenze');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('5 minuti');
    expect(res.body).toContain('Non serve un account');
    expect(res.body).toContain('href="/competenze/breve"');
    expect(res.body).toContain('href="/competenze/completo"');
    for (const area of ['Alfabetizzazione su informazioni e dati', 'Sicurezza', 'Risolvere problemi']) expect(res.body).toContain(area);
  });

  it('the short version without JavaScript: one question per page, adaptive, answers stored as they go', async () => {
    const b = new Browser(w.t.app);
    const attempt = await start(b, '/competenze/breve', { municipality: 'Prato', ageBand: '55-74' });
    expect(attempt).toMatch(/^\/competenze\/prova\/[A-Za-z0-9_-]{40,}$/);
    const first = await b.get(attempt);
    expect(first.body).toContain('Domanda 1 di 20');
    expect(first.body.match(/type="radio"/g)?.length).toBeGreaterThanOrEqual(4);
    expect(first.body).toContain('<legend class="ponte-skills-question">');
    // Every answer wrong: after the two probe questions of each area fail, its hardest is skipped.
    const asked = await answerAll(w, b, attempt, 'worst');
    expect(asked).toHaveLength(15);
    const review = await b.get(attempt);
    expect(review.body).toContain('5 domande non sono state necessarie');
    const result = await finish(b, attempt);
    const row = await w.t.db.k.selectFrom('skill_results').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    expect([row.level_1, row.level_2, row.level_3, row.level_4, row.level_5].map(Number)).toEqual([1, 1, 1, 1, 1]);
    expect(row.municipality_code).toBe('100005');
    expect(row.age_band).toBe('55-74');
    const answers = await w.t.db.k.selectFrom('skill_answers').selectAll().where('result_id', '=', result.id).execute();
    expect(answers).toHaveLength(20);
    expect(answers.filter((a) => Number(a.implied) === 1)).toHaveLength(5);
    // Finishing again (a double click) leads to the same result.
    const again = await b.post(`${attempt}/fine`, {}, { csrf: csrfOf(review.body) });
    expect(again.headers.location).toBe(result.url);
    expect((await b.get(attempt)).headers.location).toBe(result.url);
  });

  it('clear successes skip the easier questions and give high levels', async () => {
    const b = new Browser(w.t.app);
    const attempt = await start(b, '/competenze/breve');
    expect(await answerAll(w, b, attempt, 'best')).toHaveLength(15);
    const result = await finish(b, attempt);
    const page = await b.get(result.url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<td class="ponte-skills-nowrap">6 / 8</td>');
  });

  it('progress survives a reload, a question left unanswered says so, answers can be changed', async () => {
    const b = new Browser(w.t.app);
    const attempt = await start(b, '/competenze/breve');
    const page = await b.get(attempt);
    const firstItem = itemOf(page.body) as string;
    const refused = await b.post(attempt, { item: firstItem }, { csrf: csrfOf(page.body) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Scegli una delle risposte');
    expect(refused.body).toContain('aria-invalid="true"');
    await b.post(attempt, { item: firstItem, value: '0' }, { csrf: csrfOf(page.body) });
    // Another browser (no cookies) with the same link continues where the person left off.
    const elsewhere = await new Browser(w.t.app).get(attempt);
    expect(elsewhere.body).toContain('Domanda 2 di');
    expect(elsewhere.body).toContain(`href="${attempt}?domanda=${firstItem}"`);
    // Back to the first question: the chosen answer is shown and can be changed.
    const back = await b.get(`${attempt}?domanda=${firstItem}`);
    expect(back.body).toMatch(/value="0" checked/);
    await b.post(attempt, { item: firstItem, value: '1' }, { csrf: csrfOf(back.body) });
    const stored = await w.t.db.k.selectFrom('skill_attempts').select('answers').where('token_hash', '!=', '').execute();
    expect(stored.some((r) => JSON.parse(r.answers)[firstItem] === 1)).toBe(true);
    // Changing a probe answer from the summary brings back the questions it no longer skips.
    await answerAll(w, b, attempt, 'worst');
    const review = await b.get(attempt);
    expect(review.body).toContain(`?domanda=${firstItem}&amp;rivedi=1`);
    const change = await b.get(`${attempt}?domanda=${firstItem}&rivedi=1`);
    expect(change.body).toContain('name="rivedi" value="1"');
    const res = await b.post(attempt, { item: firstItem, value: '0', rivedi: '1' }, { csrf: csrfOf(change.body) });
    expect(res.headers.location).toBe(attempt);
    expect((await b.get(attempt)).body).toContain('Hai risposto a tutte le domande');
    // A made-up link is a 404 page.
    expect((await b.get('/competenze/prova/non-esiste')).statusCode).toBe(404);
  });

  it('the result page: chart and table, explanations, path, PDF, e-mail form, retake, wrong token 404', async () => {
    const eventId = await w.event({ title: 'SPID per tutti', topics: ['spid'] });
    const b = new Browser(w.t.app);
    const attempt = await start(b, '/competenze/breve', { municipality: 'Prato' });
    await answerAll(w, b, attempt, 'worst');
    const result = await finish(b, attempt);
    const page = await b.get(result.url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Il tuo profilo di competenze digitali');
    expect(page.body).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="grafico-livelli-t grafico-livelli-d"/);
    expect(page.body).toContain('<caption>Livelli per area</caption>');
    expect(page.body.match(/<th scope="row">\d\. /g)).toHaveLength(5);
    expect(page.body).toContain('Conosci poche regole per proteggerti online');
    // The personal path: the SPID meeting in Prato, one click away.
    expect(page.body).toContain(`href="/eventi/${eventId}"`);
    expect(page.body).toContain('SPID per tutti');
    expect(page.body).toContain(`/competenze/risultato/${result.id}/profilo.pdf?token=`);
    expect(page.body).toContain(`action="/competenze/risultato/${result.id}/email"`);
    expect(page.body).toContain(`/competenze/breve?da=${result.id}&amp;token=`);
    expect(page.body).toContain(`${BASE_URL}/competenze/risultato/${result.id}?token=`);
    expect(page.body).not.toContain('Codice SE5');
    const pdf = await b.get(`/competenze/risultato/${result.id}/profilo.pdf?token=${encodeURIComponent(result.token)}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await b.get(`/competenze/risultato/${result.id}?token=sbagliato`)).statusCode).toBe(404);
    expect((await b.get(`/competenze/risultato/${result.id}/profilo.pdf?token=sbagliato`)).statusCode).toBe(404);
    expect((await b.get(`/competenze/risultato/${result.id}`)).statusCode).toBe(404);
  });

  it('a facilitator signed in sees the national SE5 codes to work on', async () => {
    const created = (await respond(w.t, 'short', { answers: answersFor(await bank(w.t, 'short'), 'worst') })).json();
    const b = new Browser(w.t.app);
    await b.signIn('facilitatore@prato.example', PASSWORD);
    const page = await b.get(`/competenze/risultato/${created.id}?token=${encodeURIComponent(created.token)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Codice SE5');
    expect(page.body).toContain('Identità digitale (SPID, CNS, CIE)');
    expect(page.body).toContain('Proteggere i dispositivi (password, phishing)');
    // SE4 letters next to the codes: 9 is in B, 11 in D.
    expect(page.body).toMatch(/<th scope="row">9<\/th><td>B<\/td>/);
    expect(page.body).toMatch(/<th scope="row">11<\/th><td>D<\/td>/);
    // The same link without signing in shows no codes; a wrong token shows nothing even to staff.
    expect((await b.get(`/competenze/risultato/${created.id}?token=x`)).statusCode).toBe(404);
  });

  it('sends the profile by e-mail on request, through the job table, with the PDF attached', async () => {
    const created = (await respond(w.t, 'short', { answers: answersFor(await bank(w.t, 'short'), 'best') })).json();
    const b = new Browser(w.t.app);
    const url = `/competenze/risultato/${created.id}?token=${encodeURIComponent(created.token)}`;
    const page = await b.get(url);
    const bad = await b.post(
      `/competenze/risultato/${created.id}/email`,
      { token: created.token, email: 'non-una-mail' },
      { csrf: csrfOf(page.body) },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('indirizzo e-mail non valido');
    const wrong = await b.post(
      `/competenze/risultato/${created.id}/email`,
      { token: 'x', email: 'ada@example.org' },
      { csrf: csrfOf(page.body) },
    );
    expect(wrong.statusCode).toBe(404);
    const jobs = async () =>
      Number(
        (
          await w.t.db.k
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await jobs();
    const res = await b.post(
      `/competenze/risultato/${created.id}/email`,
      { token: created.token, email: 'ada@example.org' },
      { csrf: csrfOf(page.body) },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('inviato=1');
    expect(await jobs()).toBe(before + 1);
    expect((await b.get(res.headers.location as string)).body).toContain('ti abbiamo inviato il profilo');
    await w.t.app.deps.jobs.runDue();
    const mail = w.smtp.to('ada@example.org');
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe('Il tuo profilo di competenze digitali');
    expect(mail[0].text).toContain('Sicurezza: livello 6 su 8 (Avanzato)');
    expect(mail[0].text).toContain(`${BASE_URL}/competenze/risultato/${created.id}?token=`);
    expect(mail[0].html).toContain('Il tuo percorso');
    const pdf = mail[0].attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('profilo-competenze-digitali.pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
    // The API does the same.
    const api = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/assessment-results/${created.id}/email`,
      payload: { token: created.token, email: 'bea@example.org' },
    });
    expect(api.statusCode, api.body).toBe(202);
    await w.t.app.deps.jobs.runDue();
    expect(w.smtp.to('bea@example.org')).toHaveLength(1);
  });

  it('a large-type option that sticks across pages', async () => {
    const b = new Browser(w.t.app);
    expect((await b.get('/competenze')).body).not.toContain('ponte-skills-large');
    const large = await b.get('/competenze/breve?testo=grande');
    expect(large.body).toContain('ponte-skills ponte-skills-large');
    expect(large.body).toContain('Caratteri normali');
    expect((await b.get('/competenze')).body).toContain('ponte-skills-large');
    expect((await b.get('/competenze?testo=normale')).body).not.toContain('ponte-skills-large');
  });

  it('a municipality that does not exist is a field error and nothing is stored', async () => {
    const b = new Browser(w.t.app);
    const page = await b.get('/competenze/breve');
    const before = await counts(w.t);
    const res = await b.post('/competenze/breve', { municipality: 'Paperopoli' }, { csrf: csrfOf(page.body) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('comune non trovato');
    expect(res.body).toContain('href="#f-municipality"');
    expect(await counts(w.t)).toEqual(before);
  });

  it('an event asks for the test before and after: results carry the event, phase and programme', async () => {
    const eventId = await w.event({ title: 'Corso smartphone', topics: ['smartphone'] });
    const b = new Browser(w.t.app);
    const startPage = await b.get(`/competenze/breve?evento=${eventId}&fase=prima`);
    expect(startPage.body).toContain('Corso smartphone');
    expect(startPage.body).toContain('prima del corso');
    const attempt = await start(b, `/competenze/breve?evento=${eventId}&fase=prima`);
    await answerAll(w, b, attempt, 'worst');
    const before = await finish(b, attempt);
    const row = await w.t.db.k.selectFrom('skill_results').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ event_id: eventId, phase: 'prima', programme_id: w.programme, organisation_id: w.prato });

    // After the course, the retake link of the result with the "after" phase: the same person, paired.
    const retake = await start(
      b,
      `/competenze/breve?evento=${eventId}&fase=dopo&da=${before.id}&token=${encodeURIComponent(before.token)}`,
    );
    await answerAll(w, b, retake, 'best');
    const after = await finish(b, retake);
    expect(after.token).toBe(before.token);
    const row2 = await w.t.db.k.selectFrom('skill_results').selectAll().where('id', '=', after.id).executeTakeFirstOrThrow();
    expect(row2).toMatchObject({ event_id: eventId, phase: 'dopo', previous_result_id: before.id, chain_id: row.chain_id });
    const page = await b.get(after.url);
    expect(page.body).toContain('<th scope="col" class="ponte-skills-nowrap">Prima</th>');
    expect(page.body).toContain('<td>+5</td>');
    // The old link now points to the newer result.
    expect((await b.get(before.url)).body).toContain(`/competenze/risultato/${after.id}?token=`);
    // Unknown events and bad retake links are refused before any question.
    expect((await b.get('/competenze/breve?evento=00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await b.get(`/competenze/breve?da=${before.id}&token=sbagliato`)).statusCode).toBe(404);
  });

  it('linkResultToEvent attaches an existing result to an event with the person’s token', async () => {
    const eventId = await w.event({ title: 'Sicurezza online', topics: ['sicurezza-informatica'] });
    const created = (await respond(w.t, 'short', { answers: answersFor(await bank(w.t, 'short'), 'best') })).json();
    await expect(skills.linkResultToEvent(w.t.app.deps, { resultId: created.id, token: 'x', eventId, phase: 'dopo' })).rejects.toThrow();
    await expect(
      skills.linkResultToEvent(w.t.app.deps, {
        resultId: created.id,
        token: created.token,
        eventId: '00000000-0000-7000-8000-000000000000',
        phase: 'dopo',
      }),
    ).rejects.toThrow(/Evento/);
    await skills.linkResultToEvent(w.t.app.deps, { resultId: created.id, token: created.token, eventId, phase: 'dopo' });
    const row = await w.t.db.k.selectFrom('skill_results').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ event_id: eventId, phase: 'dopo', programme_id: w.programme, organisation_id: w.prato });
  });

  it('the questions changing during the test: the old answers cannot be scored, the person starts again', async () => {
    // Firenze's own version is what its link serves; staff publish another one meanwhile.
    await skills.publishDraft(w.t.db, (await skills.createDraft(w.t.db, w.firenze, null)).id);
    const b = new Browser(w.t.app);
    const attempt = await start(b, `/competenze/breve?ente=${w.firenze}`);
    await answerAll(w, b, attempt, 'best');
    const review = await b.get(attempt);
    await skills.publishDraft(w.t.db, (await skills.createDraft(w.t.db, w.firenze, null)).id);
    const before = await counts(w.t);
    const res = await b.post(`${attempt}/fine`, {}, { csrf: csrfOf(review.body) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Ricomincia il test');
    expect((await counts(w.t)).results).toBe(before.results);
  });
});
