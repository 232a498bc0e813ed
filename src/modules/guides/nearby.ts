import type { Db } from '../../db/index.js';
import { getOrganisation } from '../organisations/service.js';

/**
 * Help nearby on a sheet's page: upcoming events on its topics and desks offering its services,
 * through the events and desks services when they are there (without them, nothing).
 */

export interface EventLink {
  title: string;
  start: string;
  place: string | null;
  page: string;
}

export interface DeskLink {
  name: string;
  place: string | null;
  page: string | null;
}

type AnyModule = Record<string, unknown> | null;

/** Another module's service, when it is there: help nearby degrades to nothing without it. */
async function optionalModule(path: string): Promise<AnyModule> {
  try {
    return (await import(path)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const EVENTS_SERVICE = '../events/service.js';
const EVENTS_CATALOGUE = '../events/catalogue.js';
const DESKS_SERVICE = '../desks/service.js';

interface EventLike {
  id: string;
  title: string;
  start: string;
  format?: string;
  page: string;
  venue: { name: string } | null;
  municipality: { name: string } | null;
}

function eventLink(e: EventLike): EventLink {
  const place = e.venue ? [e.venue.name, e.municipality?.name].filter(Boolean).join(', ') : e.format === 'online' ? 'Online' : null;
  return { title: e.title, start: e.start, place, page: e.page };
}

type ListCatalogue = (db: Db, filters: { topic?: string }, opts: { limit?: number }) => Promise<{ items: EventLike[] }>;

/** The events catalogue's listCatalogue, from the events service (or its catalogue file) when it offers it. */
async function eventsCatalogue(): Promise<ListCatalogue | undefined> {
  for (const path of [EVENTS_SERVICE, EVENTS_CATALOGUE]) {
    const listCatalogue = (await optionalModule(path))?.listCatalogue;
    if (typeof listCatalogue === 'function') return listCatalogue as ListCatalogue;
  }
  return undefined;
}

/**
 * Upcoming events on the sheet's topics, through the events catalogue (listCatalogue with a topic
 * filter) when the events module offers it; without it, no events (the events' tables are theirs).
 */
export async function upcomingEvents(db: Db, topics: string[], limit = 5): Promise<EventLink[]> {
  if (topics.length === 0) return [];
  const listCatalogue = await eventsCatalogue();
  if (!listCatalogue) return [];
  const found = new Map<string, EventLike>();
  for (const topic of topics) {
    try {
      for (const e of (await listCatalogue(db, { topic }, { limit })).items) found.set(e.id, e);
    } catch {
      // A topic the events module does not know has no events.
    }
  }
  return [...found.values()]
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map(eventLink);
}

interface DeskLike {
  id: string;
  name: string;
  page: string;
  venue: { name: string; address: string; municipality: { name: string } | null };
}

/**
 * Desks offering the sheet's desk services (codes such as "spid", "cie", "pagopa"), through the
 * desks service's listDesks; those in the comune of the sheet's organisation come first when the
 * desks service can rank them (desksNear).
 */
export async function desksOffering(db: Db, codes: string[], organisationId: string, limit = 5): Promise<DeskLink[]> {
  if (codes.length === 0) return [];
  const desks = await optionalModule(DESKS_SERVICE);
  const listDesks = desks?.listDesks as ((db: Db, filter: { service?: string }) => Promise<DeskLike[]>) | undefined;
  if (typeof listDesks !== 'function') return [];
  try {
    const found = new Map<string, DeskLike>();
    for (const code of codes) for (const d of await listDesks(db, { service: code })) found.set(d.id, d);
    let ordered = [...found.values()];
    const desksNear = desks?.desksNear as ((db: Db, code: string, desks: DeskLike[]) => Promise<{ desk: DeskLike }[]>) | undefined;
    const home = (await getOrganisation(db, organisationId)).municipality?.code;
    if (typeof desksNear === 'function' && home) ordered = (await desksNear(db, home, ordered)).map((r) => r.desk);
    return ordered.slice(0, limit).map((d) => ({
      name: d.name,
      place: [d.venue.name, d.venue.address, d.venue.municipality?.name].filter(Boolean).join(', '),
      page: d.page,
    }));
  } catch {
    return [];
  }
}
