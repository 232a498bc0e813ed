import type { Db } from '../../../db/index.js';

/** What a process keeps per database (tests open several in one process): made on first use, gone with the Db. */
export function perDb<T extends object>(make: () => T): (db: Db) => T {
  const byDb = new WeakMap<Db, T>();
  return (db) => {
    let value = byDb.get(db);
    if (!value) {
      value = make();
      byDb.set(db, value);
    }
    return value;
  };
}
