import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { at, openDate, type World, world } from './fixtures.js';

/** Public writes of the desks (holds, bookings, the booking forms) count against RATE_LIMIT_MAX. */
describe.each(DIALECTS)('desk public writes are rate limited (%s)', (dialect) => {
  let w: World;
  let deskId: string;
  beforeAll(async () => {
    w = await world(dialect, { rateLimitMax: 3 });
    deskId = await w.desk();
  });
  afterAll(() => w.close());

  it('answers 429 past RATE_LIMIT_MAX requests a minute, and books nothing more', async () => {
    const date = openDate(2);
    const statuses: number[] = [];
    for (const time of ['09:00', '09:30', '10:00', '10:30', '11:00']) {
      const res = await w.t.app.inject({
        method: 'POST',
        url: `/api/v1/desks/${deskId}/appointments`,
        payload: { service: 'spid', start: at(date, time), name: 'Anna Bianchi', phone: '3331234567' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect((await w.counts()).appointments).toBe(3);
    // Reading is not limited.
    expect((await w.t.app.inject({ url: `/api/v1/desks/${deskId}/slots?service=spid` })).statusCode).toBe(200);
  });
});
