import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPETENCE_CODES } from '../../src/modules/skills/digcomp.js';
import * as skills from '../../src/modules/skills/service.js';
import { DIALECTS } from '../helpers.js';
import { answersFor, bank, counts, expectProblem, respond, type World, world } from './fixtures.js';

describe.each(DIALECTS)('assessment API (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  describe('GET /api/v1/assessments/{short|full}', () => {
    it('lists the short version: about 20 items in every area, never the right answer', async () => {
      const res = await w.t.app.inject({ method: 'GET', url: '/api/v1/assessments/short' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        items: { id: string; competence: string; kind: string; text: string; options: { value: number; label: string }[] }[];
      };
      expect(body.items).toHaveLength(20);
      for (const item of body.items) {
        expect(Object.keys(item).sort()).toEqual(['competence', 'id', 'kind', 'options', 'text']);
        expect(item.competence).toMatch(/^[1-5]\.[1-6]$/);
        expect(['self', 'knowledge']).toContain(item.kind);
        expect(item.text.length).toBeGreaterThan(10);
        expect(item.options.map((o) => o.value)).toEqual(item.options.map((_, i) => i));
        for (const o of item.options) expect(Object.keys(o).sort()).toEqual(['label', 'value']);
      }
      expect(new Set(body.items.map((i) => i.competence[0]))).toEqual(new Set(['1', '2', '3', '4', '5']));
      expect(res.body).not.toMatch(/correct/i);
      // The self-declared steps and "Non lo so" are there, in Italian.
      expect(body.items.some((i) => i.options.some((o) => o.label === 'Potrei insegnarlo ad altri'))).toBe(true);
      expect(body.items.some((i) => i.options.some((o) => o.label === 'Non lo so'))).toBe(true);
    });

    it('lists the full version covering all 21 competences, in English on request', async () => {
      const res = await w.t.app.inject({ method: 'GET', url: '/api/v1/assessments/full?lang=en' });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { competence: string; options: { label: string }[] }[];
      expect(items.length).toBeGreaterThanOrEqual(40);
      expect(new Set(items.map((i) => i.competence))).toEqual(new Set(COMPETENCE_CODES));
      expect(items.some((i) => i.options.some((o) => o.label === 'I could teach it to others'))).toBe(true);
    });

    it('refuses an unknown version', async () => {
      expectProblem(await w.t.app.inject({ method: 'GET', url: '/api/v1/assessments/medium' }), 400);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      expect(doc.paths['/api/v1/assessments/{variant}']?.get).toBeTruthy();
      expect(doc.paths['/api/v1/assessments/{variant}/responses']?.post).toBeTruthy();
      expect(doc.paths['/api/v1/assessment-results/{resultId}']?.get).toBeTruthy();
    });
  });

  describe('POST /api/v1/assessments/{variant}/responses', () => {
    it('stores a complete set of answers and gives the profile and a personal path', async () => {
      const items = await bank(w.t, 'short');
      const before = await counts(w.t);
      const res = await respond(w.t, 'short', { answers: answersFor(items, 'worst'), municipality: '100005', ageBand: '75+' });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as {
        id: string;
        token: string;
        areas: { area: number; level: number; label: string }[];
        path: { kind: string; title: string; page: string }[];
      };
      expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.token.length).toBeGreaterThan(30);
      expect(body.areas.map((a) => a.area)).toEqual([1, 2, 3, 4, 5]);
      // Everything wrong, every statement "never": the lowest level everywhere.
      expect(body.areas.map((a) => [a.level, a.label])).toEqual(Array(5).fill([1, 'Base']));
      expect(Array.isArray(body.path)).toBe(true);
      for (const step of body.path) {
        expect(['guide', 'event', 'desk']).toContain(step.kind);
        expect(step.page).toMatch(/^\//);
      }
      const after = await counts(w.t);
      expect(after.results).toBe(before.results + 1);
      expect(after.answers).toBe(before.answers + 20);
      const row = await w.t.db.k.selectFrom('skill_results').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
      expect(row.municipality_code).toBe('100005');
      expect(row.age_band).toBe('75+');
      expect(row.token_hash).not.toBe(body.token);
    });

    it('gives the highest levels to the right answers and "I could teach it"', async () => {
      const res = await respond(w.t, 'full', { answers: answersFor(await bank(w.t, 'full'), 'best') });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().areas.map((a: { level: number }) => a.level)).toEqual([6, 6, 6, 6, 6]);
      expect(res.json().areas[0].label).toBe('Avanzato');
    });

    it('gives the same result back with the token; a wrong or missing token is a 404', async () => {
      const created = (await respond(w.t, 'short', { answers: answersFor(await bank(w.t, 'short'), 'best') })).json();
      const again = await w.t.app.inject({ method: 'GET', url: `/api/v1/assessment-results/${created.id}?token=${created.token}` });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(created);
      for (const url of [
        `/api/v1/assessment-results/${created.id}?token=${created.token}x`,
        `/api/v1/assessment-results/${created.id}?token=${'a'.repeat(43)}`,
        `/api/v1/assessment-results/${created.id}`,
        `/api/v1/assessment-results/00000000-0000-7000-8000-000000000000?token=${created.token}`,
        `/api/v1/assessment-results/not-an-id?token=${created.token}`,
      ]) {
        expectProblem(await w.t.app.inject({ method: 'GET', url }), 404);
      }
    });

    it('a retake with the previous result keeps the token and shows the change', async () => {
      const items = await bank(w.t, 'short');
      const first = (await respond(w.t, 'short', { answers: answersFor(items, 'worst') })).json();
      const second = await respond(w.t, 'short', {
        answers: answersFor(items, 'best'),
        previous: { id: first.id, token: first.token },
      });
      expect(second.statusCode, second.body).toBe(201);
      const body = second.json();
      expect(body.token).toBe(first.token);
      expect(body.previous.id).toBe(first.id);
      expect(body.areas.map((a: { change: number }) => a.change)).toEqual([5, 5, 5, 5, 5]);
      // The first result knows a newer one exists, and the same token opens both.
      const old = await w.t.app.inject({ method: 'GET', url: `/api/v1/assessment-results/${first.id}?token=${first.token}` });
      expect(old.json().newer).toEqual({ id: body.id });
      // A retake claiming someone else's result is refused.
      const bad = await respond(w.t, 'short', { answers: answersFor(items, 'best'), previous: { id: first.id, token: 'nope' } });
      expectProblem(bad, 422);
    });

    it('replays a retried request with the same Idempotency-Key instead of storing twice', async () => {
      const body = { answers: answersFor(await bank(w.t, 'short'), 'best') };
      const before = await counts(w.t);
      const a = await respond(w.t, 'short', body, { 'idempotency-key': 'risposta-1' });
      const b = await respond(w.t, 'short', body, { 'idempotency-key': 'risposta-1' });
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(b.headers['idempotent-replayed']).toBe('true');
      expect(b.json().id).toBe(a.json().id);
      expect((await counts(w.t)).results).toBe(before.results + 1);
    });
  });

  describe('bad input: a clear message, a 4xx, nothing stored', () => {
    const cases: [string, (items: skills.BankItem[], full: skills.BankItem[]) => unknown, number, RegExp][] = [
      [
        'an unknown item',
        (i) => ({ answers: [...answersFor(i, 'best').slice(1), { item: '00000000-0000-7000-8000-000000000000', value: 0 }] }),
        422,
        /sconosciuta/,
      ],
      [
        'an item id that is not an id',
        (i) => ({ answers: [...answersFor(i, 'best').slice(1), { item: 'phishing', value: 0 }] }),
        422,
        /sconosciuta/,
      ],
      [
        'an answer out of range',
        (i) => ({ answers: answersFor(i, 'best').map((a, n) => (n === 3 ? { ...a, value: 9 } : a)) }),
        422,
        /fuori intervallo/,
      ],
      [
        'a negative answer',
        (i) => ({ answers: answersFor(i, 'best').map((a, n) => (n === 0 ? { ...a, value: -1 } : a)) }),
        422,
        /fuori intervallo/,
      ],
      [
        'a value that is not a whole number',
        (i) => ({ answers: answersFor(i, 'best').map((a, n) => (n === 0 ? { ...a, value: 1.5 } : a)) }),
        400,
        /opzioni/,
      ],
      ['a value as text', (i) => ({ answers: answersFor(i, 'best').map((a, n) => (n === 0 ? { ...a, value: '1' } : a)) }), 400, /opzioni/],
      ['a duplicate answer', (i) => ({ answers: [...answersFor(i, 'best'), answersFor(i, 'worst')[0]] }), 422, /già una risposta/],
      ['a missing answer', (i) => ({ answers: answersFor(i, 'best').slice(1) }), 422, /Manca la risposta a 1 domanda:/],
      ['two missing answers', (i) => ({ answers: answersFor(i, 'best').slice(2) }), 422, /Mancano le risposte a 2 domande:/],
      ['no answers', () => ({ answers: [] }), 400, /rispondi/],
      ['no body', () => undefined, 400, /./],
      [
        'an item of the full version only',
        (i, f) => ({ answers: [...answersFor(i, 'best').slice(1), ...answersFor(f.filter((x) => !x.short).slice(0, 1), 'best')] }),
        422,
        /breve/,
      ],
      ['an unknown municipality', (i) => ({ answers: answersFor(i, 'best'), municipality: '999999' }), 422, /comune/i],
      ['a bad age band', (i) => ({ answers: answersFor(i, 'best'), ageBand: 'anziani' }), 400, /fascia/],
      ['an unknown field', (i) => ({ answers: answersFor(i, 'best'), name: 'Mario Rossi' }), 400, /./],
      [
        'an unknown event',
        (i) => ({ answers: answersFor(i, 'best'), event: '00000000-0000-7000-8000-000000000000', phase: 'prima' }),
        422,
        /evento/i,
      ],
      ['a phase without an event', (i) => ({ answers: answersFor(i, 'best'), phase: 'dopo' }), 400, /evento/],
    ];

    it.each(cases)('%s', async (_name, body, status, message) => {
      const items = await bank(w.t, 'short');
      const full = await bank(w.t, 'full');
      const before = await counts(w.t);
      const res = await respond(w.t, 'short', body(items, full));
      const problem = expectProblem(res, status);
      expect(JSON.stringify(problem)).toMatch(message);
      expect(await counts(w.t)).toEqual(before);
    });

    it('answers mixing two versions are refused', async () => {
      // The organisation's own version next to the default one.
      const draft = await skills.createDraft(w.t.db, w.firenze, null);
      await skills.publishDraft(w.t.db, draft.id);
      const mine = await bank(w.t, 'short', w.firenze);
      const other = await bank(w.t, 'short');
      const before = await counts(w.t);
      const res = await respond(w.t, 'short', {
        answers: [...answersFor(mine, 'best').slice(1), ...answersFor(other, 'best').slice(0, 1)],
      });
      expectProblem(res, 422);
      expect(await counts(w.t)).toEqual(before);
    });
  });

  describe('versions of the item bank', () => {
    it('answers to a retired version are refused, and results given with it stay readable', async () => {
      const first = await skills.createDraft(w.t.db, w.prato, null);
      await skills.publishDraft(w.t.db, first.id);
      const listed = (await w.t.app.inject({ method: 'GET', url: `/api/v1/assessments/short?organisation=${w.prato}` })).json();
      expect(listed.version.id).toBe(first.id);
      const oldItems = await bank(w.t, 'short', w.prato);
      expect(listed.items.map((i: { id: string }) => i.id).sort()).toEqual(oldItems.map((i) => i.id).sort());
      const given = (await respond(w.t, 'short', { answers: answersFor(oldItems, 'best') })).json();
      expect(given.version.id).toBe(first.id);

      // Staff edit the bank: a new version is published and the old one retires.
      const second = await skills.createDraft(w.t.db, w.prato, null);
      await skills.publishDraft(w.t.db, second.id);
      expect((await skills.getVersion(w.t.db, first.id)).status).toBe('retired');

      const before = await counts(w.t);
      const res = await respond(w.t, 'short', { answers: answersFor(oldItems, 'best') });
      const problem = expectProblem(res, 409);
      expect(problem.detail).toMatch(/ritirata/);
      expect(await counts(w.t)).toEqual(before);

      const old = await w.t.app.inject({ method: 'GET', url: `/api/v1/assessment-results/${given.id}?token=${given.token}` });
      expect(old.statusCode).toBe(200);
      expect(old.json().version).toEqual({ id: first.id, number: 1, retired: true });
      expect(old.json().areas).toEqual(given.areas);

      // The new version's items are accepted.
      const fresh = await respond(w.t, 'short', { answers: answersFor(await bank(w.t, 'short', w.prato), 'best') });
      expect(fresh.statusCode, fresh.body).toBe(201);
      expect(fresh.json().version.id).toBe(second.id);
    });
  });
});
