import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Checkpointer, START_AFTER_CHANGES, startCheckpointer, WRITER_CHECKPOINT_PAGES } from '../../src/db/checkpointer.js';

/** The checkpointing thread costs a JavaScript engine's memory: it runs only while the server writes. */
describe('SQLite checkpoint thread on demand', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function open(calmMs: number, startAfterChanges = START_AFTER_CHANGES): { file: string; h: SQLite.Database; ckpt: Checkpointer } {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-ckpt-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'x.db');
    const h = new SQLite(file);
    h.pragma('journal_mode = WAL');
    h.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    h.exec('create table t (id integer primary key, body text)');
    cleanups.push(() => void h.close());
    const changes = h.prepare('SELECT total_changes()').pluck();
    const ckpt = startCheckpointer(file, () => changes.get() as number, { everyMs: 50, calmMs, startAfterChanges });
    cleanups.push(() => ckpt.stop());
    return { file, h, ckpt };
  }

  /** About 4 MB in one transaction, far below the writer's own checkpoint mark. */
  function fill(h: SQLite.Database): void {
    const insert = h.prepare('insert into t (body) values (?)');
    h.transaction(() => {
      for (let i = 0; i < 4_000; i++) insert.run('x'.repeat(1_000));
    })();
  }

  const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));
  async function until(test: () => boolean, ms = 3_000): Promise<boolean> {
    for (let waited = 0; waited < ms && !test(); waited += 25) await wait(25);
    return test();
  }

  it('runs no thread while nothing is written, starts one at the first write, ends it once writes stop', async () => {
    const { file, h, ckpt } = open(400);
    await wait(300);
    expect(ckpt.running()).toBe(false);
    fill(h);
    expect(await until(() => ckpt.running())).toBe(true);
    expect(await until(() => statSync(file).size > 4_000_000)).toBe(true);
    expect(await until(() => !ckpt.running())).toBe(true);
    // Writes again: a thread again, and the new rows reach the database file.
    const before = statSync(file).size;
    fill(h);
    expect(await until(() => ckpt.running())).toBe(true);
    expect(await until(() => statSync(file).size > before + 3_000_000)).toBe(true);
    expect(h.prepare('select count(*) from t').pluck().get()).toBe(8_000);
  });

  it('starts no thread for a few scattered writes', async () => {
    const { h, ckpt } = open(400);
    const insert = h.prepare('insert into t (body) values (?)');
    for (let i = 0; i < 5; i++) {
      insert.run(`row ${i}`);
      await wait(100);
    }
    expect(ckpt.running()).toBe(false);
    expect(h.prepare('select count(*) from t').pluck().get()).toBe(5);
  });

  it('keeps the thread while writes go on', async () => {
    const { h, ckpt } = open(300, 1);
    const insert = h.prepare('insert into t (body) values (?)');
    for (let i = 0; i < 12; i++) {
      insert.run(`row ${i}`);
      await wait(100);
      if (i >= 4) expect(ckpt.running()).toBe(true);
    }
  });

  it('stops cleanly while its thread is still starting', async () => {
    const { h, ckpt } = open(10_000);
    fill(h);
    await until(() => ckpt.running());
    await ckpt.stop();
    expect(ckpt.running()).toBe(false);
  });
});
