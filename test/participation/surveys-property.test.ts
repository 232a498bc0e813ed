import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

/**
 * Random bodies thrown at the public response (API and page): never a 5xx, a refusal writes
 * nothing, and a 202 writes exactly one pending response whose answers are among those allowed.
 */
describe.each(DIALECTS)('survey responses under random input (%s)', (dialect) => {
  let w: ParticipationWorld;
  let s: { id: string; home: string; age: string; services: string; comment: string };
  beforeAll(async () => {
    w = await participationWorld(dialect);
    const created = await w.staff('POST', `/api/v1/organisations/${w.prato}/surveys`, { title: 'Casuale', process: w.process });
    const id = created.json().id as string;
    const add = async (q: Record<string, unknown>) => {
      const qs = (await w.staff('POST', `/api/v1/surveys/${id}/questions`, q)).json().questions;
      return qs[qs.length - 1].id as string;
    };
    const home = await add({ kind: 'single', label: 'Internet a casa?', options: ['Sì', 'No'], required: true });
    const age = await add({ kind: 'age', label: 'Età' });
    const services = await add({ kind: 'multiple', label: 'Servizi', options: ['SPID', 'pagoPA'] });
    const comment = await add({ kind: 'short', label: 'Altro', showIf: { question: home, value: '2' } });
    await w.staff('PATCH', `/api/v1/surveys/${id}`, { status: 'open' });
    s = { id, home, age, services, comment };
  });
  afterAll(() => w?.close());

  const count = async (table: 'survey_responses' | 'survey_answers') =>
    Number(
      (
        await w.t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('survey_id', '=', s.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const anyValue = fc.oneof(
    fc.anything(),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );
  const value = (good: string[]) => fc.oneof(fc.constantFrom(...good), fc.array(fc.constantFrom(...good), { maxLength: 3 }), anyValue);

  it('API: 202 with one pending response, or a 4xx with nothing written', { timeout: 240_000 }, async () => {
    let n = 0;
    const seen = new Map<number, number>();
    const answers = () =>
      fc.record(
        {
          [s.home]: value(['1', '2']),
          [s.age]: value(['18-29', '65-plus']),
          [s.services]: value(['1', '2']),
          [s.comment]: fc.oneof(fc.string({ maxLength: 250 }), anyValue),
          extra: anyValue,
        },
        { requiredKeys: [] },
      );
    const body = fc.oneof(
      fc.record(
        {
          email: fc.oneof(fc.constant('EMAIL'), fc.string({ maxLength: 30 }), anyValue),
          answers: answers(),
          website: fc.oneof(fc.constant(''), anyValue),
        },
        { requiredKeys: [] },
      ),
      fc.record({
        email: fc.constant('EMAIL'),
        answers: fc.record({ [s.home]: fc.constantFrom('1', '2'), [s.comment]: fc.string({ maxLength: 50 }) }),
      }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const payload = JSON.parse(JSON.stringify(raw ?? null).replace('"EMAIL"', `"p${++n}@example.org"`));
        const [responses, stored] = [await count('survey_responses'), await count('survey_answers')];
        const real = await w.t.app.inject({
          method: 'POST',
          url: `/api/v1/surveys/${s.id}/responses`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect(real.statusCode, real.body).toBeLessThan(500);
        seen.set(real.statusCode, (seen.get(real.statusCode) ?? 0) + 1);
        if (real.statusCode === 202) {
          expect(await count('survey_responses')).toBe(responses + 1);
          const row = await w.t.db.k.selectFrom('survey_answers').selectAll().where('response_id', '=', real.json().id).execute();
          for (const a of row) {
            if (a.question_id === s.home) expect(['1', '2']).toContain(a.value);
            if (a.question_id === s.age) expect(['under-18', '18-29', '30-64', '65-plus']).toContain(a.value);
            if (a.question_id === s.services) expect(['1', '2']).toContain(a.value);
            if (a.question_id === s.comment) expect(a.value.length).toBeLessThanOrEqual(200);
          }
        } else {
          expect([400, 409, 422]).toContain(real.statusCode);
          expect(real.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await count('survey_responses')).toBe(responses);
          expect(await count('survey_answers')).toBe(stored);
        }
      }),
      { numRuns: 120 },
    );
    expect(seen.get(202) ?? 0).toBeGreaterThan(0);
    expect((seen.get(400) ?? 0) + (seen.get(422) ?? 0)).toBeGreaterThan(0);
  });

  it('page: 200 (next page), 202 or a 4xx page, never a 5xx, nothing written on a refusal', { timeout: 240_000 }, async () => {
    const citizen = new Browser(w.t.app);
    const path = `/partecipa/questionari/${s.id}`;
    const csrf = await citizen.csrf(path);
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('1', '2', '3', '', '18-29', 'x'));
    const form = fc.record(
      {
        passo: fc.oneof(fc.constantFrom('0', '1', '2', '-1', '99', 'a'), fc.string({ maxLength: 4 })),
        [`q_${s.home}`]: fc.oneof(text, fc.array(text, { maxLength: 3 })),
        [`q_${s.age}`]: text,
        [`q_${s.comment}`]: fc.oneof(fc.string({ maxLength: 20 }), fc.string({ minLength: 201, maxLength: 220 })),
        email: fc.oneof(fc.constant('page@example.org'), fc.string({ maxLength: 20 })),
        website: fc.oneof(fc.constant(''), fc.string({ maxLength: 5 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const before = await count('survey_responses');
        const res = await citizen.post(path, fields as Record<string, string | string[]>, { csrf });
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
        if (res.statusCode !== 202) expect(await count('survey_responses')).toBe(before);
        if (res.statusCode >= 400) expect([400, 409, 422]).toContain(res.statusCode);
      }),
      { numRuns: 80 },
    );
  });
});
