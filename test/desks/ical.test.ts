import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateOrganisation } from '../../src/modules/organisations/service.js';
import { DIALECTS } from '../helpers.js';
import { readCalendar } from '../ical.js';
import { at, deliver, openDate, type World, world } from './fixtures.js';

const icsOf = (mail: ParsedMail) => mail.attachments.find((a) => a.filename === 'appuntamento.ics');

describe.each(DIALECTS)('calendar files of desk appointments, read by ical.js (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
    await updateOrganisation(w.t.db, w.prato, { email: 'sportelli@comune.prato.it' });
  });
  afterAll(() => w.close());

  it('raises SEQUENCE with each change and cancels with METHOD:CANCEL, in the e-mails and through the private link', async () => {
    const deskId = await w.desk({ name: 'Sportello “Facile” di Coiano – SPID, CIE e servizi comunali 📱 per tutte le età' });
    const date = openDate(3);
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start: at(date, '09:30'), name: 'Zoë Mußmann', email: 'zoe.desk@example.org' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, manageToken } = res.json() as { id: string; manageToken: string };
    const servedFile = async () => {
      const r = await w.t.app.inject({ url: `/appuntamenti/${id}/calendario.ics?token=${encodeURIComponent(manageToken)}` });
      expect(r.statusCode).toBe(200);
      return readCalendar(r.body);
    };
    await deliver(w);
    const confirmed = readCalendar(icsOf(w.smtp.to('zoe.desk@example.org')[0])!.content.toString('utf8'));
    expect(confirmed).toMatchObject({ method: 'PUBLISH', prodids: 1 });
    expect(confirmed.events[0]).toMatchObject({
      uid: `desk-appointment-${id}@ponte`,
      status: 'CONFIRMED',
      organizer: { address: 'mailto:sportelli@comune.prato.it', cn: 'Comune di Prato' },
    });
    const seq0 = confirmed.events[0].sequence ?? 0;
    expect((await servedFile()).events[0].sequence).toBe(seq0);

    w.smtp.clear();
    expect((await w.staff('PATCH', `/api/v1/desk-appointments/${id}`, { start: at(date, '10:30') })).statusCode).toBe(200);
    await deliver(w);
    const moved = readCalendar(icsOf(w.smtp.to('zoe.desk@example.org')[0])!.content.toString('utf8'));
    expect(moved.events[0]).toMatchObject({ uid: `desk-appointment-${id}@ponte`, status: 'CONFIRMED' });
    expect(moved.events[0].sequence).toBeGreaterThan(seq0);

    w.smtp.clear();
    const cancel = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/appointments/${id}?token=${encodeURIComponent(manageToken)}` });
    expect(cancel.statusCode).toBeLessThan(300);
    await deliver(w);
    const [mail] = w.smtp.to('zoe.desk@example.org');
    expect(mail.subject).toMatch(/^Appuntamento annullato/);
    expect(icsOf(mail)?.contentType).toMatch(/text\/calendar/);
    const cancelled = readCalendar(icsOf(mail)!.content.toString('utf8'));
    expect(cancelled).toMatchObject({ method: 'CANCEL', prodids: 1 });
    expect(cancelled.events[0]).toMatchObject({
      uid: `desk-appointment-${id}@ponte`,
      status: 'CANCELLED',
      organizer: { address: 'mailto:sportelli@comune.prato.it' },
      attendees: ['mailto:zoe.desk@example.org'],
    });
    expect(cancelled.events[0].sequence).toBeGreaterThan(moved.events[0].sequence ?? 0);
    const after = await servedFile();
    expect(after.method).toBe('CANCEL');
    expect(after.events[0]).toMatchObject({ status: 'CANCELLED', sequence: cancelled.events[0].sequence });
  });
});
