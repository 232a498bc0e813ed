import { sql } from 'kysely';
import type { Deps } from '../../src/core/deps.js';
import { AUDIENCES, TOPICS } from '../../src/modules/events/catalogue/vocab.js';
import * as events from '../../src/modules/events/service.js';
import { type BenchContext, defineFigure } from '../types.js';
import { BROWSER_HEADERS } from './browser.js';

/** How many future events the catalogue holds during the figure. */
export const CATALOGUE_EVENTS = 5_000;

/** Both figures share one set of events per benchmark database. */
const filled = new Map<string, Promise<string>>();

/**
 * The public catalogue page: GET /eventi (server-rendered HTML, 20 events per page) with one filter,
 * the topic, over 5,000 published future events of six organisers in eight venues across the
 * demo's comuni. One topic in fifteen matches, so the page reads past many events to fill itself:
 * the hard case of the keyset query, not the easy one of a filter that an index answers alone.
 * Anonymous visitors share a page cache of a few seconds, so this is mostly the cached page.
 */
export const cataloguePage = defineFigure({
  name: 'catalogue page',
  prepare: (ctx) => {
    let done = filled.get(ctx.databaseUrl);
    if (!done) {
      done = fill(ctx);
      filled.set(ctx.databaseUrl, done);
    }
    return done;
  },
  requests: (_ctx, topic) => ({ path: `/eventi?topic=${topic}`, headers: BROWSER_HEADERS }),
});

/** 5,000 published future events, spread over a year, through the service. */
async function fill(ctx: BenchContext): Promise<string> {
  const places: { organisation: string; venue: string }[] = [
    ['prato', 'coiano'],
    ['prato', 'galciana'],
    ['prato', 'narnali'],
    ['firenze', 'murate'],
    ['consorzio', 'pandino'],
    ['consorzio', 'crema'],
    ['valnure', 'podenzano'],
    ['gussago', 'hub'],
  ]
    .filter(([o, v]) => ctx.demo.organisations[o] && ctx.demo.venues[v])
    .map(([o, v]) => ({ organisation: ctx.demo.organisations[o], venue: ctx.demo.venues[v] }));
  const deps = { db: ctx.db } as Deps;
  const day = 86_400_000;
  const base = Date.now() + day;
  const make = async (i: number) => {
    const place = places[i % places.length];
    // Spread over a year, at one of four times of day.
    const start = new Date(base + Math.floor((i * 365 * day) / CATALOGUE_EVENTS) + (i % 4) * 3 * 3_600_000);
    await events.createEvent(deps, null, {
      organisation: place.organisation,
      title: `Incontro ${i}: ${TOPICS[i % TOPICS.length]} per ${AUDIENCES[i % AUDIENCES.length]}`,
      description: 'Un incontro gratuito per imparare a usare i servizi digitali, con un facilitatore.',
      type: 'incontro',
      format: 'in_presenza',
      venue: place.venue,
      capacity: 20 + (i % 40),
      maxSeatsPerBooking: 4,
      status: 'published',
      audiences: [AUDIENCES[i % AUDIENCES.length], 'tutti'],
      topics: [TOPICS[i % TOPICS.length]],
      sessions: [{ start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() }],
    });
  };
  // PostgreSQL takes several writers at once; SQLite has one.
  const parallel = ctx.dialect === 'postgres' ? 8 : 1;
  for (let i = 0; i < CATALOGUE_EVENTS; i += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, CATALOGUE_EVENTS - i) }, (_, k) => make(i + k)));
  }
  // A database that just took 5,000 rows at once has not refreshed its planner statistics yet;
  // a running one has (autovacuum, or SQLite's optimize), so measure it the way it runs.
  await sql`analyze`.execute(ctx.db.k);
  return 'spid';
}

/**
 * The same page when every request misses the few-second page cache (each address is new): the
 * query, the names of places and organisers, and the HTML rendered every time, as a signed-in
 * member of staff or a visitor with unusual filters gets it.
 */
export const cataloguePageUncached = defineFigure({
  name: 'catalogue page uncached',
  prepare: cataloguePage.prepare,
  requests: (_ctx, topic) => ({
    path: `/eventi?topic=${topic}&visita=[<id>]`,
    headers: BROWSER_HEADERS,
    idReplacement: true,
  }),
});

export default cataloguePage;
