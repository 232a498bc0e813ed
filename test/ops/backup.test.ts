import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/index.js';
import { createTestDb, DIALECTS, runCli, type TestDb } from '../helpers.js';
import { bookingLoad, roomyEvent } from './booking-load.js';
import { freePort, ponteEnv, type Running, startPonte, stopPonte } from './processes.js';

/**
 * `ponte backup` copies the SQLite database while citizens keep booking through a running server;
 * `ponte restore` puts the copy under a fresh server, with every booking confirmed before the
 * backup began, and refuses to replace a database a server still has open.
 */
describe('backup and restore on SQLite', () => {
  let t: TestDb;
  let dir: string;
  let server: Running | undefined;
  let fresh: Running | undefined;

  beforeAll(async () => {
    t = await createTestDb('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'ponte-backup-'));
  });
  afterAll(async () => {
    await stopPonte(server);
    await stopPonte(fresh);
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up under booking load and restores into a fresh server with every confirmed booking', { timeout: 180_000 }, async () => {
    const eventId = await roomyEvent(t.db, t.url);
    const port = await freePort();
    server = await startPonte(['serve'], ponteEnv(t.url, port));
    const load = bookingLoad(`http://127.0.0.1:${port}`, eventId, 8, 'backup');
    // Bookings are coming in when the backup starts.
    while (load.confirmed().length < 50) await new Promise((r) => setTimeout(r, 50));
    const confirmedBefore = load.confirmed();
    const backupStarted = Date.now();
    const file = join(dir, 'ponte-backup.db');
    const backup = await runCli(['backup', '--out', file], { DATABASE_URL: t.url });
    const backupEnded = Date.now();
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backup of .* written to .*ponte-backup\.db/);

    // Refused while the server has the database open: a one-line message naming the process, and the database untouched.
    const refused = await runCli(['restore', file], { DATABASE_URL: t.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Restore refused: a Ponte process (pid ${server.child.pid})`);
    expect(refused.stderr).toContain('Stop it first');
    expect(existsSync(`${t.url.slice('sqlite:'.length)}.before-restore`)).toBe(false);

    const outcomes = await load.stop();
    // The load really ran beside the backup, and nothing failed.
    expect(outcomes.filter((o) => o.answeredAt > backupStarted && o.sentAt < backupEnded && o.status === 201).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status !== 201)).toEqual([]);
    const everConfirmed = new Set(load.confirmed());

    // Restored into the database of a fresh server.
    const freshUrl = `sqlite:${join(dir, 'fresh', 'ponte.db')}`;
    const restored = await runCli(['restore', file], { DATABASE_URL: freshUrl });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('Restored');
    const freshPort = await freePort();
    fresh = await startPonte(['serve'], ponteEnv(freshUrl, freshPort));
    const ready = await fetch(`http://127.0.0.1:${freshPort}/readyz`);
    expect(ready.status).toBe(200);
    const event = await fetch(`http://127.0.0.1:${freshPort}/api/v1/events/${eventId}`);
    expect(event.status).toBe(200);

    const db = createDb(freshUrl);
    try {
      const ids = (await db.k.selectFrom('registrations').select('id').where('event_id', '=', eventId).execute()).map((r) => r.id);
      const inBackup = new Set(ids);
      expect(confirmedBefore.filter((id) => !inBackup.has(id))).toEqual([]);
      // Nothing in the copy that the server did not confirm.
      expect(ids.filter((id) => !everConfirmed.has(id))).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('refuses what is not a Ponte database, and a missing --out, in one line', { timeout: 120_000 }, async () => {
    const notDb = join(dir, 'note.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(notDb, 'appunti');
    const freshUrl = `sqlite:${join(dir, 'other', 'ponte.db')}`;
    const [bad, noOut] = await Promise.all([
      runCli(['restore', notDb], { DATABASE_URL: freshUrl }),
      runCli(['backup'], { DATABASE_URL: t.url }),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('is not a Ponte database');
    expect(existsSync(join(dir, 'other', 'ponte.db'))).toBe(false);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr.trim()).toBe('usage: backup --out FILE');
    expect(readFileSync(notDb, 'utf8')).toBe('appunti');
  });
});

// Declared only where PostgreSQL is configured (CI, and `npm test` where the local server answers).
if (DIALECTS.includes('postgres'))
  describe('backup on PostgreSQL', () => {
    let t: TestDb;
    let dir: string;
    beforeAll(async () => {
      t = await createTestDb('postgres');
      dir = mkdtempSync(join(tmpdir(), 'ponte-pgdump-'));
    });
    afterAll(async () => {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it("calls pg_dump for the schema in its custom format, and leaves restoring to pg_restore's own command", {
      timeout: 120_000,
    }, async () => {
      const eventId = await roomyEvent(t.db, t.url);
      const file = join(dir, 'ponte.dump');
      const [dump, restore] = await Promise.all([
        runCli(['backup', '--out', file], { DATABASE_URL: t.url }),
        runCli(['restore', file], { DATABASE_URL: t.url }),
      ]);
      expect(dump.code, dump.stderr).toBe(0);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
      // The dump holds the schema's tables and the event: what pg_restore would put back.
      const listing = execFileSync('pg_restore', ['--list', file], { encoding: 'utf8' });
      expect(listing).toContain(`TABLE DATA ${t.schema} events`);
      const data = execFileSync('pg_restore', ['--data-only', '--table=events', '--file=-', file], { encoding: 'utf8' });
      expect(data).toContain(eventId);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain('pg_restore --clean --if-exists --no-owner');

      // Without pg_dump on the PATH: a clear message, and no file.
      const missing = await runCli(['backup', '--out', join(dir, 'other.dump')], { DATABASE_URL: t.url, PATH: join(dir, 'no-tools') });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('pg_dump is not installed here');
      expect(existsSync(join(dir, 'other.dump'))).toBe(false);
    });
  });
