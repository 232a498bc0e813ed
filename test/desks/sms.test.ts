import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsLength } from '../../src/core/sms-text.js';
import { setClockOffset } from '../../src/core/time.js';
import { DIALECTS } from '../helpers.js';
import { smsWorld } from '../sms-world.js';
import { at, deliver, openDate, type World, world } from './fixtures.js';

/**
 * Appointments made with a phone and no e-mail are told by SMS (read back from a real SMPP
 * server): confirmed with the appointment's code, moved, the reminder, cancelled by the desk.
 */
describe.each(DIALECTS)('SMS about desk appointments made by phone (%s)', (dialect) => {
  const s = smsWorld();
  let w: World;
  beforeAll(async () => {
    w = await world(dialect, { sms: s.sms });
  });
  afterAll(() => w.close());
  afterEach(() => w.smtp.clear());

  const book = (deskId: string, body: Record<string, unknown>) =>
    w.t.app.inject({ method: 'POST', url: `/api/v1/desks/${deskId}/appointments`, payload: body });

  it('confirms, moves, reminds and cancels by SMS with the code, and gives the code unambiguous letters', async () => {
    const deskId = await w.desk();
    const date = openDate(3);
    const res = await book(deskId, { service: 'spid', start: at(date, '09:30'), name: 'Gino Telefono', phone: '333 222 1111' });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    const { code } = await w.t.db.k.selectFrom('desk_appointments').select('code').where('id', '=', id).executeTakeFirstOrThrow();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await deliver(w);
    expect((await w.staff('PATCH', `/api/v1/desk-appointments/${id}`, { start: at(date, '10:30') })).statusCode).toBe(200);
    await deliver(w);
    const remindAt = DateTime.fromISO(`${date}T09:00`, { zone: 'Europe/Rome' }).minus({ days: 1 }).toMillis();
    setClockOffset(remindAt - Date.now() + 60_000);
    await deliver(w);
    expect((await w.staff('POST', `/api/v1/desk-appointments/${id}/cancel`, { reason: 'Operatore assente' })).statusCode).toBe(204);
    await deliver(w);
    const texts = s.smsc.to('+393332221111').map((m) => m.text);
    expect(texts.map((t) => t.split(':')[0])).toEqual(['Appuntamento', 'Appuntamento spostato', 'Promemoria', 'Appuntamento annullato']);
    for (const t of texts) {
      expect(t).toContain(code as string);
      expect(smsLength(t).segments).toBe(1);
    }
    expect(texts[1]).toContain('ora ');
  });

  it('sends no SMS for an appointment with an e-mail', async () => {
    const deskId = await w.desk();
    const res = await book(deskId, {
      service: 'spid',
      start: at(openDate(4), '09:30'),
      name: 'Ada',
      email: 'ada.desk@example.org',
      phone: '333 444 5555',
    });
    expect(res.statusCode, res.body).toBe(201);
    await deliver(w);
    expect(s.smsc.messages).toEqual([]);
    expect(w.smtp.to('ada.desk@example.org')).toHaveLength(1);
  });
});
