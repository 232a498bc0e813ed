import type { Config } from '../../../config.js';
import { addressOf, type Organiser } from '../../../core/ics.js';
import type { Db } from '../../../db/index.js';
import type { EventTable, RegistrationTable } from '../../../db/schema.js';
import * as organisations from '../../organisations/service.js';
import { type BookingCopy, eventIcs, type IcsEventInput } from '../catalogue/feeds.js';
import * as repo from '../repo.js';
import type { EventDetail } from '../service.js';

/**
 * The calendar file of one event, or of one person's booking of it, with what the stored rows
 * add to the event's view: its revision (SEQUENCE) and the organisation's address (ORGANIZER).
 * Written by feeds.ts, like the subscription feeds, so every file of an event has the same UIDs.
 */

interface Ctx {
  db: Db;
  config: Pick<Config, 'mailFrom'>;
}

/**
 * ORGANIZER of the organisations' entries: their own address, or Ponte's sender address when an
 * organisation has published none (RFC 5545 wants an address, and replies reach someone there).
 */
export async function organisers(ctx: Ctx, ids: string[]): Promise<Map<string, Organiser>> {
  const out = new Map<string, Organiser>();
  for (const id of new Set(ids)) {
    const org = await organisations.getOrganisation(ctx.db, id);
    out.set(id, { name: org.name, email: org.email ?? addressOf(ctx.config.mailFrom) });
  }
  return out;
}

/** The view of an event that the calendar writer takes. */
export function icsInput(ev: EventDetail, extra: Pick<IcsEventInput, 'sequence' | 'organiser'> = {}): IcsEventInput {
  return {
    id: ev.id,
    title: ev.title,
    description: ev.description,
    status: ev.status,
    format: ev.format,
    organisation: ev.organisation,
    venue: ev.venue,
    municipality: ev.municipality,
    sessions: ev.sessions,
    updatedAt: ev.updatedAt,
    ...extra,
  };
}

export interface CalendarOptions {
  baseUrl: string;
  /** Only for a booked, confirmed person. */
  onlineUrl?: string | null;
  /** One person's copy: the file follows the registration (cancelled, waiting, confirmed). */
  registrationId?: string;
}

/** The .ics of an event, or of a person's booking of it. */
export async function eventCalendar(ctx: Ctx, event: EventDetail, opts: CalendarOptions): Promise<string> {
  const row = await repo.eventRow(ctx.db, event.id);
  const organiser = (await organisers(ctx, [event.organisation.id])).get(event.organisation.id);
  const reg = opts.registrationId ? await repo.registrationRow(ctx.db, opts.registrationId) : undefined;
  return calendarOf(event, row, organiser, opts, reg);
}

/**
 * The same file from rows already read (the event's row for its SEQUENCE, the organiser, the
 * registration when it is a person's copy): the e-mail jobs read them once for a batch of bookings.
 */
export function calendarOf(
  event: EventDetail,
  row: Pick<EventTable, 'sequence'> | undefined,
  organiser: Organiser | undefined,
  opts: Pick<CalendarOptions, 'baseUrl' | 'onlineUrl'>,
  reg?: Pick<RegistrationTable, 'status' | 'sequence' | 'name' | 'email'>,
): string {
  const input = icsInput(event, { sequence: Number(row?.sequence ?? 0), organiser });
  const booking: BookingCopy | undefined = reg
    ? { status: reg.status, sequence: Number(reg.sequence ?? 0), attendee: { name: reg.name, email: reg.email } }
    : undefined;
  return eventIcs(input, opts.baseUrl, booking?.status === 'confirmed' ? opts.onlineUrl : null, booking);
}
