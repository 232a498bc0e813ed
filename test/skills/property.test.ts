import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as skills from '../../src/modules/skills/service.js';
import { DIALECTS } from '../helpers.js';
import { answersFor, bank, counts, respond, type World, world } from './fixtures.js';

describe.each(DIALECTS)('POST /api/v1/assessments/{variant}/responses under random bodies (%s)', (dialect) => {
  let w: World;
  let short: skills.BankItem[];
  let full: skills.BankItem[];
  let eventId: string;
  let previous: { id: string; token: string };

  beforeAll(async () => {
    w = await world(dialect);
    short = await bank(w.t, 'short');
    full = await bank(w.t, 'full');
    eventId = await w.event();
    const first = (await respond(w.t, 'short', { answers: answersFor(short, 'best') })).json();
    previous = { id: first.id, token: first.token };
  });
  afterAll(() => w.close());

  const anyValue = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.object({ maxDepth: 1 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  /** Usually the good value, sometimes anything: so bodies reach success and every refusal. */
  const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });

  /** Usually nothing, now and then a value. */
  const rarely = <T>(arb: fc.Arbitrary<T>, oneIn: number) =>
    fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });

  /** A set of answers for the variant's items, now and then with one missing, one twice, a foreign item or a wild value. */
  const answerSet = (variant: 'short' | 'full') =>
    fc
      .record({
        values: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }),
        wild: rarely(fc.record({ at: fc.nat(59), value: fc.oneof(fc.integer({ min: -3, max: 9 }), anyValue) }), 5),
        drop: rarely(fc.nat(59), 4),
        twice: rarely(fc.nat(59), 6),
        foreign: rarely(fc.constantFrom('00000000-0000-7000-8000-000000000000', 'phishing', '', 'x'.repeat(80), 'full-only'), 6),
        extraKey: rarely(fc.constantFrom('correct', 'weight'), 10),
      })
      .map((r) => {
        const items = variant === 'short' ? short : full;
        const values: unknown[] = [...r.values];
        if (r.wild !== null) values[r.wild.at % items.length] = r.wild.value;
        let answers: unknown[] = items.map((item, i) => ({ item: item.id, value: values[i] }));
        if (r.drop !== null) answers.splice(r.drop % answers.length, 1);
        if (r.twice !== null) answers.push(answers[r.twice % answers.length]);
        if (r.foreign !== null) {
          const other = full.find((i) => !i.short) as skills.BankItem;
          const item = r.foreign === 'full-only' || r.foreign === 'other-variant' ? other.id : r.foreign;
          answers = [...answers.slice(1), { item, value: 0 }];
        }
        if (r.extraKey !== null) answers = answers.map((a, i) => (i === 0 ? { ...(a as object), [r.extraKey as string]: 1 } : a));
        return answers;
      });

  const body = (variant: 'short' | 'full') =>
    fc.record(
      {
        answers: mostly(answerSet(variant), fc.oneof(fc.array(anyValue, { maxLength: 5 }), anyValue)),
        municipality: mostly(
          fc.constantFrom('100005', '048017', '019035'),
          fc.oneof(fc.constantFrom('999999', '12345', '', 'Prato'), anyValue),
        ),
        ageBand: mostly(fc.constantFrom('18-29', '30-54', '55-74', '75+', 'under-18'), anyValue),
        event: mostly(
          fc.constant('EVENT'),
          fc.oneof(fc.constant('00000000-0000-7000-8000-000000000000'), fc.string({ maxLength: 70 }), anyValue),
        ),
        phase: mostly(fc.constantFrom('prima', 'dopo', 'before', 'after'), anyValue),
        previous: mostly(
          fc.constant('PREVIOUS'),
          fc.oneof(fc.record({ id: fc.string({ maxLength: 40 }), token: fc.string({ maxLength: 40 }) }), anyValue),
        ),
      },
      { requiredKeys: [] },
    );

  it('never answers 5xx; a refusal leaves the data as it was; a success stores one complete result', async () => {
    let created = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('short', 'full').chain((v) =>
          fc.record({
            v: fc.constant(v),
            variant: mostly(fc.constant(v), fc.constantFrom('short', 'full', 'breve', 'SHORT', '')),
            b: body(v as 'short' | 'full'),
          }),
        ),
        async ({ v, variant, b }) => {
          const payload = { ...b } as Record<string, unknown>;
          if (payload.event === 'EVENT') payload.event = eventId;
          if (payload.previous === 'PREVIOUS') payload.previous = previous;
          const before = await counts(w.t);
          const res = await respond(w.t, variant as string, payload);
          expect(res.statusCode, res.body).toBeLessThan(500);
          const after = await counts(w.t);
          if (res.statusCode === 201) {
            created += 1;
            expect(variant).toBe(v);
            expect(after.results).toBe(before.results + 1);
            expect(after.answers).toBe(before.answers + (v === 'short' ? short : full).length);
            const levels = res.json().areas.map((a: { level: number }) => a.level);
            expect(levels.every((l: number) => Number.isInteger(l) && l >= 1 && l <= 8)).toBe(true);
          } else {
            refused += 1;
            expect(res.statusCode).toBeGreaterThanOrEqual(400);
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(after).toEqual(before);
          }
        },
      ),
      { numRuns: 120 },
    );
    // Both sides of the property were reached.
    expect(created).toBeGreaterThan(3);
    expect(refused).toBeGreaterThan(20);
  });
});
