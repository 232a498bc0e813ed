// A PostgreSQL server that ends Ponte's idle connections (a restart, a failover, an administrator)
// must not end Ponte: the pool lets them go and the next query opens a new one.

import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';

if (DIALECTS.includes('postgres'))
  describe('the PostgreSQL pool when the server ends its idle connections', () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb('postgres');
    });
    afterAll(() => t?.cleanup());

    it('keeps the process up and answers the next query on a new connection', async () => {
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db.k);
      const pid = before.rows[0].pid;
      const admin = new pg.Client({ connectionString: (process.env.PG_TEST_URL as string).split('?')[0] });
      await admin.connect();
      try {
        const ended = await admin.query('select pg_terminate_backend($1) as ok', [pid]);
        expect(ended.rows[0].ok).toBe(true);
      } finally {
        await admin.end();
      }
      // The idle connection's end reaches the pool as an 'error' event: give it the time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await sql<{ pid: number; one: number }>`select pg_backend_pid() as pid, 1 as one`.execute(t.db.k);
      expect(after.rows[0].one).toBe(1);
      expect(after.rows[0].pid).not.toBe(pid);
    });
  });
