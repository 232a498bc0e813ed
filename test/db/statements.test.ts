import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepingStatements } from '../../src/db/statements.js';

interface Tables {
  people: { id: number; name: string; town?: string | null };
}

/** Kysely over better-sqlite3 with its prepared statements kept (src/db/statements.ts). */
describe('SQLite statements kept between queries', () => {
  let dir: string;
  let db: Kysely<Tables>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ponte-statements-'));
    const handle = new SQLite(join(dir, 'x.db'));
    handle.exec('create table people (id integer primary key, name text not null)');
    db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: keepingStatements(handle, 3) }) });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const byId = (id: number) => db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();

  it('answers the same query with new parameters, reads and writes alike, in and out of transactions', async () => {
    for (const [id, name] of [
      [1, 'Anna'],
      [2, 'Bruno'],
      [3, 'Carla'],
    ] as const) {
      await db.insertInto('people').values({ id, name }).execute();
    }
    expect((await byId(1))?.name).toBe('Anna');
    expect((await byId(3))?.name).toBe('Carla');
    expect(await byId(9)).toBeUndefined();
    const changed = await db.updateTable('people').set({ name: 'Bruna' }).where('id', '=', 2).executeTakeFirst();
    expect(changed.numUpdatedRows).toBe(1n);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('people').values({ id: 4, name: 'Dario' }).execute();
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('people').values({ id: 5, name: 'Elena' }).execute();
        throw new Error('annullata');
      }),
    ).rejects.toThrow('annullata');
    const names = await db.selectFrom('people').select('name').orderBy('id').execute();
    expect(names.map((r) => r.name)).toEqual(['Anna', 'Bruna', 'Carla', 'Dario']);
  });

  it('streams, and runs the streamed query again afterwards, from the same text', async () => {
    await db
      .insertInto('people')
      .values([1, 2, 3].map((id) => ({ id, name: `P${id}` })))
      .execute();
    const query = db.selectFrom('people').select(['id', 'name']).where('id', '>', 0).orderBy('id');
    expect((await query.execute()).map((r) => r.name)).toEqual(['P1', 'P2', 'P3']);
    for (let round = 0; round < 2; round++) {
      const seen: string[] = [];
      for await (const row of query.stream()) seen.push(row.name);
      expect(seen).toEqual(['P1', 'P2', 'P3']);
    }
    expect(await query.execute()).toHaveLength(3);
  });

  it('sees a column added after the query was first run, and keeps working past its bound', async () => {
    await db.insertInto('people').values({ id: 1, name: 'Anna' }).execute();
    expect(await byId(1)).toEqual({ id: 1, name: 'Anna' });
    await sql`alter table people add column town text`.execute(db);
    await db.updateTable('people').set({ town: 'Prato' }).where('id', '=', 1).execute();
    expect(await byId(1)).toEqual({ id: 1, name: 'Anna', town: 'Prato' });
    // More distinct texts than the three kept: the oldest make way, every query still answers.
    for (let n = 1; n <= 6; n++) {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      expect(await db.selectFrom('people').select('id').where('id', 'in', ids).execute()).toEqual([{ id: 1 }]);
    }
    expect((await byId(1))?.town).toBe('Prato');
  });
});
