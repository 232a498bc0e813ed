import type { DemoIds } from '../../../core/module.js';
import type { Db } from '../../../db/index.js';
import { getEvent, organisationEvents } from '../../events/service.js';
import { listDesks } from '../setup/desks.js';
import { followEvent } from './service.js';

/**
 * Prato's SPID desk at every meeting: the club's desk where the next Agenda Digitale meeting is
 * held follows it, so besides its weekly afternoon it opens during the meeting.
 */
export async function seedDemoFollowingDesk(db: Db, ids: DemoIds): Promise<void> {
  const prato = ids.organisations.prato;
  if (!prato) return;
  const meetings = (await organisationEvents(db, prato)).upcoming.filter((e) => e.status === 'published' && e.format !== 'online');
  const desks = await listDesks(db, { organisation: prato });
  for (const meeting of meetings) {
    const venue = (await getEvent(db, meeting.id)).venue?.id;
    const desk = desks.find((d) => d.venue.id === venue);
    if (desk) {
      await followEvent(db, null, desk.id, { event: meeting.id, operators: 2 });
      return;
    }
  }
}
