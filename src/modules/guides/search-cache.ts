import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Database } from '../../db/schema.js';

/**
 * Search results kept between changes of the index. A search over 10,000 sheets ranks every match
 * (thousands for "carta identità") and may first look for the closest words of a typo: 2–15 ms of
 * the database per request. What it finds changes only when the index does, and every change of
 * the index (publish, edit of a published sheet, unpublish) adds one to guide_search_version in the
 * same transaction (bumpSearchVersion, from indexSheets and unindexSheets). So each search first
 * reads that number (one row by primary key) and answers from what this process kept under the
 * same number; a new number drops everything kept. Other processes see a change as soon as it
 * commits, as this one does.
 *
 * What is kept is the page of a search: its sheets' summaries and the corrections. The owners'
 * names, which the organisations module changes without telling the index, are read again on
 * every request (listPublished).
 */

/** Searches kept per process and database; past this the oldest is forgotten first. */
const KEPT = 500;
/**
 * And at most this much of their JSON text (what a kept page holds in memory is two to three times
 * it): a page of 20 sheets is about 12 KB, so 500 pages of queries nobody asks twice (a typo, a
 * whole sentence) held some 15 MiB for nothing. The oldest go first.
 */
const KEPT_BYTES = 2 * 1024 * 1024;

interface Kept {
  version: number;
  results: Map<string, Promise<unknown>>;
  /** The JSON length of each search found so far, and their sum. */
  sizes: Map<string, number>;
  bytes: number;
}

function forget(kept: Kept, key: string): void {
  kept.results.delete(key);
  kept.bytes -= kept.sizes.get(key) ?? 0;
  kept.sizes.delete(key);
}

const keptByDb = new WeakMap<Db, Kept>();

/** Counts one change of the index; call inside the transaction that changes it. */
export async function bumpSearchVersion(k: Kysely<Database>): Promise<void> {
  await k.updateTable('guide_search_version').set({ version: sql<number>`version + 1` }).where('id', '=', 1).execute();
}

async function searchVersion(db: Db): Promise<number> {
  const row = await db.k.selectFrom('guide_search_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** The result of `search` for `key` under the index as it is now: kept, or computed and kept. */
export async function keptSearch<T>(db: Db, key: string, search: () => Promise<T>): Promise<T> {
  const version = await searchVersion(db);
  let kept = keptByDb.get(db);
  if (!kept || kept.version !== version) {
    kept = { version, results: new Map(), sizes: new Map(), bytes: 0 };
    keptByDb.set(db, kept);
  }
  const hit = kept.results.get(key);
  if (hit) return hit as Promise<T>;
  const result = search();
  const k = kept;
  if (k.results.size >= KEPT) forget(k, k.results.keys().next().value as string);
  k.results.set(key, result);
  result.then(
    (found) => {
      if (k.results.get(key) !== result) return;
      const size = JSON.stringify(found)?.length ?? 0;
      k.sizes.set(key, size);
      k.bytes += size;
      // The oldest searches go first, this one last (alone it may be more than the bound).
      for (const oldest of k.results.keys()) {
        if (k.bytes <= KEPT_BYTES || oldest === key) break;
        forget(k, oldest);
      }
    },
    // A failed search is not kept.
    () => {
      if (k.results.get(key) === result) forget(k, key);
    },
  );
  return result;
}
