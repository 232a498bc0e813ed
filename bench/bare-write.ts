/**
 * The second yardstick: one write transaction through Kysely behind a bare Fastify route, the
 * reference the events issue gives its booking targets against. A JSON body in, one row inserted
 * in its own transaction, its id out. On SQLite a file of its own (WAL, synchronous NORMAL, as the
 * app's database); with WRITE_DATABASE_URL (PostgreSQL) a table of its own in that database, opened
 * as the app opens it (src/db).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { createDb } from '../src/db/index.js';
import { listenForBench } from './child.js';

interface Tables {
  bench_writes: { id: string; at: string; name: string };
}

async function open(): Promise<{ db: Kysely<Tables>; close: () => Promise<void> }> {
  const url = process.env.WRITE_DATABASE_URL;
  if (url?.startsWith('postgres')) {
    const app = createDb(url);
    const db = app.k as unknown as Kysely<Tables>;
    await sql`create table if not exists bench_writes (id text primary key, at text not null, name text not null)`.execute(db);
    return {
      db,
      close: async () => {
        await sql`drop table if exists bench_writes`.execute(db);
        await app.destroy();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ponte-bare-write-'));
  const handle = new SQLite(join(dir, 'bare.db'));
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.exec('create table bench_writes (id text primary key, at text not null, name text not null)');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: handle }) });
  return {
    db,
    close: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const { db, close } = await open();
const app = Fastify({ logger: false });
app.post<{ Body: { name: string } }>('/write', async (req, reply) => {
  const id = randomUUID();
  await db.transaction().execute((trx) =>
    trx
      .insertInto('bench_writes')
      .values({ id, at: new Date().toISOString(), name: String(req.body.name) })
      .execute(),
  );
  return reply.code(201).send({ id });
});
await listenForBench(app, close);
