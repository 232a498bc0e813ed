import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * A running server (or worker) on an SQLite database says so in a file beside it, `ponte.db.pid`,
 * holding its process id: `ponte restore` reads it and refuses to replace a database a process
 * still has open. The file of a process that died without removing it names a process that no
 * longer exists, and counts for nothing.
 */

/** The SQLite file of a `sqlite:` database address, or null for PostgreSQL and in-memory databases. */
export function sqliteFile(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null;
  const file = databaseUrl.slice('sqlite:'.length);
  return file === ':memory:' ? null : file;
}

function pidFile(dbFile: string): string {
  return `${dbFile}.pid`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process id of a live process that has the database open, or null. */
export function liveServerPid(dbFile: string): number | null {
  const file = pidFile(dbFile);
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  return alive(pid) ? pid : null;
}

/** Marks the database as open by this process; the function returned takes the mark away. */
export function markDatabaseInUse(databaseUrl: string): () => void {
  const dbFile = sqliteFile(databaseUrl);
  if (!dbFile) return () => {};
  const file = pidFile(dbFile);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    // Another process on the same file may have written its own id since: left to it.
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}
