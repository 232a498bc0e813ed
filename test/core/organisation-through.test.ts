import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { organisationThrough } from '../../src/core/rows.js';
import { createDemoDb, type DemoTestDb, DIALECTS } from '../helpers.js';

describe.each(DIALECTS)('organisationThrough (%s)', (dialect) => {
  let t: DemoTestDb;
  beforeAll(async () => {
    t = await createDemoDb(dialect);
  });
  afterAll(() => t.cleanup());

  it("finds a row's organisation through the row it names", async () => {
    const rows = await t.db.k
      .selectFrom('desk_exceptions')
      .innerJoin('desks', 'desks.id', 'desk_exceptions.desk_id')
      .select(['desk_exceptions.id', 'desks.organisation_id'])
      .limit(5)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(await organisationThrough(t.db, 'desk_exceptions', 'desk_id', 'desks', r.id)).toBe(r.organisation_id);
  });

  it('finds none for a row that does not exist', async () => {
    expect(await organisationThrough(t.db, 'registrations', 'event_id', 'events', newId())).toBeUndefined();
  });
});
