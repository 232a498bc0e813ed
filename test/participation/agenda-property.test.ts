import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type MeetingsWorld, meetingsWorld } from './meetings-world.js';

/** Any body sent to the agenda's routes: never a 5xx, and rows only when the answer is a success. */
describe.each(DIALECTS)('agenda API with any input (%s)', (dialect) => {
  let w: MeetingsWorld;
  let ids: { mine: string; sibling: string; foreign: string; meeting: string; action: string };
  beforeAll(async () => {
    w = await meetingsWorld(dialect);
    ids = {
      mine: await w.proposal(w.process, 'Fibra in frazione'),
      sibling: await w.proposal(w.otherProcess, 'Altro percorso'),
      foreign: await w.proposal(w.firenzeProcess, 'Altro ente'),
      meeting: (await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event: await w.event() })).json().id,
      action: (await w.staff('POST', `/api/v1/processes/${w.process}/actions`, { title: 'Azione', owner: 'Ufficio' })).json().id,
    };
  });
  afterAll(() => w?.close());

  const anyValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));
  const fields = () => ({
    title: fc.oneof(fc.string({ maxLength: 210 }), anyValue),
    description: fc.oneof(fc.string({ maxLength: 50 }), anyValue),
    owner: fc.oneof(fc.string({ maxLength: 210 }), anyValue),
    deadline: fc.oneof(fc.constantFrom('2027-06-30', '2027-02-30', '30/06/2027', '', '2027-6-1'), anyValue),
    status: fc.oneof(fc.constantFrom('planned', 'in-progress', 'done', 'discarded', 'finito'), anyValue),
    progress: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), anyValue),
    proposals: fc.oneof(
      fc.array(fc.constantFrom(ids.mine, ids.sibling, ids.foreign, 'x', '0190e2c0-0000-7000-8000-000000000000'), { maxLength: 3 }),
      anyValue,
    ),
    meetings: fc.oneof(fc.array(fc.constantFrom(ids.meeting, 'x'), { maxLength: 2 }), anyValue),
  });
  const counts = async () => [
    await w.count('participation_actions'),
    await w.count('participation_action_origins'),
    await w.count('participation_action_updates'),
  ];

  it('adding an action', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record(fields(), { requiredKeys: [] }), async (b) => {
        const before = await counts();
        const res = await w.staff('POST', `/api/v1/processes/${w.process}/actions`, b);
        expect([201, 400, 422]).toContain(res.statusCode);
        if (res.statusCode !== 201) expect(await counts()).toEqual(before);
        else expect((await counts())[0]).toBe(before[0] + 1);
      }),
      { numRuns: 60 },
    );
  });

  it('changing an action', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record(fields(), { requiredKeys: [] }), async (b) => {
        const before = await w.t.db.k
          .selectFrom('participation_actions')
          .selectAll()
          .where('id', '=', ids.action)
          .executeTakeFirstOrThrow();
        const res = await w.staff('PATCH', `/api/v1/actions/${ids.action}`, b);
        expect([200, 400, 422]).toContain(res.statusCode);
        const after = await w.t.db.k.selectFrom('participation_actions').selectAll().where('id', '=', ids.action).executeTakeFirstOrThrow();
        if (res.statusCode !== 200) expect(after).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('adding an update', async () => {
    const body = fc.record(
      {
        day: fc.oneof(fc.constantFrom('2027-01-10', '2027-13-01', ''), anyValue),
        body: fc.oneof(fc.string({ maxLength: 60 }), anyValue),
        progress: fc.oneof(fc.integer({ min: -5, max: 105 }), anyValue),
        status: fc.oneof(fc.constantFrom('done', 'finito'), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await w.count('participation_action_updates');
        const res = await w.staff('POST', `/api/v1/actions/${ids.action}/updates`, b);
        expect([201, 400]).toContain(res.statusCode);
        expect(await w.count('participation_action_updates')).toBe(before + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 60 },
    );
  });
});
