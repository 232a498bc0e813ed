import { refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import * as svc from '../service.js';

/**
 * What an event's public page shows, kept per process and database beside the event's
 * `page_version`. Triggers add one to that number in the transaction of every change of what the
 * page shows: the event, its sessions, tags, partners and questions, its venue and comune, its
 * organiser, partners, programme and the desks that follow it (migration 044); a booking changes only
 * the seat counts and leaves it alone. So each request reads the event's row alone, the number and
 * the live seat counts in one statement, and shows from what is kept while the number is the same.
 * Other processes sharing the database see a change as soon as it commits, as this one does.
 *
 * The number is read before what it vouches for when the page is computed: a change committed
 * between the two keeps something newer than its number, which the next request computes again.
 */
interface Kept<X> {
  version: number;
  /** The row's instants too, so that an event made again under the same id (a test's database) is not mistaken. */
  createdAt: string;
  updatedAt: string;
  related: svc.EventRelated;
  extras: X;
}

/** Events kept per database, the oldest forgotten first: an event and what it shows are a few kB. */
const KEPT = 500;

const keptByDb = new WeakMap<Db, Map<string, Kept<unknown>>>();

export interface KeptEventPage<X> {
  event: svc.EventDetail;
  /** What the page shows from other modules, read by `load` under the same number. */
  extras: X;
  /** Names what the page shows but for the live seat counts and the instant (see `live`). */
  version: string;
}

/**
 * The event `id` as its page shows it, and `extras` as `load` read them for its row (another module's
 * data the page shows: it must be covered by the triggers of migration 044). Drafts only with
 * `includeDrafts`; a 404 otherwise, and for an event that does not exist.
 */
export async function keptEventPage<X>(
  db: Db,
  id: string,
  includeDrafts: boolean,
  load: (row: svc.EventPageRow) => Promise<X>,
): Promise<KeptEventPage<X>> {
  const row = await svc.eventPageRow(db, id);
  if (!row || (row.status === 'draft' && !includeDrafts)) throw refuse(404, 'events.error.notFound');
  let pages = keptByDb.get(db);
  if (!pages) {
    pages = new Map();
    keptByDb.set(db, pages);
  }
  let kept = pages.get(row.id) as Kept<X> | undefined;
  if (!kept || kept.version !== row.page_version || kept.updatedAt !== row.updated_at || kept.createdAt !== row.created_at) {
    const [related, extras] = await Promise.all([svc.relatedOf(db, [row]), load(row)]);
    kept = { version: row.page_version, createdAt: row.created_at, updatedAt: row.updated_at, related, extras };
    pages.delete(row.id);
    if (pages.size >= KEPT) pages.delete(pages.keys().next().value as string);
    pages.set(row.id, kept);
  }
  const event = svc.presentEvent(row, kept.related, nowIso());
  return { event, extras: kept.extras, version: `${row.id} ${row.page_version} ${row.updated_at} ${live(event)}` };
}

/** What an event shows that moves without its number: the seats (bookings) and whether it takes bookings now (the clock). */
function live(ev: svc.EventDetail): string {
  return `${ev.seatsLeft} ${ev.waiting} ${ev.availability} ${ev.bookingClosedReason ?? 'open'}`;
}
