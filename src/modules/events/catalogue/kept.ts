import type { Db } from '../../../db/index.js';

/**
 * What the catalogue keeps between requests, per process and database, beside the number of
 * `catalogue_version` it was computed under. Triggers add one to that number in the transaction of
 * every change of what decides which events a page lists and in which order, their audiences,
 * topics and partners (migration 043); a booking changes only seats and leaves it alone. So a page
 * of the catalogue keeps which events it lists and their tags, and each request reads the number
 * together with those events' rows (title, seats, place, in one statement, so both are of the same
 * moment): while the number is the same, the same events are still the first ones, except those
 * that have ended since, which the request checks. Other processes sharing the database see a
 * change as soon as it commits, as this one does; nothing depends on a clock or a time to live.
 *
 * The number is read before the rows it vouches for when a page is computed: a change committed
 * between the two leaves a page newer than its number, which the next request computes again.
 */

/** An audience ('a') or a topic ('t') of an event. */
export interface Tag {
  event_id: string;
  code: string;
  kind: string;
}

export interface KeptPage {
  version: number;
  /** The instant the page was computed for: it holds for that instant and later ones only. */
  now: string;
  ids: string[];
  tags: Tag[];
}

export interface KeptPlaces {
  version: number;
  now: string;
  /** The first instant at which a comune may lose its last event: the list holds before it. */
  until: string;
  codes: string[];
}

/** Pages kept per database, the oldest forgotten first: a page is 21 ids and their tags, a few kB. */
const KEPT = 500;

interface Kept {
  version: number;
  pages: Map<string, KeptPage>;
  places?: KeptPlaces;
}

const keptByDb = new WeakMap<Db, Kept>();

/** What is kept under `version`; a newer number drops what was kept under an older one. */
function keptAt(db: Db, version: number): Kept {
  let kept = keptByDb.get(db);
  if (!kept || kept.version < version) {
    kept = { version, pages: new Map() };
    keptByDb.set(db, kept);
  }
  return kept;
}

export function keptPage(db: Db, key: string): KeptPage | undefined {
  return keptByDb.get(db)?.pages.get(key);
}

export function keepPage(db: Db, key: string, page: KeptPage): void {
  const kept = keptAt(db, page.version);
  if (kept.version !== page.version) return;
  const pages = kept.pages;
  pages.delete(key);
  if (pages.size >= KEPT) pages.delete(pages.keys().next().value as string);
  pages.set(key, page);
}

export function keptPlaces(db: Db, version: number, now: string): string[] | undefined {
  const places = keptByDb.get(db)?.places;
  return places && places.version === version && places.now <= now && now < places.until ? places.codes : undefined;
}

export function keepPlaces(db: Db, places: KeptPlaces): void {
  const kept = keptAt(db, places.version);
  if (kept.version === places.version) kept.places = places;
}
