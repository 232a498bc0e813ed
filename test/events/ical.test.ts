import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateOrganisation } from '../../src/modules/organisations/service.js';
import { DIALECTS } from '../helpers.js';
import { readCalendar } from '../ical.js';
import { bookVia, drain, type World, world } from './booking-fixtures.js';

/** Long, accented and with emoji: a line of it is longer in octets than in characters. */
const TITLE = 'Città più sicura: è già l’ora di attivare SPID e CIE 📱🔐 — incontro per tutte le età, perché è facile! 🙂👍🏽';

const icsOf = (mail: ParsedMail) => mail.attachments.find((a) => a.filename === 'evento.ics');

describe.each(DIALECTS)('calendar files of events and bookings, read by ical.js (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
    await updateOrganisation(w.t.db, w.prato, { email: 'eventi@comune.prato.it' });
  });
  afterAll(() => w.close());
  beforeEach(() => w.smtp.clear());

  const served = async (url: string) => {
    const res = await w.t.app.inject({ url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    return readCalendar(res.body);
  };

  it('gives the public file one PRODID, the organisation as ORGANIZER, and a SEQUENCE that rises with each change', async () => {
    const id = await w.event({ title: TITLE });
    const first = await served(`/eventi/${id}.ics`);
    expect(first.prodids).toBe(1);
    expect(first.method).toBe('PUBLISH');
    expect(first.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({
      uid: `${id}-1@ponte`,
      summary: TITLE,
      status: 'CONFIRMED',
      organizer: { address: 'mailto:eventi@comune.prato.it', cn: 'Comune di Prato' },
    });
    const seq0 = first.events[0].sequence ?? 0;
    expect((await w.staff('PATCH', `/api/v1/events/${id}`, { title: `${TITLE} (nuova sala)` })).statusCode).toBe(200);
    const second = await served(`/eventi/${id}.ics`);
    expect(second.events[0].sequence).toBe(seq0 + 1);
    expect(second.events[0].summary).toBe(`${TITLE} (nuova sala)`);
    expect((await w.staff('PATCH', `/api/v1/events/${id}`, { capacity: 12 })).statusCode).toBe(200);
    expect((await served(`/eventi/${id}.ics`)).events[0].sequence).toBe(seq0 + 2);
    const feed = await served(`/calendario/organizzazioni/${w.prato}.ics`);
    expect(feed.prodids).toBe(1);
    const inFeed = feed.events.find((e) => e.uid === `${id}-1@ponte`);
    expect(inFeed).toMatchObject({ sequence: seq0 + 2, organizer: { address: 'mailto:eventi@comune.prato.it' } });
  });

  it('attaches a CANCEL file to the cancellation e-mail: same UID, higher SEQUENCE, STATUS:CANCELLED', async () => {
    const id = await w.event({ title: TITLE });
    const booked = await bookVia(w.t, id, { name: 'Zoë Mußmann', email: 'zoe@example.org', seats: 1 });
    expect(booked.statusCode).toBe(201);
    const { id: regId, manageToken } = booked.json() as { id: string; manageToken: string };
    await drain(w.t);
    const confirm = w.smtp.to('zoe@example.org')[0];
    const attachment = icsOf(confirm);
    expect(attachment?.contentType).toMatch(/text\/calendar/);
    const published = readCalendar(attachment!.content.toString('utf8'));
    expect(published).toMatchObject({ method: 'PUBLISH', prodids: 1 });
    expect(published.events[0]).toMatchObject({ uid: `${id}-1@ponte`, status: 'CONFIRMED', summary: TITLE });
    const own = await served(`/prenotazioni/${regId}.ics?token=${encodeURIComponent(manageToken)}`);
    expect(own.events[0]).toMatchObject({ status: 'CONFIRMED', sequence: published.events[0].sequence });

    w.smtp.clear();
    const cancel = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${regId}?token=${encodeURIComponent(manageToken)}`,
    });
    expect(cancel.statusCode, cancel.body).toBeLessThan(300);
    await drain(w.t);
    const [cancelMail] = w.smtp.to('zoe@example.org');
    expect(cancelMail.subject).toMatch(/annullata/);
    const cancelFile = icsOf(cancelMail);
    expect(cancelFile, 'the cancellation carries its calendar file').toBeDefined();
    expect(cancelFile?.contentType).toMatch(/text\/calendar/);
    const cancelled = readCalendar(cancelFile!.content.toString('utf8'));
    expect(cancelled).toMatchObject({ method: 'CANCEL', prodids: 1 });
    expect(cancelled.events[0]).toMatchObject({
      uid: `${id}-1@ponte`,
      status: 'CANCELLED',
      organizer: { address: 'mailto:eventi@comune.prato.it' },
      attendees: ['mailto:zoe@example.org'],
    });
    expect(cancelled.events[0].sequence).toBeGreaterThan(published.events[0].sequence ?? 0);
    // The file served through the private link says the same.
    const servedAfter = await served(`/prenotazioni/${regId}.ics?token=${encodeURIComponent(manageToken)}`);
    expect(servedAfter.method).toBe('CANCEL');
    expect(servedAfter.events[0]).toMatchObject({ status: 'CANCELLED', sequence: cancelled.events[0].sequence });
  });

  it('never gives a place on the waiting list a CONFIRMED file', async () => {
    const id = await w.event({ capacity: 1 });
    await bookVia(w.t, id, { name: 'Primo', email: 'primo@example.org', seats: 1 });
    const waiting = await bookVia(w.t, id, { name: 'Secondo', email: 'secondo@example.org', seats: 1 });
    expect(waiting.json()).toMatchObject({ status: 'waitlisted' });
    await drain(w.t);
    const [mail] = w.smtp.to('secondo@example.org');
    expect(icsOf(mail)).toBeUndefined();
    const { id: regId, manageToken } = waiting.json() as { id: string; manageToken: string };
    const own = await served(`/prenotazioni/${regId}.ics?token=${encodeURIComponent(manageToken)}`);
    for (const e of own.events) expect(e.status).toBe('TENTATIVE');
    const api = await w.t.app.inject({ url: `/api/v1/registrations/${regId}/ics?token=${encodeURIComponent(manageToken)}` });
    expect(api.statusCode).toBe(200);
    for (const e of readCalendar(api.body).events) expect(e.status).toBe('TENTATIVE');
  });
});
