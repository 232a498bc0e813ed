/**
 * The second yardstick: one SQLite write transaction through Kysely behind a bare Fastify route,
 * the other reference figure the events issue gives its targets against. A JSON body in, one row
 * inserted in its own transaction (WAL, synchronous NORMAL, as the app's database), its id out.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { Kysely, SqliteDialect } from 'kysely';
import { listenForBench } from './child.js';

interface Tables {
  writes: { id: string; at: string; name: string };
}

const dir = mkdtempSync(join(tmpdir(), 'ponte-bare-write-'));
const handle = new SQLite(join(dir, 'bare.db'));
handle.pragma('journal_mode = WAL');
handle.pragma('synchronous = NORMAL');
handle.exec('create table writes (id text primary key, at text not null, name text not null)');
const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: handle }) });

const app = Fastify({ logger: false });
app.post<{ Body: { name: string } }>('/write', async (req, reply) => {
  const id = randomUUID();
  await db.transaction().execute((trx) =>
    trx
      .insertInto('writes')
      .values({ id, at: new Date().toISOString(), name: String(req.body.name) })
      .execute(),
  );
  return reply.code(201).send({ id });
});
await listenForBench(app, async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});
