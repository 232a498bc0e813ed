import type { DemoIds } from '../../../core/module.js';
import type { Db } from '../../../db/index.js';
import { getEvent, organisationEvents } from '../../events/service.js';
import { DEFAULT_SERVICES } from '../schemas.js';
import { createDesk } from '../setup/desks.js';
import { followEvent } from './service.js';

/** Prato's SPID desk at every meeting: a desk that follows the next Agenda Digitale meeting in the clubs. */
export async function seedDemoFollowingDesk(db: Db, ids: DemoIds): Promise<void> {
  const prato = ids.organisations.prato;
  if (!prato) return;
  const meeting = (await organisationEvents(db, prato)).upcoming.find((e) => e.status === 'published' && e.format !== 'online');
  // The desk opens where the meeting is held.
  const venue = meeting ? (await getEvent(db, meeting.id)).venue?.id : undefined;
  if (!meeting || !venue) return;
  const spid = DEFAULT_SERVICES.find((s) => s.code === 'spid');
  if (!spid) return;
  const desk = await createDesk(db, {
    organisation: prato,
    venue,
    name: 'Sportello SPID',
    description: 'Durante l’incontro gli operatori del Comune attivano SPID: prenotate un appuntamento per non attendere.',
    services: [{ ...spid, bring: [...spid.bring] }],
    openingHours: [],
  });
  await followEvent(db, null, desk.id, { event: meeting.id, operators: 2 });
}
