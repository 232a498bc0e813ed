import type { Deps } from '../../src/core/deps.js';
import type { EventCreateInput } from '../../src/modules/events/schemas.js';
import * as events from '../../src/modules/events/service.js';
import type { BenchContext } from '../types.js';

/**
 * A published two-hour meeting at Prato's Coiano club, `daysAhead` days from now, through the
 * events service; what a figure changes is passed in `more`. Returns its id.
 */
export async function meetingAtCoiano(
  ctx: BenchContext,
  daysAhead: number,
  more: Partial<EventCreateInput> & Pick<EventCreateInput, 'title' | 'capacity' | 'maxSeatsPerBooking'>,
): Promise<string> {
  const start = new Date(Date.now() + daysAhead * 86_400_000);
  const { id } = await events.createEvent({ db: ctx.db } as Deps, null, {
    organisation: ctx.demo.organisations.prato,
    type: 'incontro',
    format: 'in_presenza',
    venue: ctx.demo.venues.coiano,
    status: 'published',
    audiences: ['tutti'],
    topics: ['spid'],
    sessions: [{ start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() }],
    ...more,
  });
  return id;
}
