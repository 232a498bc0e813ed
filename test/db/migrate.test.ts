import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';

/**
 * A start on a database already up to date reads Kysely's table of migrations once and does
 * nothing more; anything else recorded is left to the migrator, which refuses a database that ran
 * a migration this version does not know.
 */
describe.each(DIALECTS)('migrations at start (%s)', (dialect) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  const recorded = async (db: TestDb['db']) =>
    (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.k)).rows.map((r) => r.name);

  it('finds nothing to do on a database that ran every migration, and keeps its data', async () => {
    t = await createTestDb(dialect);
    const before = await recorded(t.db);
    expect(before.length).toBeGreaterThan(30);
    const organisations = await t.db.k.selectFrom('organisations').select('id').execute();
    expect(await migrate(t.db)).toEqual([]);
    expect(await recorded(t.db)).toEqual(before);
    expect(await t.db.k.selectFrom('organisations').select('id').execute()).toEqual(organisations);
  });

  it('refuses a database that ran a migration this version does not know', async () => {
    t = await createTestDb(dialect);
    await sql`insert into kysely_migration (name, timestamp) values ('999_from_a_later_version', '2030-01-01T00:00:00.000Z')`.execute(
      t.db.k,
    );
    await expect(migrate(t.db)).rejects.toThrow(/999_from_a_later_version/);
  });
});
