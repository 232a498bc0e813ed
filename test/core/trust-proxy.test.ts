import { afterEach, describe, expect, it } from 'vitest';
import { bookVia, type World, world } from '../events/booking-fixtures.js';

/** Rate limits count per client address: a client must not be able to choose its own. */
describe('client address behind proxies', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  const burst = async (eventId: string) => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await bookVia(
        w!.t,
        eventId,
        { name: `Persona ${i}`, email: `p${i}.proxy@example.org`, seats: 1 },
        {
          'x-forwarded-for': `203.0.113.${i + 1}`,
        },
      );
      codes.push(res.statusCode);
    }
    return codes;
  };

  it('ignores X-Forwarded-For by default, so a made-up address does not reset the limit', async () => {
    w = await world('sqlite', { rateLimitMax: 2 });
    const codes = await burst(await w.event());
    expect(codes).toEqual([201, 201, 429, 429]);
  });

  it('reads the address from X-Forwarded-For when the proxy is trusted', async () => {
    w = await world('sqlite', { rateLimitMax: 2, trustProxy: true });
    const codes = await burst(await w.event());
    expect(codes).toEqual([201, 201, 201, 201]);
  });
});
