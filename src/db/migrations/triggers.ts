// biome-ignore-all lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
import { type Kysely, sql } from 'kysely';

/*
 * The triggers that keep a version number moving with every change of what it stands for
 * (migrations 042 to 044), as each dialect writes them: on SQLite one trigger per operation, named
 * `<name>_insert`, `<name>_update`, `<name>_delete`; on PostgreSQL one trigger calling a function.
 * Not a migration: the migrations use it. Frozen like them: change it only in ways that leave every
 * existing trigger as it was (SQLite keeps a trigger's text as it was written).
 */

/** The operations a trigger follows, in the order the migrations made them. */
const OPS = ['insert', 'update', 'delete'] as const;

/** SQLite: what each operation's trigger runs (no trigger for an operation left out). */
export interface SqliteTriggers {
  insert?: string[];
  update?: string[];
  delete?: string[];
  /** The update trigger fires on an update of these columns only… */
  updateOf?: string[];
  /** …and only when this condition on `old` and `new` holds. */
  updateWhen?: string;
}

/** SQLite: a trigger `<name>_<op>` after each operation given on a table, running its statements in order. */
export async function createSqliteTriggers(db: Kysely<any>, name: string, table: string, triggers: SqliteTriggers): Promise<void> {
  for (const op of OPS) {
    const statements = triggers[op];
    if (!statements) continue;
    const of = op === 'update' && triggers.updateOf ? ` of ${triggers.updateOf.join(', ')}` : '';
    const when = op === 'update' && triggers.updateWhen ? ` when ${triggers.updateWhen}` : '';
    await sql.raw(`create trigger ${name}_${op} after ${op}${of} on ${table}${when} begin ${statements.join('; ')}; end`).execute(db);
  }
}

/** SQLite: drops the triggers createSqliteTriggers made under each name, those that exist. */
export async function dropSqliteTriggers(db: Kysely<any>, names: string[]): Promise<void> {
  for (const name of names) {
    for (const op of OPS) await sql.raw(`drop trigger if exists ${name}_${op}`).execute(db);
  }
}

/** PostgreSQL: a trigger calling a function of no arguments. */
export interface PgTrigger {
  name: string;
  table: string;
  /** Before the change (the function may alter `new`); after it when not said. */
  before?: boolean;
  /** What it follows ('insert', 'update', 'update of a, b', 'delete'); all three when not said. */
  events?: string[];
  /** Once for each row changed, when not said, or once for each statement. */
  each?: 'row' | 'statement';
  /** Only when this condition on `old` and `new` holds. */
  when?: string;
  /** The function it calls. */
  calls: string;
}

/** PostgreSQL: creates a trigger. */
export async function createPgTrigger(db: Kysely<any>, t: PgTrigger): Promise<void> {
  const when = t.when ? ` when (${t.when})` : '';
  await sql
    .raw(
      `create trigger ${t.name} ${t.before ? 'before' : 'after'} ${(t.events ?? OPS).join(' or ')} on ${t.table} for each ${t.each ?? 'row'}${when} execute function ${t.calls}()`,
    )
    .execute(db);
}

/** PostgreSQL: drops triggers (by name and table), then functions of no arguments, those that exist. */
export async function dropPgTriggers(
  db: Kysely<any>,
  triggers: (readonly [name: string, table: string])[],
  functions: string[],
): Promise<void> {
  for (const [name, table] of triggers) await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
  for (const name of functions) await sql.raw(`drop function if exists ${name}()`).execute(db);
}
