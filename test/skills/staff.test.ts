import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as skills from '../../src/modules/skills/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { answersFor, bank, PASSWORD, respond, type World, world } from './fixtures.js';

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;

describe.each(DIALECTS)('the item bank, statistics and aggregates for programme staff (%s)', (dialect) => {
  let w: World;
  let staff: Browser;
  let outsider: Browser;

  beforeAll(async () => {
    w = await world(dialect);
    staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', PASSWORD);
    outsider = new Browser(w.t.app);
    await outsider.signIn('staff@firenze.example', PASSWORD);
  });
  afterAll(() => w.close());

  it('only the organisation’s staff open its pages', async () => {
    const url = `/admin/organisations/${w.prato}/competenze`;
    expect((await staff.get(`/admin/organisations/${w.prato}`)).body).toContain(`href="${url}"`);
    const page = await staff.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Il pubblico riceve la versione 1 (predefinita di Ponte)');
    expect((await outsider.get(url)).statusCode).toBe(403);
    expect((await new Browser(w.t.app).get(url)).statusCode).toBe(303);
    expect((await staff.get('/admin/organisations/00000000-0000-7000-8000-000000000000/competenze')).statusCode).toBe(404);
    expect((await w.outsider('GET', `/api/v1/organisations/${w.prato}/assessment-aggregates`)).statusCode).toBe(403);
    expect((await w.staff('GET', `/api/v1/organisations/${w.prato}/assessment-aggregates`)).statusCode).toBe(200);
  });

  it('staff edit a draft, publish it, and the public gets it; the old version retires', async () => {
    const overview = await staff.get(`/admin/organisations/${w.prato}/competenze`);
    const created = await staff.post(`/admin/organisations/${w.prato}/competenze/bozza`, {}, { csrf: csrfOf(overview.body) });
    expect(created.statusCode).toBe(303);
    const versionUrl = created.headers.location as string;
    const versionId = versionUrl.split('/').pop() as string;
    const draftPage = await staff.get(versionUrl);
    expect(draftPage.statusCode).toBe(200);
    expect(draftPage.body).toContain('Bozza');
    expect(draftPage.body.match(/href="\/admin\/skill-items\//g)?.length).toBeGreaterThanOrEqual(40);
    // Another organisation's staff cannot see or change it.
    expect((await outsider.get(versionUrl)).statusCode).toBe(403);

    // A question without text or right answer is refused with the fields named.
    const bad = await staff.post(
      `${versionUrl}/domande`,
      { competence: '4.1', level: '3', kind: 'knowledge', textIt: '', options: 'Sì\nNo', correct: '5' },
      { csrf: csrfOf(draftPage.body) },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-textIt"');
    expect(bad.body).toContain('href="#f-correct"');
    // A good one is added to the short version too.
    const added = await staff.post(
      `${versionUrl}/domande`,
      {
        competence: '4.1',
        level: '3',
        kind: 'knowledge',
        textIt: 'Un SMS dice che un pacco è in giacenza e chiede di pagare 1,99 € con un link. Che cos’è?',
        options: 'Una consegna vera\nUna truffa (smishing)\nNon lo so',
        correct: '2',
        short: '1',
      },
      { csrf: csrfOf(draftPage.body) },
    );
    expect(added.statusCode, added.body.slice(0, 500)).toBe(303);
    const items = await skills.versionItems(w.t.db, versionId);
    const mine = items.find((i) => i.text.it.startsWith('Un SMS dice'));
    expect(mine).toMatchObject({ competence: '4.1', level: 3, kind: 'knowledge', correct: 1, short: true });
    expect(mine?.options.map((o) => o.it)).toEqual(['Una consegna vera', 'Una truffa (smishing)', 'Non lo so']);

    // Edit an existing question: the form shows it and saves the change.
    const target = items.find((i) => i.key === 'phishing') as skills.BankItem;
    const form = await staff.get(`/admin/skill-items/${target.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ricevi questa e-mail da assistenza@banca-verifica-sicura.com');
    const saved = await staff.post(
      `/admin/skill-items/${target.id}`,
      {
        competence: '4.1',
        level: '3',
        kind: 'knowledge',
        textIt: 'Ricevi una e-mail che chiede la password del conto entro 24 ore. Che cos’è?',
        options: 'Un avviso vero\nUn tentativo di truffa\nNon lo so',
        correct: '2',
        short: '1',
      },
      { csrf: csrfOf(form.body) },
    );
    expect(saved.statusCode).toBe(303);
    expect((await skills.getItem(w.t.db, target.id)).item.text.it).toContain('chiede la password');

    // Publishing a version that lost a competence is refused.
    const env = items.filter((i) => i.competence === '4.4');
    for (const i of env) await skills.deleteItem(w.t.db, i.id);
    const refused = await staff.post(`${versionUrl}/pubblica`, {}, { csrf: csrfOf(draftPage.body) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('mancano 4.4');
    await skills.addItem(w.t.db, versionId, {
      competence: '4.4',
      level: 2,
      kind: 'self',
      textIt: 'Spengo i dispositivi quando non li uso.',
      options: [],
      optionsEn: [],
      short: false,
    });

    const published = await staff.post(`${versionUrl}/pubblica`, {}, { csrf: csrfOf(draftPage.body) });
    expect(published.statusCode).toBe(303);
    expect((await staff.get(published.headers.location as string)).body).toContain('Versione pubblicata');
    const api = (await w.t.app.inject({ method: 'GET', url: `/api/v1/assessments/short?organisation=${w.prato}` })).json();
    expect(api.version.id).toBe(versionId);
    expect(api.items).toHaveLength(21);
    expect(api.items.some((i: { text: string }) => i.text.startsWith('Un SMS dice'))).toBe(true);
    expect((await staff.get(`/admin/organisations/${w.prato}/competenze`)).body).toContain('Il pubblico riceve la versione 1 (la vostra)');

    // A published version cannot be edited any more.
    const frozen = await staff.post(
      `/admin/skill-items/${target.id}`,
      { competence: '4.1', level: '3', kind: 'self', textIt: 'Testo cambiato dopo' },
      { csrf: csrfOf(form.body) },
    );
    expect(frozen.statusCode).toBe(409);
    expect((await skills.getItem(w.t.db, target.id)).item.kind).toBe('knowledge');

    // The next version retires this one; a draft can also be thrown away.
    const next = await skills.createDraft(w.t.db, w.prato, null);
    await expect(skills.createDraft(w.t.db, w.prato, null)).rejects.toThrow(/bozza/);
    const discarded = await staff.post(`/admin/skill-versions/${next.id}/elimina`, {}, { csrf: csrfOf(draftPage.body) });
    expect(discarded.statusCode).toBe(303);
    await expect(skills.getVersion(w.t.db, next.id)).rejects.toThrow();
    const third = await skills.createDraft(w.t.db, w.prato, null);
    await skills.publishDraft(w.t.db, third.id);
    expect((await skills.getVersion(w.t.db, versionId)).status).toBe('retired');
  });

  it('per-item statistics: how many answer right, nothing under 5 answers, items to review flagged', async () => {
    const items = await bank(w.t, 'short', w.firenze);
    const phishing = items.find((i) => i.key === 'phishing') as skills.BankItem;
    const password = items.find((i) => i.key === 'password-sicura') as skills.BankItem;
    // 10 people: all recognise the phishing e-mail, 3 choose the strong password.
    for (let n = 0; n < 10; n += 1) {
      const answers = answersFor(items, (i) => {
        if (i.id === password.id) return n < 3 ? (i.correct as number) : 0;
        if (i.kind === 'self') return 2;
        return i.correct as number;
      });
      expect((await respond(w.t, 'short', { answers })).statusCode).toBe(201);
    }
    const version = await skills.currentVersion(w.t.db, w.firenze);
    const stats = await skills.itemStatistics(w.t.db, version.id);
    const p = stats.find((s) => s.item.id === phishing.id);
    expect(p).toMatchObject({ answered: expect.any(Number), flag: 'too-easy' });
    expect(p?.share).toBe(1);
    const pw = stats.find((s) => s.item.id === password.id);
    expect(pw?.right).toBe(3);
    expect(pw?.byOption?.[0]).toBe(7);
    const full = stats.find((s) => !s.item.short);
    expect(full).toMatchObject({ answered: 0, right: null, share: null, byOption: null });
    const self = stats.find((s) => s.item.short && s.item.kind === 'self');
    expect(self?.share).toBeCloseTo(2 / 3);
  });

  it('anonymous aggregates by area, age band and municipality never show a group under 5', async () => {
    const items = await bank(w.t, 'short');
    const add = async (n: number, municipality: string, ageBand: string, strategy: 'best' | 'worst') => {
      for (let i = 0; i < n; i += 1) {
        const res = await respond(w.t, 'short', { answers: answersFor(items, strategy), municipality, ageBand });
        expect(res.statusCode).toBe(201);
      }
    };
    // Prato's comune: 6 people over 75 (low levels), 3 aged 30–54 (high). Firenze: 2 people.
    await add(6, '100005', '75+', 'worst');
    await add(3, '100005', '30-54', 'best');
    await add(2, '048017', '18-29', 'best');
    const prato = await skills.aggregates(w.t.db, w.prato);
    expect(prato.total?.n).toBe(9);
    // 6 at base and 3 advanced: the 3 is hidden, and so is the 6, or the total would give the 3 away.
    expect(prato.total?.bands[1]).toEqual({ base: null, intermedio: 0, avanzato: null, 'altamente-specializzato': 0 });
    expect(prato.byAgeBand.map((g) => [g.key, g.n])).toEqual([['75+', 6]]);
    expect(prato.byAgeBand[0].means[4]).toBe(1);
    expect(prato.byMunicipality.map((g) => [g.label, g.n])).toEqual([['Prato', 9]]);
    expect(prato.hidden).toEqual({ byAgeBand: 1, byMunicipality: 0 });
    const firenze = await skills.aggregates(w.t.db, w.firenze);
    // Firenze's own 10 results from its link above count, its 2 citizens' too; under 5 per group never shows.
    expect(firenze.byAgeBand.every((g) => g.n >= 5)).toBe(true);
    expect(firenze.byMunicipality.every((g) => g.n >= 5)).toBe(true);
    expect(firenze.hidden.byAgeBand).toBeGreaterThanOrEqual(1);

    const page = await staff.get(`/admin/organisations/${w.prato}/competenze`);
    expect(page.body).toContain('Livello medio per fascia d’età');
    expect(page.body).toContain('75 anni e più');
    expect(page.body).not.toContain('Da 30 a 54 anni');
    expect(page.body).toContain('Gruppi non mostrati perché con meno di 5 risultati: 1.');
    expect(page.body).toContain('meno di 5');
    const api = await w.staff('GET', `/api/v1/organisations/${w.prato}/assessment-aggregates`);
    expect(api.json().aggregates.byAgeBand).toHaveLength(1);
  });

  it('before/after change per event and per programme, from 5 people up', async () => {
    const eventId = await w.event({ title: 'Corso SPID e app IO' });
    const smallEvent = await w.event({ title: 'Corso piccolo' });
    const items = await bank(w.t, 'short');
    const pair = async (event: string) => {
      const before = (await respond(w.t, 'short', { answers: answersFor(items, 'worst'), event, phase: 'prima' })).json();
      const after = await respond(w.t, 'short', {
        answers: answersFor(items, 'best'),
        event,
        phase: 'dopo',
        previous: { id: before.id, token: before.token },
      });
      expect(after.statusCode, after.body).toBe(201);
    };
    for (let i = 0; i < 5; i += 1) await pair(eventId);
    for (let i = 0; i < 4; i += 1) await pair(smallEvent);
    const { events, programmes } = await skills.beforeAfter(w.t.db, w.prato);
    const big = events.find((e) => e.key === eventId);
    expect(big).toMatchObject({ label: 'Corso SPID e app IO', page: `/eventi/${eventId}`, suppressed: false });
    expect(big?.before).toEqual({ n: 5, means: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 } });
    expect(big?.after).toEqual({ n: 5, means: { 1: 6, 2: 6, 3: 6, 4: 6, 5: 6 } });
    expect(big?.change).toEqual({ 1: 5, 2: 5, 3: 5, 4: 5, 5: 5 });
    expect(big?.paired).toEqual({ n: 5, change: { 1: 5, 2: 5, 3: 5, 4: 5, 5: 5 } });
    const small = events.find((e) => e.key === smallEvent);
    expect(small).toMatchObject({ before: null, after: null, change: null, paired: null, suppressed: true });
    expect(programmes).toHaveLength(1);
    expect(programmes[0]).toMatchObject({ key: w.programme, label: 'Agenda digitale', paired: { n: 9 } });
    expect(programmes[0].change?.[2]).toBe(5);
    const page = await staff.get(`/admin/organisations/${w.prato}/competenze`);
    expect(page.body).toContain('Prima e dopo i corsi');
    expect(page.body).toContain(`<a href="/eventi/${eventId}">Corso SPID e app IO</a>`);
    expect(page.body).toContain('Agenda digitale');
    // The API gives the same rows (checked against the declared schema).
    const api = await w.staff('GET', `/api/v1/organisations/${w.prato}/assessment-aggregates`);
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json().change.events.find((e: { key: string }) => e.key === eventId)).toMatchObject({ paired: { n: 5 }, suppressed: false });
    expect(api.json().change.programmes[0]).toMatchObject({ key: w.programme, page: null });
    // Firenze sees none of Prato's courses.
    expect((await skills.beforeAfter(w.t.db, w.firenze)).events).toEqual([]);
  });
});
