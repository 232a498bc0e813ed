import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type MeetingsWorld, meetingsWorld } from './meetings-world.js';

/** Any body sent to the meetings' and polls' routes, any answer at a poll's address: never a 5xx, rows only on success. */
describe.each(DIALECTS)('meetings and polls with any input (%s)', (dialect) => {
  let w: MeetingsWorld;
  let meeting: string;
  let proposals: string[];
  beforeAll(async () => {
    w = await meetingsWorld(dialect);
    meeting = (await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event: await w.event() })).json().id;
    proposals = [
      await w.proposal(w.process, 'Mia'),
      await w.proposal(w.otherProcess, 'Altro percorso'),
      await w.proposal(w.firenzeProcess, 'Altro ente'),
    ];
  });
  afterAll(() => w?.close());

  const anyValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));

  it('writing the minutes', async () => {
    const body = fc.record(
      {
        agenda: fc.oneof(fc.string({ maxLength: 40 }), anyValue),
        minutes: fc.oneof(fc.string({ maxLength: 40 }), anyValue),
        decisions: fc.oneof(fc.string({ maxLength: 40 }), anyValue),
        proposals: fc.oneof(fc.array(fc.constantFrom(...proposals, 'x'), { maxLength: 3 }), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await w.t.db.k.selectFrom('participation_meetings').selectAll().where('id', '=', meeting).executeTakeFirstOrThrow();
        const links = await w.count('participation_meeting_proposals');
        const res = await w.staff('PATCH', `/api/v1/meetings/${meeting}`, b);
        expect([200, 400, 422]).toContain(res.statusCode);
        if (res.statusCode !== 200) {
          expect(
            await w.t.db.k.selectFrom('participation_meetings').selectAll().where('id', '=', meeting).executeTakeFirstOrThrow(),
          ).toEqual(before);
          expect(await w.count('participation_meeting_proposals')).toBe(links);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('opening a poll and answering it', async () => {
    const body = fc.record(
      {
        question: fc.oneof(fc.string({ maxLength: 310 }), anyValue),
        options: fc.oneof(fc.array(fc.string({ maxLength: 20 }), { maxLength: 10 }), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await w.count('participation_polls');
        const res = await w.staff('POST', `/api/v1/meetings/${meeting}/polls`, b);
        expect([201, 400]).toContain(res.statusCode);
        expect(await w.count('participation_polls')).toBe(before + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 40 },
    );
    const poll = (await w.staff('POST', `/api/v1/meetings/${meeting}/polls`, { question: 'Sì o no?', options: ['Sì', 'No'] })).json();
    const page = await w.t.app.inject({ method: 'GET', url: poll.url });
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...poll.options.map((o: { id: string }) => o.id)), fc.string({ maxLength: 80 })),
        fc.oneof(
          fc.constant(poll.code),
          fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /^[A-Za-z0-9]+$/.test(s)),
        ),
        async (option, code) => {
          const before = await w.count('participation_poll_answers');
          // A fresh device each time: the refusals come from the input, not from an earlier answer.
          const res = await w.t.app.inject({
            method: 'POST',
            url: `/v/${code}`,
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ _csrf: csrf, option }).toString(),
          });
          expect([303, 404, 422]).toContain(res.statusCode);
          expect(await w.count('participation_poll_answers')).toBe(before + (res.statusCode === 303 ? 1 : 0));
        },
      ),
      { numRuns: 40 },
    );
  });
});
