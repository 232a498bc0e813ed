import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { createPgTrigger, createSqliteTriggers, dropPgTriggers, dropSqliteTriggers } from './triggers.js';

/**
 * A number on each desk that moves with every change of what its slots are computed from: the desk
 * row itself (limits, patron's day, active), its services, weekly hours, exceptions and operators'
 * shifts. Triggers keep it, so no write can forget to, whoever makes it (setup, a desk following
 * its event, another process). A process keeps a desk's schedule in memory and reads only this
 * number to know whether it still holds (desks/booking/schedule-cache.ts): one small query instead
 * of five, and on PostgreSQL, where processes share the database, the same answer in all of them.
 */
const CHILDREN = ['desk_services', 'desk_hours', 'desk_exceptions', 'desk_operators'];

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('desks')
    .addColumn('schedule_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // Recursive triggers are off in SQLite: the desk's own update does not fire it again.
    await sql
      .raw(`create trigger desks_schedule_version after update on desks
        when new.schedule_version = old.schedule_version
        begin update desks set schedule_version = old.schedule_version + 1 where id = new.id; end`)
      .execute(db);
    const bump = (ids: string) => `update desks set schedule_version = schedule_version + 1 where id in (${ids})`;
    for (const table of CHILDREN) {
      await createSqliteTriggers(db, `${table}_schedule`, table, {
        insert: [bump('new.desk_id')],
        update: [bump('old.desk_id, new.desk_id')],
        delete: [bump('old.desk_id')],
      });
    }
    return;
  }
  await sql
    .raw(`create function desks_schedule_version() returns trigger language plpgsql as $$
      begin
        if new.schedule_version = old.schedule_version then new.schedule_version := old.schedule_version + 1; end if;
        return new;
      end $$`)
    .execute(db);
  await createPgTrigger(db, {
    name: 'desks_schedule_version',
    table: 'desks',
    before: true,
    events: ['update'],
    calls: 'desks_schedule_version',
  });
  await sql
    .raw(`create function desk_schedule_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          update desks set schedule_version = schedule_version + 1 where id = old.desk_id;
        end if;
        if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.desk_id is distinct from old.desk_id) then
          update desks set schedule_version = schedule_version + 1 where id = new.desk_id;
        end if;
        return null;
      end $$`)
    .execute(db);
  for (const table of CHILDREN) {
    await createPgTrigger(db, { name: `${table}_schedule`, table, calls: 'desk_schedule_changed' });
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql.raw('drop trigger if exists desks_schedule_version').execute(db);
    await dropSqliteTriggers(
      db,
      CHILDREN.map((table) => `${table}_schedule`),
    );
  } else {
    await dropPgTriggers(
      db,
      [['desks_schedule_version', 'desks'], ...CHILDREN.map((table) => [`${table}_schedule`, table] as const)],
      ['desks_schedule_version', 'desk_schedule_changed'],
    );
  }
  await db.schema.alterTable('desks').dropColumn('schedule_version').execute();
}
