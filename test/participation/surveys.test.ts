import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

/**
 * Surveys on both dialects: staff build one (API and pages without JavaScript), citizens answer it
 * once each (confirmed by e-mail), conditional questions come on the next page, results hide every
 * group under 5 answers, in the API, the pages and the CSV.
 */
describe.each(DIALECTS)('participation surveys (%s)', (dialect) => {
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect);
  });
  afterAll(() => w?.close());

  const rows = (table: 'survey_responses' | 'survey_answers', surveyId: string) =>
    w.t.db.k.selectFrom(table).selectAll().where('survey_id', '=', surveyId).execute();

  /** A survey of Prato's process: connection at home (single), why not (only if "No"), age band, services (multiple), a comment. */
  async function built(open = true) {
    const created = await w.staff('POST', `/api/v1/organisations/${w.prato}/surveys`, {
      title: 'Questionario sui bisogni',
      process: w.process,
      publicResults: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const add = async (q: Record<string, unknown>) => {
      const res = await w.staff('POST', `/api/v1/surveys/${id}/questions`, q);
      expect(res.statusCode, res.body).toBe(201);
      const qs = res.json().questions;
      return qs[qs.length - 1].id as string;
    };
    const home = await add({ kind: 'single', label: 'Hai internet a casa?', options: ['Sì', 'No'], required: true });
    const why = await add({ kind: 'short', label: 'Perché no?', required: true, showIf: { question: home, value: '2' } });
    const age = await add({ kind: 'age', label: 'Fascia d’età', required: true });
    const services = await add({ kind: 'multiple', label: 'Servizi usati', options: ['SPID', 'pagoPA', 'Fascicolo sanitario'] });
    const comment = await add({ kind: 'long', label: 'Altro da dirci?' });
    if (open) expect((await w.staff('PATCH', `/api/v1/surveys/${id}`, { status: 'open' })).statusCode).toBe(200);
    return { id, home, why, age, services, comment };
  }

  let n = 0;
  /** Answers by API and opens the confirmation link. */
  async function respond(surveyId: string, answers: Record<string, unknown>, confirm = true) {
    const email = `cittadino${++n}@example.org`;
    const res = await w.anonymous('POST', `/api/v1/surveys/${surveyId}/responses`, { email, answers });
    expect(res.statusCode, res.body).toBe(202);
    if (confirm) {
      const opened = await w.anonymous('GET', `/partecipa/conferma/${await w.linkFor(email)}`);
      expect(opened.statusCode, opened.body).toBe(200);
    }
    return { email, id: res.json().id as string };
  }

  it('builds a survey: questions in order, moved, edited, removed; a condition must look at an earlier answer', async () => {
    const s = await built(false);
    const got = await w.staff('GET', `/api/v1/surveys/${s.id}`);
    expect(got.json()).toMatchObject({ status: 'draft', process: w.process, publicResults: true });
    expect(got.json().questions.map((q: { label: string }) => q.label)).toEqual([
      'Hai internet a casa?',
      'Perché no?',
      'Fascia d’età',
      'Servizi usati',
      'Altro da dirci?',
    ]);
    expect(got.json().questions[1].showIf).toEqual({ question: s.home, value: '2' });

    // A condition on a later question, or on an answer that does not exist, is refused.
    const bad = await w.staff('PATCH', `/api/v1/surveys/${s.id}/questions/${s.home}`, {
      kind: 'single',
      label: 'Hai internet a casa?',
      options: ['Sì', 'No'],
      showIf: { question: s.age, value: '18-29' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'showIf' });
    const noValue = await w.staff('POST', `/api/v1/surveys/${s.id}/questions`, {
      kind: 'short',
      label: 'X',
      showIf: { question: s.home, value: '9' },
    });
    expect(noValue.statusCode).toBe(422);
    // A choice needs two options.
    const one = await w.staff('POST', `/api/v1/surveys/${s.id}/questions`, { kind: 'single', label: 'X', options: ['Solo'] });
    expect(one.statusCode).toBe(422);
    expect(one.json().errors[0]).toMatchObject({ field: 'options' });

    // The conditional question cannot go above the one it depends on; the question it depends on cannot be removed.
    expect((await w.staff('POST', `/api/v1/surveys/${s.id}/questions/${s.why}/move`, { direction: 'up' })).statusCode).toBe(409);
    expect((await w.staff('DELETE', `/api/v1/surveys/${s.id}/questions/${s.home}`)).statusCode).toBe(409);
    const moved = await w.staff('POST', `/api/v1/surveys/${s.id}/questions/${s.comment}/move`, { direction: 'up' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(
      moved
        .json()
        .questions.map((q: { id: string }) => q.id)
        .slice(3),
    ).toEqual([s.comment, s.services]);
    const edited = await w.staff('PATCH', `/api/v1/surveys/${s.id}/questions/${s.comment}`, {
      kind: 'long',
      label: 'Suggerimenti',
      required: false,
    });
    expect(edited.json().questions[3]).toMatchObject({ label: 'Suggerimenti', kind: 'long' });
    const removed = await w.staff('DELETE', `/api/v1/surveys/${s.id}/questions/${s.comment}`);
    expect(removed.json().questions).toHaveLength(4);

    // Another organisation's staff and anonymous callers are refused; a draft is not public.
    expect((await w.outsider('GET', `/api/v1/surveys/${s.id}`)).statusCode).toBe(403);
    expect((await w.anonymous('GET', `/api/v1/surveys/${s.id}`)).statusCode).toBe(401);
    expect((await w.anonymous('GET', `/partecipa/questionari/${s.id}`)).statusCode).toBe(404);
    expect((await w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, { email: 'a@example.org', answers: {} })).statusCode).toBe(409);
  });

  it('builds with the back-office pages without JavaScript: add, move, edit, remove, open', async () => {
    const staff = await w.staffBrowser();
    const list = await staff.get(`/admin/organisations/${w.prato}/questionari`);
    expect(list.statusCode).toBe(200);
    const empty = await staff.post(
      `/admin/organisations/${w.prato}/questionari`,
      { title: '' },
      { from: `/admin/organisations/${w.prato}/questionari` },
    );
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('scrivi il titolo');
    const made = await staff.post(
      `/admin/organisations/${w.prato}/questionari`,
      { title: 'Biblioteca digitale' },
      { from: `/admin/organisations/${w.prato}/questionari` },
    );
    expect(made.statusCode).toBe(303);
    const page = made.headers.location as string;
    const id = /\/admin\/questionari\/([0-9a-f-]{36})/.exec(page)?.[1] as string;
    const from = `/admin/questionari/${id}`;
    expect((await staff.get(page)).body).toContain('Questionario creato');
    const bad = await staff.post(`${from}/domande`, { kind: 'single', label: 'Vieni in biblioteca?', options: 'Solo una' }, { from });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('scrivi da 2 a 20 risposte possibili');
    expect(bad.body).toContain('Vieni in biblioteca?');
    const questions: Record<string, string>[] = [
      { kind: 'single', label: 'Vieni in biblioteca?', options: 'Sì\nNo', required: '1' },
      { kind: 'scale', label: 'Quanto sei soddisfatto?', options: '' },
      { kind: 'comune', label: 'Il tuo comune' },
    ];
    for (const q of questions) {
      expect((await staff.post(`${from}/domande`, q, { from })).statusCode).toBe(303);
    }
    let survey = (await w.staff('GET', `/api/v1/surveys/${id}`)).json();
    const [first, second, third] = survey.questions.map((q: { id: string }) => q.id);
    // The condition is chosen from the earlier questions' answers.
    const edit = await staff.get(`${from}/domande/${second}`);
    expect(edit.body).toContain(`value="${first}:2"`);
    expect(
      (await staff.post(`${from}/domande/${second}`, { kind: 'scale', label: 'Quanto sei soddisfatto?', showIf: `${first}:1` }, { from }))
        .statusCode,
    ).toBe(303);
    expect((await staff.post(`${from}/domande/${third}/sposta`, { direction: 'up' }, { from })).statusCode).toBe(303);
    const refused = await staff.post(`${from}/domande/${first}/elimina`, {}, { from });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('dipende da questa');
    expect((await staff.post(`${from}/domande/${third}/elimina`, {}, { from })).statusCode).toBe(303);
    expect((await staff.post(from, { title: 'Biblioteca digitale', status: 'open' }, { from })).statusCode).toBe(303);
    survey = (await w.staff('GET', `/api/v1/surveys/${id}`)).json();
    expect(survey.status).toBe('open');
    expect(survey.questions.map((q: { id: string }) => q.id)).toEqual([first, second]);
    expect(survey.questions[1].showIf).toEqual({ question: first, value: '1' });
    // Another organisation's staff cannot open the builder.
    const other = new Browser(w.t.app);
    await other.signIn('staff@valnure.example', 'una-password-lunga');
    expect((await other.get(from)).statusCode).toBe(403);
  });

  it('takes one response per person, counted once confirmed; bad answers are refused with nothing written', async () => {
    const s = await built();
    const before = (await rows('survey_responses', s.id)).length;
    // Required missing, a choice not offered, text too long, no contact: 422 naming each, nothing written.
    const bad = await w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, {
      answers: { [s.home]: '3', [s.comment]: 'x'.repeat(1001) },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual([`answers.${s.age}`, `answers.${s.comment}`, `answers.${s.home}`, 'email'].sort());
    // A hidden question's required answer is not asked: "Perché no?" only after "No".
    const noWhy = await w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, {
      email: 'x@example.org',
      answers: { [s.home]: '2', [s.age]: '30-64' },
    });
    expect(noWhy.statusCode).toBe(422);
    expect(noWhy.json().errors.map((e: { field: string }) => e.field)).toEqual([`answers.${s.why}`]);
    const honeypot = await w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, {
      email: 'bot@example.org',
      website: 'http://spam.example',
      answers: { [s.home]: '1', [s.age]: '30-64' },
    });
    expect(honeypot.statusCode).toBe(400);
    expect(await rows('survey_responses', s.id)).toHaveLength(before);

    const r = await respond(s.id, { [s.home]: '1', [s.why]: 'ignorata', [s.age]: '30-64', [s.services]: ['1', '3'] }, false);
    const pending = await rows('survey_responses', s.id);
    expect(pending).toMatchObject([{ id: r.id, status: 'pending', ref: null }]);
    // Only a keyed hash of the contact is kept; the hidden question's answer is dropped.
    expect(JSON.stringify(pending)).not.toContain(r.email);
    const answers = await rows('survey_answers', s.id);
    expect(answers.map((a) => a.value).sort()).toEqual(['1', '1', '3', '30-64']);
    // Pending responses are not counted.
    const results = await w.staff('GET', `/api/v1/surveys/${s.id}/results`);
    expect(results.json().responses).toBeNull();

    const opened = await w.anonymous('GET', `/partecipa/conferma/${await w.linkFor(r.email)}`);
    expect(opened.statusCode).toBe(200);
    expect((await rows('survey_responses', s.id))[0]).toMatchObject({ status: 'confirmed' });
    // The same person again: 409, nothing written.
    const again = await w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, {
      email: r.email.toUpperCase(),
      answers: { [s.home]: '2', [s.why]: 'costa', [s.age]: '30-64' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('si può rispondere una volta sola');
    expect(await rows('survey_responses', s.id)).toHaveLength(1);
    expect(await rows('survey_answers', s.id)).toHaveLength(4);
  });

  it('answers on pages without JavaScript: the conditional question comes on the next page, then the contact', async () => {
    const s = await built();
    const citizen = new Browser(w.t.app);
    const path = `/partecipa/questionari/${s.id}`;
    // The process's page offers it under "what you can do now".
    const processPage = await citizen.get(`/partecipa/processi/${w.process}`);
    expect(processPage.body).toContain(`href="${path}"`);
    expect(processPage.body).toContain('Rispondi al questionario: Questionario sui bisogni');
    const first = await citizen.get(path);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Pagina 1 di 2');
    expect(first.body).toContain('Hai internet a casa?');
    expect(first.body).not.toContain('Perché no?');
    expect(first.body).not.toContain('name="email"');
    const missing = await citizen.post(path, { passo: '0' }, { from: path });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('rispondi a questa domanda');
    // "No": the next page asks why, with the rest and the contact.
    const second = await citizen.post(path, { passo: '0', [`q_${s.home}`]: '2' }, { from: path });
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Perché no?');
    expect(second.body).toContain(`name="q_${s.home}" value="2"`);
    expect(second.body).toContain('name="email"');
    const noContact = await citizen.post(
      path,
      { passo: '1', [`q_${s.home}`]: '2', [`q_${s.why}`]: 'Non arriva la linea', [`q_${s.age}`]: '65-plus' },
      { from: path },
    );
    expect(noContact.statusCode).toBe(422);
    expect(noContact.body).toContain('indica un indirizzo e-mail o un numero di cellulare');
    expect(noContact.body).toContain('Non arriva la linea');
    const sent = await citizen.post(
      path,
      { passo: '1', [`q_${s.home}`]: '2', [`q_${s.why}`]: 'Non arriva la linea', [`q_${s.age}`]: '65-plus', email: 'nonna@example.org' },
      { from: path },
    );
    expect(sent.statusCode).toBe(202);
    expect(sent.body).toContain("apri il link nell'e-mail");
    const mail = w.smtp.to('nonna@example.org');
    await w.runJobs();
    expect(w.smtp.to('nonna@example.org').length).toBeGreaterThan(mail.length);
    const stored = await rows('survey_answers', s.id);
    expect(stored.map((a) => a.value).sort()).toEqual(['2', '65-plus', 'Non arriva la linea']);

    // "Sì": the why-page has nothing to show, so the next page is the contact alone.
    const other = new Browser(w.t.app);
    const yes = await other.post(path, { passo: '0', [`q_${s.home}`]: '1' }, { from: path });
    expect(yes.statusCode).toBe(200);
    expect(yes.body).not.toContain('Perché no?');
    // A tampered earlier answer is caught at the end: nothing written.
    const tampered = await other.post(
      path,
      { passo: '1', [`q_${s.home}`]: '7', [`q_${s.age}`]: '18-29', email: 'y@example.org' },
      { from: path },
    );
    expect(tampered.statusCode).toBe(422);
    expect(await rows('survey_responses', s.id)).toHaveLength(1);
  });

  it('hides every group under 5 answers, in results, cross filters, pages and CSV', async () => {
    const s = await built();
    // 12 people: 5 aged 30-64 (4 with internet, 1 without), 4 aged 65-plus, 3 aged 18-29.
    for (let i = 0; i < 12; i++) {
      const home = i === 4 ? '2' : '1';
      await respond(s.id, {
        [s.home]: home,
        ...(home === '2' ? { [s.why]: 'Costa troppo' } : {}),
        [s.age]: i < 5 ? '30-64' : i < 9 ? '65-plus' : '18-29',
        [s.services]: i < 6 ? ['1'] : ['1', '2'],
        ...(i < 5 ? { [s.comment]: `Commento ${i}` } : {}),
      });
    }
    const res = await w.staff('GET', `/api/v1/surveys/${s.id}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.responses).toBe(12);
    const q = (id: string, body = r) => body.questions.find((x: { id: string }) => x.id === id);
    // Sì 11, No 1: the 1 is hidden and, as the two add up to 12, so is the 11.
    expect(q(s.home).cells).toMatchObject([
      { label: 'Sì', count: null, hidden: 'derived' },
      { label: 'No', count: null, hidden: 'small' },
    ]);
    // A group of 4 (65+) and one of 3 (18-29) hidden, a group of 5 (30-64) shown.
    expect(q(s.age).cells).toEqual([
      { value: 'under-18', label: 'Meno di 18 anni', count: 0 },
      { value: '18-29', label: 'Da 18 a 29 anni', count: null, hidden: 'small' },
      { value: '30-64', label: 'Da 30 a 64 anni', count: 5 },
      { value: '65-plus', label: '65 anni e più', count: null, hidden: 'small' },
    ]);
    // Multiple choice: SPID 12, pagoPA 6, Fascicolo 0.
    expect(q(s.services).cells.map((c: { count: number | null }) => c.count)).toEqual([12, 6, 0]);
    // The why-question was answered once: nothing of it is shown; five comments are listed.
    expect(q(s.why)).toMatchObject({ answered: null, texts: [] });
    expect(q(s.comment).texts).toHaveLength(5);

    // The group of 4 read through a filter shows nothing at all; the group of 5 shows its figures.
    const four = (await w.staff('GET', `/api/v1/surveys/${s.id}/results?question=${s.age}&value=65-plus`)).json();
    expect(four.responses).toBeNull();
    expect(four.questions.every((x: { cells: { count: number | null }[] }) => x.cells.every((c) => c.count === null))).toBe(true);
    const five = (await w.staff('GET', `/api/v1/surveys/${s.id}/results?question=${s.age}&value=30-64`)).json();
    expect(five.responses).toBe(5);
    expect(q(s.services, five).cells[0].count).toBe(5);
    expect((await w.staff('GET', `/api/v1/surveys/${s.id}/results?question=${s.home}&value=1`)).statusCode).toBe(400);

    // CSV: the same suppression, written out.
    const csv = await w.staff('GET', `/api/v1/surveys/${s.id}/results?format=csv&question=${s.age}&value=65-plus`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Risposte confermate,,meno di 5 risposte,65 anni e più');
    expect(csv.body).not.toMatch(/,[1-4],/);
    const staff = await w.staffBrowser();
    const allCsv = await staff.get(`/admin/questionari/${s.id}/risultati.csv`);
    expect(allCsv.statusCode).toBe(200);
    expect(allCsv.body).toContain('Fascia d’età,Da 30 a 64 anni,5,Tutte le risposte');
    expect(allCsv.body).toContain('Fascia d’età,65 anni e più,meno di 5 risposte,Tutte le risposte');

    // The staff page: an SVG chart with its text alternative, then the table.
    const page = await staff.get(`/admin/questionari/${s.id}/risultati`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    expect(page.body).toContain('Grafico a barre di «Fascia d’età»');
    expect(page.body).toContain('<caption>Risposte a «Fascia d’età»</caption>');
    expect(page.body).toContain('meno di 5 risposte');
    const filtered = await staff.get(`/admin/questionari/${s.id}/risultati?gruppo=${s.age}:65-plus`);
    expect(filtered.body).toContain('Gruppo: 65 anni e più');
    expect(filtered.body).not.toContain('Commento');

    // Public results (the survey allows them): no free text, the same hiding.
    const pub = await w.anonymous('GET', `/partecipa/questionari/${s.id}/risultati`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('meno di 5 risposte');
    expect(pub.body).not.toContain('Commento 1');
    expect((await w.outsider('GET', `/api/v1/surveys/${s.id}/results`)).statusCode).toBe(403);
  });

  it('keeps one response per person when the same contact sends ten at once, and one confirmed after', async () => {
    const s = await built();
    const body = { email: 'insieme@example.org', answers: { [s.home]: '1', [s.age]: '18-29' } };
    const all = await Promise.all(Array.from({ length: 10 }, () => w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, body)));
    for (const r of all) expect([202, 409], r.body).toContain(r.statusCode);
    expect(await rows('survey_responses', s.id)).toHaveLength(1);
    // Asked again while still pending: the pending one is replaced, and its link confirms it.
    expect((await w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, body)).statusCode).toBe(202);
    expect(await rows('survey_responses', s.id)).toHaveLength(1);
    const opened = await w.anonymous('GET', `/partecipa/conferma/${await w.linkFor('insieme@example.org')}`);
    expect(opened.statusCode).toBe(200);
    const again = await Promise.all(Array.from({ length: 5 }, () => w.anonymous('POST', `/api/v1/surveys/${s.id}/responses`, body)));
    expect(again.map((r) => r.statusCode)).toEqual([409, 409, 409, 409, 409]);
    expect(await rows('survey_responses', s.id)).toMatchObject([{ status: 'confirmed' }]);
  });

  it("erases the respondents' contacts when the process's retention ends; the answers stay", async () => {
    const s = await built();
    await respond(s.id, { [s.home]: '1', [s.age]: '18-29' });
    const { eraseSurveyContacts } = await import('../../src/modules/participation/surveys/erasure.js');
    await w.t.db.k.transaction().execute((trx) => eraseSurveyContacts(trx, [s.id]));
    const after = await rows('survey_responses', s.id);
    expect(after).toMatchObject([{ status: 'confirmed', contact_hash: null }]);
    expect(await rows('survey_answers', s.id)).toHaveLength(2);
  });
});
