import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { Browser, DIALECTS } from '../helpers.js';
import { inHours, type VolunteerWorld, volunteerWorld } from './world.js';

describe.each(DIALECTS)('shifts and sign-ups (%s)', (dialect) => {
  let w: VolunteerWorld;
  let ada: Awaited<ReturnType<VolunteerWorld['volunteer']>>;
  let bea: Awaited<ReturnType<VolunteerWorld['volunteer']>>;
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    ada = await w.volunteer('ada@example.org', ['smartphone', 'spid-cie']);
    bea = await w.volunteer('bea@example.org', ['smartphone']);
  });
  afterAll(async () => {
    setClockOffset(0);
    await w?.close();
  });

  const signups = (shift: string) => w.t.db.k.selectFrom('shift_signups').selectAll().where('shift_id', '=', shift).execute();

  it('staff publish a shift (201); another organisation may not publish for Prato', async () => {
    const res = await w.staff('POST', '/api/v1/shifts', {
      organisation: w.prato,
      title: 'Punto digitale',
      start: inHours(50),
      end: inHours(53),
      needed: 3,
      skills: ['smartphone'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: 'Punto digitale', needed: 3, taken: 0, skills: ['smartphone'] });
    const outsider = await w.outsider('POST', '/api/v1/shifts', {
      organisation: w.prato,
      title: 'X',
      start: inHours(50),
      end: inHours(51),
      needed: 1,
    });
    expect(outsider.statusCode).toBe(403);
    const backwards = await w.staff('POST', '/api/v1/shifts', {
      organisation: w.prato,
      title: 'X',
      start: inHours(51),
      end: inHours(50),
      needed: 1,
    });
    expect(backwards.statusCode).toBe(422);
  });

  it('a volunteer sees the open shifts matching their skills, signs up (201), and withdraws (204)', async () => {
    const spid = await w.shift({ title: 'SPID in biblioteca', skills: ['spid-cie'] }, 100);
    const mine = await ada.client('GET', '/api/v1/me/shifts');
    expect(mine.json().open.map((s: { id: string }) => s.id)).toContain(spid);
    const beas = await bea.client('GET', '/api/v1/me/shifts');
    expect(beas.json().open.map((s: { id: string }) => s.id)).not.toContain(spid);
    const res = await ada.client('POST', `/api/v1/shifts/${spid}/signups`);
    expect(res.statusCode).toBe(201);
    expect(await signups(spid)).toHaveLength(1);
    const page = await ada.client('GET', '/api/v1/me/shifts');
    expect(page.json().signedUp.map((s: { id: string }) => s.id)).toEqual([spid]);
    expect((await ada.client('DELETE', `/api/v1/shifts/${spid}/signups`)).statusCode).toBe(204);
    expect(await signups(spid)).toHaveLength(0);
  });

  it('refuses a missing skill (422), a second sign-up and an overlapping shift (409), a full shift (409); nothing written', async () => {
    const spid = await w.shift({ skills: ['spid-cie'] }, 200);
    const missing = await bea.client('POST', `/api/v1/shifts/${spid}/signups`);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toContain('SPID e CIE');
    expect(await signups(spid)).toHaveLength(0);

    expect((await ada.client('POST', `/api/v1/shifts/${spid}/signups`)).statusCode).toBe(201);
    const twice = await ada.client('POST', `/api/v1/shifts/${spid}/signups`);
    expect(twice.statusCode).toBe(409);
    const overlapping = await w.shift({ skills: [], title: 'Sovrapposto' }, 201);
    const over = await ada.client('POST', `/api/v1/shifts/${overlapping}/signups`);
    expect(over.statusCode).toBe(409);
    expect(over.json().detail).toContain('stesso orario');
    expect(await signups(overlapping)).toHaveLength(0);

    const single = await w.shift({ skills: [], needed: 1 }, 300);
    expect((await bea.client('POST', `/api/v1/shifts/${single}/signups`)).statusCode).toBe(201);
    const full = await ada.client('POST', `/api/v1/shifts/${single}/signups`);
    expect(full.statusCode).toBe(409);
    expect(full.json().detail).toContain('al completo');
    expect(await signups(single)).toHaveLength(1);
  });

  it('closes sign-ups and withdrawals 24 hours before the start (422)', async () => {
    const soon = await w.shift({ skills: [] }, 10);
    const late = await ada.client('POST', `/api/v1/shifts/${soon}/signups`);
    expect(late.statusCode).toBe(422);
    expect(late.json().detail).toContain('24 ore');
    const later = await w.shift({ skills: [] }, 30);
    expect((await ada.client('POST', `/api/v1/shifts/${later}/signups`)).statusCode).toBe(201);
    setClockOffset(8 * 3_600_000);
    try {
      expect((await ada.client('DELETE', `/api/v1/shifts/${later}/signups`)).statusCode).toBe(422);
    } finally {
      setClockOffset(0);
    }
    expect(await signups(later)).toHaveLength(1);
  });

  it("a non-volunteer cannot sign up; staff mark attendance, another organisation's staff cannot", async () => {
    const shift = await w.shift({ skills: [] }, 400);
    expect((await w.staff('POST', `/api/v1/shifts/${shift}/signups`)).statusCode).toBe(403);
    const signed = await bea.client('POST', `/api/v1/shifts/${shift}/signups`);
    const signup = signed.json().id as string;
    expect((await w.outsider('POST', `/api/v1/shifts/${shift}/attendance`, { signup, present: true })).statusCode).toBe(403);
    expect((await w.staff('POST', `/api/v1/shifts/${shift}/attendance`, { signup, present: true })).statusCode).toBe(204);
    const list = await w.staff('GET', `/api/v1/shifts/${shift}/signups`);
    expect(list.json().items).toEqual([expect.objectContaining({ id: signup, userId: bea.userId, attended: true })]);
  });
  it('e-mails a reminder the day before, and none to a volunteer who withdrew', async () => {
    const kept = await w.shift({ skills: [], title: 'Turno da ricordare' }, 500);
    const dropped = await w.shift({ skills: [], title: 'Turno lasciato' }, 600);
    expect((await ada.client('POST', `/api/v1/shifts/${kept}/signups`)).statusCode).toBe(201);
    expect((await bea.client('POST', `/api/v1/shifts/${dropped}/signups`)).statusCode).toBe(201);
    expect((await bea.client('DELETE', `/api/v1/shifts/${dropped}/signups`)).statusCode).toBe(204);
    // What is due now (the accounts' invitations) leaves first; no reminder is due yet.
    await w.runJobs();
    expect(w.smtp.messages.filter((m) => m.subject?.includes('Turno da ricordare'))).toHaveLength(0);
    w.smtp.clear();
    setClockOffset(600 * 3_600_000);
    try {
      await w.runJobs();
    } finally {
      setClockOffset(0);
    }
    const [mail] = w.smtp.to('ada@example.org').filter((m) => m.subject?.includes('Turno da ricordare'));
    expect(mail.subject).toBe('Promemoria: il tuo turno «Turno da ricordare»');
    expect(mail.text).toContain('http://ponte.test/turni');
    expect(w.smtp.to('bea@example.org').filter((m) => m.subject?.includes('Turno lasciato'))).toHaveLength(0);
  });
  it('staff publish a shift from the back office (Rome time), see who signed up and mark them present', async () => {
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const list = `/admin/organisations/${w.prato}/turni`;
    const before = await w.t.db.k.selectFrom('shifts').select('id').execute();
    const bad = await staff.post(list, { title: 'Senza orario', date: '2030-03-02', from: '', to: '12:00', needed: '2' }, { from: list });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('data e ora non valide');
    expect(await w.t.db.k.selectFrom('shifts').select('id').execute()).toHaveLength(before.length);
    const ok = await staff.post(
      list,
      { title: 'Punto digitale al mercato', date: '2030-03-02', from: '09:00', to: '12:00', needed: '2', skills: 'smartphone' },
      { from: list },
    );
    expect(ok.statusCode).toBe(303);
    const row = await w.t.db.k.selectFrom('shifts').selectAll().where('title', '=', 'Punto digitale al mercato').executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      starts_at: '2030-03-02T08:00:00.000Z',
      ends_at: '2030-03-02T11:00:00.000Z',
      needed: 2,
      organisation_id: w.prato,
    });
    expect((await staff.get(list)).body).toContain('Punto digitale al mercato');
    const signed = await bea.client('POST', `/api/v1/shifts/${row.id}/signups`);
    expect(signed.statusCode).toBe(201);
    const page = await staff.get(`/admin/shifts/${row.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Giulia Neri');
    const marked = await staff.post(
      `/admin/shifts/${row.id}/presenze`,
      { signup: signed.json().id, present: '1' },
      { from: `/admin/shifts/${row.id}` },
    );
    expect(marked.statusCode).toBe(303);
    const signup = await w.t.db.k
      .selectFrom('shift_signups')
      .select('attended')
      .where('id', '=', signed.json().id)
      .executeTakeFirstOrThrow();
    expect(signup.attended).toBe(1);
    const csv = await w.staff('GET', `/api/v1/organisations/${w.prato}/volunteer-hours.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"Volontario";"Turni svolti";"Ore"');
    // Every shift of this file lasts 3 hours: the hours are 3 for each shift attended.
    const [, shifts, hours] = /"Giulia Neri";"(\d+)";"(\d+)"/.exec(csv.body) ?? [];
    expect(Number(shifts)).toBeGreaterThanOrEqual(1);
    expect(Number(hours)).toBe(3 * Number(shifts));
    expect((await w.outsider('GET', `/api/v1/organisations/${w.prato}/volunteer-hours.csv`)).statusCode).toBe(403);
    const outsider = new Browser(w.t.app);
    await outsider.signIn('staff@firenze.example', 'una-password-lunga');
    expect((await outsider.get(`/admin/shifts/${row.id}`)).statusCode).toBe(403);
  });
});
