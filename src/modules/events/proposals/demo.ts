import { DateTime } from 'luxon';
import type { Principal } from '../../../core/auth.js';
import type { DemoIds } from '../../../core/module.js';
import { now, ZONE } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import { decide, propose } from './service.js';

/**
 * Prato's partner clubs propose events to the Agenda Digitale: Arci's evening on app IO at the
 * Coiano club, already approved into the catalogue, and Acli's pagoPA workshop at Galciana, waiting
 * for the Comune's staff.
 */
export async function seedDemoProposals(db: Db, ids: DemoIds): Promise<void> {
  const { arci, acli, prato } = ids.organisations;
  const programme = ids.programmes?.prato;
  if (!arci || !acli || !prato || !programme || !ids.venues.coiano || !ids.venues.galciana) return;
  // The demo writes in each club's name, as its partner account would.
  const as = (organisationId: string): Principal => ({
    userId: 'demo',
    email: 'demo@ponte.example',
    name: 'Demo',
    memberships: [{ organisationId, role: 'partner' }],
    isPlatformAdmin: false,
    via: 'session',
  });
  const evening = (days: number) => {
    const start = DateTime.fromJSDate(now(), { zone: ZONE }).startOf('day').plus({ days }).set({ hour: 21 });
    return { start: start.toUTC().toISO() as string, end: start.plus({ hours: 2 }).toUTC().toISO() as string };
  };
  const approved = await propose({ db }, as(arci), {
    partner: arci,
    programme,
    venue: ids.venues.coiano,
    title: 'App IO: i servizi del Comune sul telefono',
    description:
      'Una serata al circolo per installare app IO e ricevere avvisi e pagamenti del Comune. Portate il telefono e le credenziali SPID.',
    audiences: ['tutti', 'anziani'],
    sessions: [evening(16)],
    capacity: 35,
  });
  await decide({ db }, null, approved.id, 'approve', null);
  await propose({ db }, as(acli), {
    partner: acli,
    programme,
    venue: ids.venues.galciana,
    title: 'pagoPA senza code: laboratorio',
    description: 'Come pagare tasse, mense e multe con pagoPA, passo per passo.',
    audiences: ['tutti'],
    sessions: [evening(23), evening(30)],
    capacity: 25,
  });
}
