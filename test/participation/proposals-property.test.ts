import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

/**
 * Any body sent to the public writes of participation: never a 5xx; a refusal is problem+json in
 * the 4xx and writes nothing; only a 201 or 202 writes (the subject and its confirmation).
 */
describe.each(DIALECTS)('participation public writes with any input (%s)', (dialect) => {
  let w: ParticipationWorld;
  let proposal: string;
  let comment: string;
  beforeAll(async () => {
    w = await participationWorld(dialect);
    proposal = await w.proposal();
    const c = await w.anonymous('POST', `/api/v1/proposals/${proposal}/comments`, { body: 'Primo', email: 'primo@example.org' });
    comment = c.json().id;
    await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('primo@example.org')}` });
  });
  afterAll(() => w?.close());

  const count = async (
    table: 'participation_proposals' | 'participation_comments' | 'participation_confirmations' | 'participation_supports',
  ) =>
    Number(
      (
        await w.t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const anyValue = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.object({ maxDepth: 1 }),
    fc.array(fc.string(), { maxLength: 2 }),
  );
  const text = (max: number) =>
    fc.oneof(fc.string({ maxLength: max + 5 }), fc.constantFrom('', '   ', '\u200B\u200B', '<b>x</b>'), anyValue);
  const email = fc.oneof(fc.emailAddress(), fc.constantFrom('', 'a@', 'x'.repeat(260), 'ada@example.org'), anyValue);

  /** Posts, then checks the answer and what it wrote. */
  const check = async (url: string, body: unknown, table: 'participation_proposals' | 'participation_comments', created: number) => {
    const before = {
      rows: await count(table),
      confirmations: await count('participation_confirmations'),
      supports: await count('participation_supports'),
    };
    const res = await w.anonymous('POST', url, body);
    expect(res.statusCode).toBeLessThan(500);
    const wrote = res.statusCode === created;
    if (!wrote) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await count('participation_confirmations')).toBe(before.confirmations + (wrote ? 1 : 0));
    expect(await count('participation_supports')).toBe(before.supports);
    return { res, before };
  };

  it('submitting a proposal', async () => {
    const body = fc.record(
      {
        title: text(150),
        body: text(5000),
        municipality: fc.oneof(fc.constantFrom('100005', 'Prato', '033035', '999999'), anyValue),
        category: fc.oneof(fc.constantFrom('Connettività', 'scuola', 'Sport'), anyValue),
        email,
        name: fc.oneof(text(80), fc.constant(undefined)),
        website: fc.oneof(fc.constant(''), fc.constant(undefined), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, anyValue), async (b) => {
        const { res, before } = await check(`/api/v1/processes/${w.process}/proposals`, b, 'participation_proposals', 201);
        expect(await count('participation_proposals')).toBe(before.rows + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 60 },
    );
  });

  it('supporting and commenting', async () => {
    const support = fc.record({ email, website: fc.oneof(fc.constant(''), anyValue) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(support, anyValue),
        fc.constantFrom(proposal, 'non-un-id', '0190a0a0-0000-7000-8000-000000000000'),
        async (b, id) => {
          await check(`/api/v1/proposals/${id}/supports`, b, 'participation_comments', 202);
        },
      ),
      { numRuns: 40 },
    );
    const commentBody = fc.record(
      {
        body: text(2000),
        email,
        name: fc.oneof(text(80), fc.constant(undefined)),
        parent: fc.oneof(fc.constant(comment), fc.uuid(), anyValue),
        website: fc.oneof(fc.constant(''), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(commentBody, anyValue), async (b) => {
        const { res, before } = await check(`/api/v1/proposals/${proposal}/comments`, b, 'participation_comments', 202);
        expect(await count('participation_comments')).toBe(before.rows + (res.statusCode === 202 ? 1 : 0));
      }),
      { numRuns: 40 },
    );
  });
});
