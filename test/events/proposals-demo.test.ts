import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoIds } from '../../src/demo/seed.js';
import { proposalsOfOrganisation } from '../../src/modules/events/proposals/service.js';
import { createDemoDb, DIALECTS, type TestDb } from '../helpers.js';

describe.each(DIALECTS)("the demo's partners at work (%s)", (dialect) => {
  let t: TestDb;
  let ids: DemoIds;
  beforeAll(async () => {
    const d = await createDemoDb(dialect);
    t = d;
    ({ ids } = d.demo);
  });
  afterAll(() => t.cleanup());

  it("Prato's clubs have an approved proposal in the catalogue and one waiting", async () => {
    const { received } = await proposalsOfOrganisation(t.db, ids.organisations.prato);
    expect(received.map((p) => [p.partner.name, p.status]).sort()).toEqual([
      ['Acli Prato', 'submitted'],
      ['Arci Prato', 'approved'],
    ]);
    const approved = received.find((p) => p.status === 'approved')!;
    const event = await t.db.k.selectFrom('events').select(['status', 'title']).where('id', '=', approved.event!).executeTakeFirstOrThrow();
    expect(event).toEqual({ status: 'published', title: 'App IO: i servizi del Comune sul telefono' });
  });

  it('a desk follows a Prato meeting: it opens during the meeting', async () => {
    const desk = await t.db.k
      .selectFrom('desks')
      .select(['id', 'event_id', 'follow_operators'])
      .where('organisation_id', '=', ids.organisations.prato)
      .where('follow_operators', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(desk.follow_operators).toBe(2);
    const openings = await t.db.k
      .selectFrom('desk_exceptions')
      .select(['kind', 'event_session_id'])
      .where('desk_id', '=', desk.id)
      .execute();
    expect(openings.length).toBeGreaterThan(0);
    expect(openings.every((o) => o.kind === 'open' && o.event_session_id?.startsWith(`${desk.event_id}#`))).toBe(true);
  });
});
