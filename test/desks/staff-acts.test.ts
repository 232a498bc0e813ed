import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as desks from '../../src/modules/desks/service.js';
import { updateOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { at, openDate, PASSWORD, type World, world } from './fixtures.js';

describe.each(DIALECTS)('staff act on a desk appointment for a person (%s)', (dialect) => {
  let w: World;
  let staff: Browser;
  let outsider: Browser;
  let desk: string;
  const date = openDate(3);

  beforeAll(async () => {
    w = await world(dialect);
    staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', PASSWORD);
    outsider = new Browser(w.t.app);
    await outsider.signIn('staff@firenze.example', PASSWORD);
    desk = await w.desk();
  });
  afterAll(async () => w?.close());

  const book = async (time: string, who: Record<string, unknown>) =>
    (await desks.bookAppointment(w.t.app.deps, desk, { service: 'spid', start: at(date, time), ...who })).appointment.id;
  const row = (id: string) => w.t.db.k.selectFrom('desk_appointments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const entries = (id: string) => w.t.db.k.selectFrom('phone_callbacks').selectAll().where('subject_id', '=', id).execute();
  const audits = (id: string) => w.t.db.k.selectFrom('audit_log').select(['action', 'user_id']).where('entity_id', '=', id).execute();

  it('staff cancel a phone-only appointment: audited, and the person appears on the day page to call, then is ticked off', async () => {
    const id = await book('09:00', { name: 'Olga Fisso', phone: '0574 777888' });
    const day = `/admin/desks/${desk}/giornata?data=${date}`;
    const res = await staff.post(`/admin/desk-appointments/${id}/annulla`, { reason: 'Operatore assente' }, { from: day });
    expect(res.statusCode).toBe(303);
    expect((await row(id)).status).toBe('cancelled');
    expect(await audits(id)).toEqual([{ action: 'cancel', user_id: w.staffUserId }]);
    const [entry] = await entries(id);
    expect(entry).toMatchObject({ subject_kind: 'appointment', scope_id: desk, reason: 'cancelled', organisation_id: w.prato });

    const page = await staff.get(day);
    expect(page.body).toContain('Persone da avvisare per telefono: 1');
    expect(page.body).toContain('Olga Fisso');
    expect(page.body).toContain('La prenotazione è stata annullata');
    const tick = await staff.post(
      `/admin/phone-callbacks/${entry.id}/fatto`,
      { back: `/admin/desks/${desk}/giornata?data=${date}` },
      { from: day },
    );
    expect(tick.headers.location).toBe(`/admin/desks/${desk}/giornata?data=${date}&avvisata=1`);
    const after = await staff.get(tick.headers.location as string);
    expect(after.body).toContain('Segnata come avvisata.');
    expect(after.body).not.toContain('Persone da avvisare per telefono');
  });

  it('staff move a phone-only appointment to another free slot: audited, listed to call; someone with an e-mail is not listed', async () => {
    const id = await book('10:00', { name: 'Pia Fisso', phone: '0574 888999' });
    const res = await staff.post(`/admin/desk-appointments/${id}/sposta`, { start: at(date, '11:00') }, { from: '/admin' });
    expect(res.statusCode).toBe(303);
    expect((await row(id)).start_at).toBe(new Date(at(date, '11:00')).toISOString());
    expect((await audits(id)).map((a) => a.action)).toEqual(['move']);
    expect((await entries(id)).map((e) => e.reason)).toEqual(['moved']);

    const mailed = await book('10:30', { name: 'Rosa Posta', email: 'rosa@example.org' });
    await staff.post(`/admin/desk-appointments/${mailed}/sposta`, { start: at(date, '11:30') }, { from: '/admin' });
    expect(await entries(mailed)).toHaveLength(0);
  });

  it('a move to a taken slot is refused and nothing is written; another organisation cannot act', async () => {
    const a = await book('12:00', { name: 'Sara Fisso', phone: '0574 999000' });
    const b = await book('09:30', { name: 'Tea Posta', email: 'tea@example.org' });
    const refused = await staff.post(`/admin/desk-appointments/${a}/sposta`, { start: at(date, '09:30') }, { from: '/admin' });
    expect(refused.statusCode).toBe(409);
    expect((await row(a)).start_at).toBe(new Date(at(date, '12:00')).toISOString());
    expect(await entries(a)).toHaveLength(0);
    expect(await audits(a)).toHaveLength(0);
    const foreign = await outsider.post(`/admin/desk-appointments/${b}/annulla`, {}, { from: '/admin' });
    expect(foreign.statusCode).toBe(403);
    expect((await row(b)).status).toBe('booked');
  });

  it("the organisation's phone is on the desk page", async () => {
    await updateOrganisation(w.t.db, w.prato, { phone: '+39 0574 1836' });
    const page = await w.t.app.inject({ method: 'GET', url: `/sportelli/${desk}` });
    expect(page.body).toContain('Per informazioni: <a href="tel:+3905741836">+39 0574 1836</a>');
  });
  it("the entries go with the appointment's personal data, erased after the desk's retention period", async () => {
    const id = await book('10:00', { name: 'Ugo Fisso', phone: '0574 121212' });
    await staff.post(`/admin/desk-appointments/${id}/annulla`, {}, { from: '/admin' });
    expect(await entries(id)).toHaveLength(1);
    setClockOffset(200 * 86_400_000);
    try {
      for (let i = 0; i < 10 && (await w.t.app.deps.jobs.runDue()) > 0; i++);
    } finally {
      setClockOffset(0);
    }
    expect((await row(id)).phone).toBeNull();
    expect(await entries(id)).toHaveLength(0);
  });
});
