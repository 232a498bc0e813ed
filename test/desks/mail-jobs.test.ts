import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { DIALECTS } from '../helpers.js';
import { at, deliver, openDate, type World, world } from './fixtures.js';

/**
 * The job table never holds a citizen's address, name or private link: the desk's e-mails are
 * rendered when they leave, from the appointment as it is then. Nothing queued about an
 * appointment outlives the erasure of its personal data, and a reminder is never sent late.
 */
describe.each(DIALECTS)('help-desk e-mails through the job table (%s)', (dialect) => {
  let w: World;
  // Nothing listens on port 9: every delivery fails and is retried later, as with an SMTP outage.
  let down: World;
  beforeAll(async () => {
    w = await world(dialect);
    down = await world(dialect, { smtpUrl: 'smtp://127.0.0.1:9' });
  });
  afterAll(async () => {
    await w.close();
    await down.close();
  });
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  const book = (x: World, deskId: string, body: Record<string, unknown>) =>
    x.t.app.inject({ method: 'POST', url: `/api/v1/desks/${deskId}/appointments`, payload: body });

  const jobsAbout = (x: World, appointmentId: string) =>
    x.t.db.k.selectFrom('jobs').selectAll().where('payload', 'like', `%${appointmentId}%`).orderBy('run_at').execute();

  it('keeps no address, name or token in any job, while every e-mail still arrives', async () => {
    const deskId = await w.desk();
    const date = openDate(3);
    const res = await book(w, deskId, {
      service: 'spid',
      start: at(date, '09:30'),
      name: 'Gianna Secreti',
      email: 'gianna.secreti@example.org',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, manageToken } = res.json() as { id: string; manageToken: string };
    await deliver(w);
    expect((await w.staff('PATCH', `/api/v1/desk-appointments/${id}`, { start: at(date, '10:30') })).statusCode).toBe(200);
    await deliver(w);
    // The reminder the day before, then a cancellation by the desk.
    const remindAt = DateTime.fromISO(`${date}T09:00`, { zone: 'Europe/Rome' }).minus({ days: 1 }).toMillis();
    setClockOffset(remindAt - Date.now() + 60_000);
    await deliver(w);
    const cancelled = await w.staff('POST', `/api/v1/desk-appointments/${id}/cancel`, { reason: 'Operatore assente' });
    expect(cancelled.statusCode).toBe(204);
    await deliver(w);

    const subjects = w.smtp.to('gianna.secreti@example.org').map((m) => (m.subject ?? '').split(':')[0]);
    expect(subjects).toEqual(['Appuntamento confermato', 'Appuntamento spostato', 'Promemoria', 'Appuntamento annullato']);
    const cancelMail = w.smtp.to('gianna.secreti@example.org')[3];
    expect(cancelMail.text).toContain('Motivo: Operatore assente');
    expect(w.smtp.to('gianna.secreti@example.org')[0].text).toContain(`/appuntamenti/${id}?token=${manageToken}`);

    const rows = await w.t.db.k.selectFrom('jobs').select(['kind', 'payload']).execute();
    expect(rows.filter((r) => r.payload.includes(id)).length).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      for (const secret of ['gianna', 'Gianna', 'Secreti', 'example.org', manageToken, encodeURIComponent(manageToken)]) {
        expect(row.payload, `${row.kind} holds "${secret}"`).not.toContain(secret);
      }
    }
  });

  it('drops a reminder whose time has passed instead of sending it late', async () => {
    const deskId = await w.desk();
    const date = openDate(3);
    const res = await book(w, deskId, { service: 'spid', start: at(date, '11:00'), name: 'Luca', email: 'late@example.org' });
    const { id } = res.json() as { id: string };
    await deliver(w);
    w.smtp.clear();
    // The worker was down from before the reminder until after the appointment began.
    setClockOffset(DateTime.fromISO(`${date}T11:05`, { zone: 'Europe/Rome' }).toMillis() - Date.now());
    await deliver(w);
    expect(w.smtp.to('late@example.org')).toHaveLength(0);
    const reminder = (await jobsAbout(w, id)).find((j) => j.kind === 'desks.reminder');
    expect(reminder).toMatchObject({ status: 'done', last_error: null });
  });

  it('erases the jobs still queued about an appointment with its personal data', async () => {
    const deskId = await down.desk({ retentionDays: 1 });
    const date = openDate(3);
    const res = await book(down, deskId, { service: 'spid', start: at(date, '10:00'), name: 'Mara Ombra', email: 'mara@example.org' });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    // The confirmation cannot leave (the mail server is down): it waits in the table to be retried.
    await deliver(down);
    const waiting = (await jobsAbout(down, id)).filter((j) => j.status === 'pending').map((j) => j.kind);
    expect(waiting).toEqual(expect.arrayContaining(['desks.mail', 'desks.reminder', 'desks.anonymise']));
    // Past the retention period the worker runs again: the data is erased, and so is every job
    // that was still waiting to write to that person.
    setClockOffset(DateTime.fromISO(`${date}T12:00`, { zone: 'Europe/Rome' }).plus({ days: 2 }).toMillis() - Date.now());
    await deliver(down);
    const row = await down.t.db.k.selectFrom('desk_appointments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: null, email: null, phone: null });
    expect(row.anonymised_at).not.toBeNull();
    const left = await jobsAbout(down, id);
    expect(left.filter((j) => j.status === 'pending')).toEqual([]);
    // A mail job already claimed by a worker when the erasure committed is not deleted: it runs,
    // finds no one and ends done (a send would have failed, the mail server being down).
    for (const j of left.filter((x) => x.kind === 'desks.mail')) expect(j.status).toBe('done');
  });

  it('sends nothing for a job that runs after the erasure: it finds no one to write to', async () => {
    const deskId = await w.desk({ retentionDays: 1 });
    const date = openDate(3);
    const { id } = (await book(w, deskId, { service: 'spid', start: at(date, '09:00'), name: 'Nina', email: 'nina@example.org' })).json();
    await deliver(w);
    w.smtp.clear();
    setClockOffset(DateTime.fromISO(`${date}T12:00`, { zone: 'Europe/Rome' }).plus({ days: 2 }).toMillis() - Date.now());
    await deliver(w);
    // A job about the appointment that runs once its data is gone (one running while the erasure
    // committed, say) renders nothing.
    const row = await w.t.db.k.selectFrom('desk_appointments').select(['anonymised_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.anonymised_at).not.toBeNull();
    await w.t.app.deps.jobs.enqueue(w.t.db.k, 'desks.mail', { appointmentId: id, mail: 'confirmed' });
    await deliver(w);
    expect(w.smtp.messages).toHaveLength(0);
    const jobs = await jobsAbout(w, id);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
  });
});
