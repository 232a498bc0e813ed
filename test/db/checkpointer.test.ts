import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WRITER_CHECKPOINT_PAGES } from '../../src/db/checkpointer.js';
import { createDb, type Db } from '../../src/db/index.js';

/** The write-ahead log reaches the database file without the server's connection copying it. */
describe('SQLite checkpoints in a worker thread', () => {
  const dirs: string[] = [];
  const dbs: Db[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.destroy();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes about 4 MB (some 1,000 pages, far below the writer's own checkpoint mark) in one transaction. */
  function fill(checkpointInBackground: boolean): { file: string; db: Db } {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-ckpt-'));
    dirs.push(dir);
    const file = join(dir, 'x.db');
    const db = createDb(`sqlite:${file}`, { checkpointInBackground });
    dbs.push(db);
    const h = db.sqlite!;
    // Same threshold for both, so only the worker differs.
    h.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    h.exec('create table t (id integer primary key, body text)');
    const insert = h.prepare('insert into t (body) values (?)');
    h.transaction(() => {
      for (let i = 0; i < 4_000; i++) insert.run('x'.repeat(1_000));
    })();
    return { file, db };
  }

  const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

  it('copies the log into the database file within a second', async () => {
    const { file, db } = fill(true);
    let size = statSync(file).size;
    for (let i = 0; i < 40 && size < 4_000_000; i++) {
      await wait(50);
      size = statSync(file).size;
    }
    expect(size).toBeGreaterThan(4_000_000);
    // The server's connection still reads and writes as before.
    expect(db.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: 4_000 });
    db.sqlite!.prepare('insert into t (body) values (?)').run('after');
  });

  it('leaves the log alone without the worker (until the writer reaches its own mark)', async () => {
    const { file } = fill(false);
    await wait(1_000);
    expect(statSync(file).size).toBeLessThan(100_000);
  });

  it('closes with the database, and what was written is there when it is opened again', async () => {
    const { file, db } = fill(true);
    await db.destroy();
    dbs.splice(dbs.indexOf(db), 1);
    const again = createDb(`sqlite:${file}`);
    dbs.push(again);
    expect(again.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: 4_000 });
  });
});
