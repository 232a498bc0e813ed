import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/index.js';
import { DEMO_SHEETS } from '../../src/modules/guides/demo.js';
import { SheetContent } from '../../src/modules/guides/schemas.js';
import { changeStatus, insertBatch, listPublished, type NewSheet, updateSheet } from '../../src/modules/guides/service.js';
import { createDemoDb, DIALECTS, type TestDb } from '../helpers.js';

/**
 * Searches are kept between changes of the index (guides/search-cache.ts). Whatever is kept, a
 * search answers from the index as it is: right after a sheet is published, renamed or
 * unpublished, in this process and in another one (a second connection to the same database
 * stands for a second server process), and with an organisation's new name.
 */
describe.each(DIALECTS)('kept guide searches (%s)', (dialect) => {
  let t: TestDb;
  let other: Db;
  let organisationId: string;
  const actor = { userId: null, name: 'Test' };

  beforeAll(async () => {
    t = await createDemoDb(dialect);
    other = createDb(t.url);
    organisationId = (await t.db.k.selectFrom('service_sheets').select('organisation_id').executeTakeFirstOrThrow()).organisation_id;
  });
  afterAll(async () => {
    await other?.destroy();
    await t?.cleanup();
  });

  const names = async (db: Db, q: string) => (await listPublished(db, { q })).items.map((s) => s.name);

  it('shows a new sheet, a new name and an unpublished sheet at once, in this process and in another', async () => {
    // Both processes have searched (and kept) before the changes.
    expect(await names(t.db, 'zampognari')).toEqual([]);
    expect(await names(other, 'zampognari')).toEqual([]);
    expect(await names(other, 'carta identita')).toContain(DEMO_SHEETS.find((d) => d.slug === 'carta-identita-elettronica')!.name);

    const d = DEMO_SHEETS[0];
    const content = SheetContent.parse({
      name: 'Contributo per zampognari',
      slug: 'contributo-zampognari',
      summary: 'Un contributo per chi suona la zampogna.',
      audience: d.audience,
      body: d.body.join('\n'),
      category: d.category,
      access: d.access,
      url: d.url,
      cost: d.cost,
      times: d.times,
      lifeEvents: d.lifeEvents,
      faqs: d.faqs.map(([question, answer]) => ({ question, answer })),
      contacts: d.contacts,
      topics: d.topics,
      deskServices: d.desk,
      steps: d.steps.map((text) => ({ text })),
    }) as NewSheet['content'];
    const [id] = await insertBatch(t.db, actor, organisationId, [{ content, status: 'published' }]);
    expect(await names(t.db, 'zampognari')).toEqual(['Contributo per zampognari']);
    expect(await names(other, 'zampognari')).toEqual(['Contributo per zampognari']);

    await updateSheet(t.db, actor, id, { name: 'Contributo per zampognari e pifferai' });
    expect(await names(other, 'pifferai')).toEqual(['Contributo per zampognari e pifferai']);
    expect(await names(other, 'zampognari')).toEqual(['Contributo per zampognari e pifferai']);

    await changeStatus(t.db, actor, id, 'draft');
    expect(await names(t.db, 'zampognari')).toEqual([]);
    expect(await names(other, 'pifferai')).toEqual([]);
  });

  it("gives an organisation's new name, though the search itself was kept", async () => {
    const before = (await listPublished(other, { q: 'carta identita' })).items[0];
    await t.db.k.updateTable('organisations').set({ name: 'Comune rinominato' }).where('id', '=', before.organisation.id).execute();
    const after = (await listPublished(other, { q: 'carta identita' })).items[0];
    expect(after.id).toBe(before.id);
    expect(after.organisation).toEqual({ id: before.organisation.id, name: 'Comune rinominato' });
  });
});
