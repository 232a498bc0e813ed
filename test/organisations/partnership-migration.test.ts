import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m017 from '../../src/db/migrations/017_partnership_consent.js';
import { createEvent } from '../../src/modules/events/service.js';
import { createAgreement, createOrganisation, createVenue, venueRefusal } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/**
 * A database from before partnerships needed consent: organisations named as partners in an
 * agreement, a programme or an event could already lend their venues. Migration 017 keeps each
 * such couple working as an accepted partnership, once, whichever way round it was named.
 */
describe.each(DIALECTS)('migration 017 on a database already in use (%s)', (dialect) => {
  let t: TestApp;
  const org: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const [key, name, type, municipality] of [
      ['prato', 'Comune di Prato', 'comune', '100005'],
      ['arci', 'Arci Prato', 'associazione', '100005'],
      ['firenze', 'Comune di Firenze', 'comune', '048017'],
      ['museo', 'Museo del calcolatore', 'associazione', '100005'],
      ['gussago', 'Comune di Gussago', 'comune', '017081'],
      ['consorzio', 'Consorzio.it', 'consorzio', '019035'],
      ['lonely', 'Biblioteca di Crema', 'associazione', '019035'],
    ] as const) {
      org[key] = (await createOrganisation(t.db, { name, type, municipality })).id;
    }
    await createAgreement(t.db, org.prato, { title: 'Protocollo', partners: [org.arci], start: '2024-01-01' });
    // The same couple named again, the other way round, in a programme.
    await createProgramme(t.db, null, {
      organisation: org.arci,
      name: 'Circoli digitali',
      start: '2026-01-01',
      end: '2026-12-31',
      partners: [org.prato],
    });
    await createProgramme(t.db, null, {
      organisation: org.firenze,
      name: 'Firenze digitale',
      start: '2026-01-01',
      end: '2026-12-31',
      partners: [org.museo],
    });
    const venue = (await createVenue(t.db, org.gussago, { name: 'Hub', address: 'Via Peracchia 3', municipality: '017081' })).id;
    const start = new Date(Date.now() + 10 * 86_400_000).toISOString();
    await createEvent(t.app.deps, null, {
      organisation: org.gussago,
      title: 'Incontro sullo SPID',
      type: 'incontro',
      format: 'in_presenza',
      venue,
      capacity: 20,
      bookingRequired: true,
      status: 'published',
      partners: [org.consorzio],
      sessions: [{ start, end: new Date(Date.parse(start) + 3_600_000).toISOString() }],
    });
    // Back to the schema before 017, with the rows the old rules relied on, then forward again.
    await m017.down(t.db.k);
    await m017.up(t.db.k);
  });
  afterAll(() => t.close());

  it('turns every couple already named as partners into one accepted partnership', async () => {
    const rows = await t.db.k.selectFrom('partnerships').selectAll().execute();
    const couples = rows.map((r) => [r.organisation_id, r.partner_id].sort().join('|')).sort();
    const expected = [
      [org.prato, org.arci],
      [org.firenze, org.museo],
      [org.gussago, org.consorzio],
    ]
      .map((c) => c.sort().join('|'))
      .sort();
    expect(couples).toEqual(expected);
    expect(
      rows.every((r) => r.status === 'accepted' && r.decided_at !== null && r.pair === [r.organisation_id, r.partner_id].sort().join('|')),
    ).toBe(true);
  });

  it('keeps their venues usable both ways, and nobody else’s', async () => {
    expect(await venueRefusal(t.db, org.prato, org.arci)).toBeNull();
    expect(await venueRefusal(t.db, org.arci, org.prato)).toBeNull();
    expect(await venueRefusal(t.db, org.firenze, org.museo)).toBeNull();
    expect(await venueRefusal(t.db, org.gussago, org.consorzio)).toBeNull();
    expect((await venueRefusal(t.db, org.prato, org.lonely))?.message).toContain('non è partner');
  });

  it('holds one live partnership per couple in the database itself', async () => {
    const [a, b] = [org.prato, org.arci].sort();
    await expect(
      t.db.k
        .insertInto('partnerships')
        .values({
          id: '01900000-0000-7000-8000-000000000001',
          organisation_id: org.arci,
          partner_id: org.prato,
          pair: `${a}|${b}`,
          status: 'pending',
          requested_by: null,
          requested_at: new Date().toISOString(),
          decided_by: null,
          decided_at: null,
          ended_by: null,
          ended_at: null,
        })
        .execute(),
    ).rejects.toThrow();
  });
});
