import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { type World, world } from './booking-fixtures.js';
import { booking, clockAt, clockReset } from './checkin-fixtures.js';

/** The attendance page and the two CSV files: what a spreadsheet shows, the audit of personal data, erasure. */
describe.each(DIALECTS)('attendance and CSV (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => clockReset());

  const signedIn = async () => {
    const b = new Browser(w.t.app);
    await b.signIn('staff@prato.example', 'una-password-lunga');
    return b;
  };
  /** Cells of a CSV written by the export (every cell quoted, `;` between them). */
  const parse = (body: string) =>
    body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"(?:;|$)/g)].map((m) => m[1].replace(/""/g, '"')));

  it('shows booked, checked in, no-shows and walk-ins, and exports them for a spreadsheet', async () => {
    const id = await w.event({}, 2);
    const anna = await booking(w, id, { name: '=HYPERLINK("http://x.example","clic")', seats: 2, audience: 'anziani', ageBand: '75+' });
    await booking(w, id, { name: 'Bruno "il Rosso" Verdi', phone: '+39 333 1234567' });
    const start = (await w.t.db.k.selectFrom('events').select('starts_at').where('id', '=', id).executeTakeFirstOrThrow()).starts_at;
    clockAt(DateTime.fromISO(start).plus({ minutes: 20 }).toISO()!);
    expect((await w.staff('POST', `/api/v1/events/${id}/checkins`, { code: anna.ticketCode })).statusCode).toBe(201);
    expect((await w.staff('POST', `/api/v1/events/${id}/walk-ins`, { people: 4, name: 'Carla' })).statusCode).toBe(201);
    const staff = await signedIn();

    const page = await staff.get(`/admin/events/${id}/presenze`);
    expect(page.statusCode).toBe(200);
    const cells = [...page.body.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
    expect(cells).toEqual(['3 (2 prenotazioni)', '2 (1 prenotazione)', '1 (1 prenotazione)', '4', '6']);
    expect(page.body).toContain(`href="/admin/events/${id}/presenze.csv"`);

    const att = await staff.get(`/admin/events/${id}/presenze.csv`);
    expect(att.statusCode).toBe(200);
    expect(att.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(att.headers['content-disposition']).toBe(`attachment; filename="presenze-${id}.csv"`);
    expect(att.body.startsWith('\uFEFF')).toBe(true);
    const rows = parse(att.body);
    expect(rows[0]).toEqual([
      'incontro',
      'inizio',
      'fine',
      'prenotazioni_confermate',
      'posti_prenotati',
      'prenotazioni_entrate',
      'persone_entrate',
      'prenotazioni_assenti',
      'posti_assenti',
      'senza_prenotazione',
      'presenti_totali',
    ]);
    expect(rows[1].slice(3)).toEqual(['2', '3', '1', '2', '1', '1', '4', '6']);
    expect(rows[2][0]).toBe('totale evento');

    const auditBefore = await w.t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    const regs = await staff.get(`/admin/events/${id}/iscritti.csv`);
    expect(regs.statusCode).toBe(200);
    expect(regs.headers['cache-control']).toBe('private, no-store');
    const lines = regs.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0].split(';')).toHaveLength(12);
    const table = parse(regs.body);
    expect(table[0]).toEqual([
      'codice_biglietto',
      'stato',
      'posti',
      'nome',
      'email',
      'telefono',
      'destinatari',
      'fascia_eta',
      'canale',
      'prenotata_il',
      'annullata_il',
      'presenti',
    ]);
    const annaRow = table.find((r) => r[0] === anna.ticketCode)!;
    // A formula typed as a name is shown as text, never run by the spreadsheet.
    expect(annaRow.slice(1, 9)).toEqual([
      'Confermata',
      '2',
      `'=HYPERLINK("http://x.example","clic")`,
      annaRow[4],
      '',
      'Persone anziane',
      '75 anni e oltre',
      'api',
    ]);
    expect(annaRow[11]).toBe('2');
    const bruno = table.find((r) => r[3] === 'Bruno "il Rosso" Verdi')!;
    expect(bruno[5]).toBe("'+39 333 1234567");
    expect(bruno[11]).toBe('');
    const audit = await w.t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    expect(audit.length).toBe(auditBefore.length + 1);
    expect(audit.find((a) => !auditBefore.some((b) => b.id === a.id))).toMatchObject({
      action: 'view-registrations',
      organisation_id: w.prato,
      details: JSON.stringify({ via: 'csv' }),
    });
    expect(audit.at(-1)?.user_id).toBeTruthy();

    // After the retention period the export keeps the figures and loses the names and contacts.
    clockAt(DateTime.fromISO(start).plus({ days: 400 }).toISO()!);
    await events.anonymiseEvent(w.t.db, id);
    const later = await signedIn();
    const erased = parse((await later.get(`/admin/events/${id}/iscritti.csv`)).body);
    for (const r of erased.slice(1)) expect(r.slice(3, 6)).toEqual(['', '', '']);
    expect(erased.find((r) => r[0] === anna.ticketCode)?.[11]).toBe('2');
    const walkIn = await w.t.db.k
      .selectFrom('event_checkins')
      .select('name')
      .where('event_id', '=', id)
      .where('registration_id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(walkIn.name).toBeNull();
    expect(parse((await later.get(`/admin/events/${id}/presenze.csv`)).body)[1].slice(3)).toEqual(['2', '3', '1', '2', '1', '1', '4', '6']);
  });
});
