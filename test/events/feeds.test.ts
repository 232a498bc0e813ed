import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as svc from '../../src/modules/events/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { type CatalogueWorld, catalogueWorld, session } from './catalogue-fixtures.js';

interface VEvent {
  UID?: string;
  DTSTART?: string;
  DTEND?: string;
  SUMMARY?: string;
  STATUS?: string;
  URL?: string;
  LOCATION?: string;
  DESCRIPTION?: string;
}

/** A small RFC 5545 reader: unfolds lines and returns the VEVENTs' properties. */
function parseIcs(text: string): { calendar: Record<string, string>; events: VEvent[] } {
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
  const calendar: Record<string, string> = {};
  const events: VEvent[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current as VEvent);
      current = null;
    } else {
      const i = line.indexOf(':');
      const key = line.slice(0, i).split(';')[0];
      (current ?? calendar)[key] = line.slice(i + 1);
    }
  }
  return { calendar, events };
}

const icsInstant = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

describe.each(DIALECTS)('iCalendar feeds (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  const ids: Record<string, string> = {};
  const sessions = {
    meeting: session(3, '20:30'),
    course: [session(8, '17:00'), session(15, '17:00')],
    crema: session(4, '18:00'),
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { baseUrl: 'http://ponte.test' });
    w = await catalogueWorld(t);
    ids.meeting = await w.event({ title: 'Incontro; con, punteggiatura', description: 'Riga uno\nRiga due', sessions: [sessions.meeting] });
    ids.course = await w.event({
      title: 'Corso con Arci',
      type: 'corso',
      venue: w.venues.arci,
      partners: [w.arci],
      sessions: sessions.course,
    });
    ids.crema = await w.event({ organisation: w.crema, venue: w.venues.crema, title: 'Incontro a Crema', sessions: [sessions.crema] });
    ids.draft = await w.event({ title: 'Bozza', status: 'draft' });
    ids.cancelled = await w.event({ title: 'Annullato' });
    await svc.cancelEvent(w.deps, ids.cancelled, 'Motivi organizzativi');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("serves an organisation's feed: its events and those it hosts as a partner, one VEVENT per session", async () => {
    const res = await t.app.inject({ method: 'GET', url: `/calendario/organizzazioni/${w.prato}.ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const { calendar, events } = parseIcs(res.body);
    expect(calendar.VERSION).toBe('2.0');
    expect(calendar['X-WR-CALNAME']).toBe('Comune di Prato – eventi');
    expect(events.map((e) => e.UID)).toEqual([`${ids.meeting}-1@ponte`, `${ids.course}-1@ponte`, `${ids.course}-2@ponte`]);
    expect(events.map((e) => e.DTSTART)).toEqual([sessions.meeting, ...sessions.course].map((s) => icsInstant(s.start)));
    expect(events[0].DTEND).toBe(icsInstant(sessions.meeting.end));
    expect(events[0].SUMMARY).toBe('Incontro\\; con\\, punteggiatura');
    expect(events[0].URL).toBe(`http://ponte.test/eventi/${ids.meeting}`);
    expect(events[0].LOCATION).toContain('Circolo di Coiano');
    expect(events[0].DESCRIPTION).toContain('Riga uno\\nRiga due');
    expect(events[1].SUMMARY).toBe('Corso con Arci (1/2)');
    expect(events.every((e) => e.STATUS === 'CONFIRMED')).toBe(true);

    const partner = parseIcs((await t.app.inject({ method: 'GET', url: `/calendario/organizzazioni/${w.arci}.ics` })).body);
    expect(partner.events.map((e) => e.UID)).toEqual([`${ids.course}-1@ponte`, `${ids.course}-2@ponte`]);
  });

  it("serves a comune's feed by ISTAT code", async () => {
    const crema = parseIcs((await t.app.inject({ method: 'GET', url: '/calendario/comuni/019035.ics' })).body);
    expect(crema.events.map((e) => e.UID)).toEqual([`${ids.crema}-1@ponte`]);
    expect(crema.calendar['X-WR-CALNAME']).toBe('Eventi a Crema');
    const prato = parseIcs((await t.app.inject({ method: 'GET', url: '/calendario/comuni/100005.ics' })).body);
    expect(prato.events).toHaveLength(3);
    // A comune without events: an empty but valid calendar.
    const empty = await t.app.inject({ method: 'GET', url: '/calendario/comuni/001272.ics' });
    expect(empty.statusCode).toBe(200);
    expect(parseIcs(empty.body).events).toEqual([]);
  });

  it('answers 404 for unknown organisations and comuni', async () => {
    for (const url of [
      '/calendario/organizzazioni/00000000-0000-7000-8000-000000000000.ics',
      '/calendario/organizzazioni/prato.ics',
      '/calendario/comuni/999999.ics',
      '/calendario/comuni/Prato.ics',
    ]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('links the feed of the chosen comune from the catalogue', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/eventi?municipality=019035' });
    expect(res.body).toContain('href="/calendario/comuni/019035.ics"');
  });
});
