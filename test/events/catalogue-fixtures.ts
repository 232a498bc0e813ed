import { DateTime } from 'luxon';
import type { Deps } from '../../src/core/deps.js';
import { now } from '../../src/core/time.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as svc from '../../src/modules/events/service.js';
import {
  answerPartnership,
  createAgreement,
  createOrganisation,
  createVenue,
  listPartnerships,
} from '../../src/modules/organisations/service.js';
import type { TestApp } from '../helpers.js';

/** A Rome local time `days` from today at `time`, as an ISO instant (the way forms store it). */
export function romeAt(days: number, time = '18:00', base: Date = now()): string {
  const [h, m] = time.split(':').map(Number);
  const dt = DateTime.fromJSDate(base).setZone('Europe/Rome').startOf('day').plus({ days }).set({ hour: h, minute: m });
  return new Date(dt.toMillis()).toISOString();
}

export const PASSWORD = 'una-password-lunga-2026';

export interface CatalogueWorld {
  deps: Deps;
  prato: string;
  crema: string;
  arci: string;
  venues: { coiano: string; crema: string; arci: string };
  staffEmail: string;
  otherStaffEmail: string;
  /** Creates an event (published, in Prato at Coiano, 30 seats, in 7 days at 18:00 unless told). */
  event(input?: Record<string, unknown>): Promise<string>;
}

/** Prato (with Arci as a partner) and Crema, their venues and a staff member each. */
export async function catalogueWorld(t: TestApp): Promise<CatalogueWorld> {
  const deps = t.app.deps;
  const db = t.db;
  const prato = (await createOrganisation(db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const crema = (await createOrganisation(db, { name: 'Consorzio.it', type: 'consorzio', municipality: '019035' })).id;
  const arci = (await createOrganisation(db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
  await createAgreement(db, prato, { title: 'Protocollo Agenda Digitale', partners: [arci], start: '2026-01-01' });
  // Arci signs the protocol in Ponte: its venues open to Prato.
  for (const p of await listPartnerships(db, arci)) await answerPartnership(db, p.id, arci, 'accept', null);
  const coiano = (
    await createVenue(db, prato, {
      name: 'Circolo di Coiano',
      address: 'Via di Coiano 12',
      municipality: '100005',
      capacity: 60,
      stepFree: true,
      latitude: 43.8916,
      longitude: 11.0797,
      accessibility: 'Bagno accessibile.',
    })
  ).id;
  const cremaVenue = (
    await createVenue(db, crema, { name: 'Sala Ricevimenti', address: 'Piazza Duomo 25', municipality: '019035', stepFree: true })
  ).id;
  const arciVenue = (
    await createVenue(db, arci, { name: 'Casa del Popolo di Galciana', address: 'Piazza di Galciana 5', municipality: '100005' })
  ).id;
  const staffEmail = `staff.${prato.slice(-6)}@prato.example`;
  const otherStaffEmail = `staff.${crema.slice(-6)}@crema.example`;
  await createUser(db, { email: staffEmail, name: 'Giulia Staff', role: 'staff', organisation: prato, password: PASSWORD });
  await createUser(db, { email: otherStaffEmail, name: 'Marco Crema', role: 'staff', organisation: crema, password: PASSWORD });
  const event = async (input: Record<string, unknown> = {}) => {
    const start = romeAt(7, '18:00');
    const { id } = await svc.createEvent(deps, null, {
      organisation: prato,
      title: 'Incontro di prova',
      type: 'incontro',
      format: 'in_presenza',
      venue: coiano,
      capacity: 30,
      maxSeatsPerBooking: 4,
      bookingRequired: true,
      status: 'published',
      audiences: ['tutti'],
      topics: ['spid'],
      sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3600_000).toISOString() }],
      ...input,
    });
    return id;
  };
  return { deps, prato, crema, arci, venues: { coiano, crema: cremaVenue, arci: arciVenue }, staffEmail, otherStaffEmail, event };
}

/** One session from `days` ahead at `time`, lasting `hours`. */
export function session(days: number, time = '18:00', hours = 2): { start: string; end: string } {
  const start = romeAt(days, time);
  return { start, end: new Date(Date.parse(start) + hours * 3600_000).toISOString() };
}
