import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

type Volunteer = Awaited<ReturnType<VolunteerWorld['volunteer']>>;

describe.each(DIALECTS)('training, pending sign-ups and messages (%s)', (dialect) => {
  let w: VolunteerWorld;
  let ada: Volunteer;
  let bea: Volunteer;
  let cora: Volunteer;
  const volunteerId = async (userId: string) =>
    (await w.t.db.k.selectFrom('volunteers').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow()).id;
  const signups = (shift: string) => w.t.db.k.selectFrom('shift_signups').selectAll().where('shift_id', '=', shift).execute();

  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    ada = await w.volunteer('ada@example.org', ['smartphone', 'spid-cie']);
    bea = await w.volunteer('bea@example.org', ['smartphone', 'spid-cie']);
    cora = await w.volunteer('cora@example.org', ['smartphone', 'spid-cie', 'coding']);
    await w.runJobs();
    w.smtp.clear();
  });
  afterAll(() => w?.close());

  it('a trainee joins only a shift an experienced volunteer is on; staff clear the flag', async () => {
    const bid = await volunteerId(bea.userId);
    const set = await w.staff('POST', `/api/v1/volunteers/${bid}/trainee`, { trainee: true });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ id: bid, trainee: true });
    const shift = await w.shift({}, 100);
    // The shift page tells the trainee no experienced volunteer is on it yet, and offers no sign-up.
    expect((await bea.client('GET', '/api/v1/me/shifts')).json().pairing[shift]).toBe('without');
    const before = await bea.client('GET', '/turni');
    expect(before.body).toContain('Non c’è ancora una volontaria o un volontario esperto');
    expect(before.body).not.toContain(`/turni/${shift}/iscrizione`);
    const alone = await bea.client('POST', `/api/v1/shifts/${shift}/signups`);
    expect(alone.statusCode).toBe(422);
    expect(alone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(alone.json().detail).toBe(
      'Sei ancora in affiancamento: puoi iscriverti a un turno solo quando c’è già una volontaria o un volontario esperto.',
    );
    expect(await signups(shift)).toHaveLength(0);
    // An experienced volunteer's page says nothing of pairing.
    expect((await ada.client('GET', '/api/v1/me/shifts')).json().pairing).toEqual({});
    expect((await ada.client('POST', `/api/v1/shifts/${shift}/signups`)).statusCode).toBe(201);
    const after = await bea.client('GET', '/turni');
    expect(after.body).toContain('C’è già una volontaria o un volontario esperto: puoi iscriverti in affiancamento.');
    expect(after.body).toContain(`/turni/${shift}/iscrizione`);
    expect((await bea.client('GET', '/api/v1/me/shifts')).json().pairing[shift]).toBe('with');
    expect((await bea.client('POST', `/api/v1/shifts/${shift}/signups`)).statusCode).toBe(201);
    expect(await signups(shift)).toHaveLength(2);
    const clear = await w.staff('POST', `/api/v1/volunteers/${bid}/trainee`, { trainee: false });
    expect(clear.json().trainee).toBe(false);
    const later = await w.shift({}, 200);
    expect((await bea.client('POST', `/api/v1/shifts/${later}/signups`)).statusCode).toBe(201);
  });

  it('after the no-shows limit a sign-up is pending, holds its place, and staff confirm or refuse it by e-mail', async () => {
    const cid = await volunteerId(cora.userId);
    for (const h of [300, 310]) {
      const s = await w.shift({}, h);
      const r = await cora.client('POST', `/api/v1/shifts/${s}/signups`);
      expect(r.json().status).toBe('confirmed');
      expect((await w.staff('POST', `/api/v1/shifts/${s}/attendance`, { signup: r.json().id, present: false })).statusCode).toBe(204);
    }
    const one = await w.shift({ needed: 1 }, 320);
    const pending = await cora.client('POST', `/api/v1/shifts/${one}/signups`);
    expect(pending.statusCode).toBe(201);
    expect(pending.json().status).toBe('pending');
    // The pending sign-up holds the only place.
    expect((await ada.client('POST', `/api/v1/shifts/${one}/signups`)).statusCode).toBe(409);
    const approved = await w.staff('POST', `/api/v1/shifts/${one}/decisions`, { signup: pending.json().id, approve: true });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toEqual({ id: pending.json().id, status: 'confirmed' });
    expect((await w.staff('POST', `/api/v1/shifts/${one}/decisions`, { signup: pending.json().id, approve: false })).statusCode).toBe(409);
    await w.runJobs();
    expect(w.smtp.to('cora@example.org').map((m) => m.subject)).toContain('Iscrizione approvata: «Sportello SPID in biblioteca»');

    const two = await w.shift({ needed: 1 }, 330);
    const again = await cora.client('POST', `/api/v1/shifts/${two}/signups`);
    const refused = await w.staff('POST', `/api/v1/shifts/${two}/decisions`, { signup: again.json().id, approve: false });
    expect(refused.json().status).toBe('refused');
    // A refused sign-up frees the place.
    expect((await ada.client('POST', `/api/v1/shifts/${two}/signups`)).statusCode).toBe(201);
    await w.runJobs();
    expect(w.smtp.to('cora@example.org').map((m) => m.subject)).toContain('Iscrizione non approvata: «Sportello SPID in biblioteca»');
    const profile = await w.staff('GET', `/api/v1/volunteers/${cid}`);
    expect(profile.json()).toMatchObject({ noShows: 2, trainee: false });
  });

  it("a programme's limit applies to its shifts; another organisation cannot set it; a bad limit is a 400", async () => {
    const programme = (
      await createProgramme(w.t.db, null, { organisation: w.prato, name: 'Volontari 2026', start: '2026-01-01', end: '2031-12-31' })
    ).id;
    expect((await w.outsider('PUT', `/api/v1/programmes/${programme}/volunteer-rules`, { noShowLimit: 5 })).statusCode).toBe(403);
    expect((await w.staff('PUT', `/api/v1/programmes/${programme}/volunteer-rules`, { noShowLimit: 0 })).statusCode).toBe(400);
    const ok = await w.staff('PUT', `/api/v1/programmes/${programme}/volunteer-rules`, { noShowLimit: 5 });
    expect(ok.json()).toEqual({ programme, noShowLimit: 5 });
    // Cora has two no-shows: under this programme's limit of 5 she is confirmed at once.
    const s = await w.shift({ programme }, 400);
    expect((await cora.client('POST', `/api/v1/shifts/${s}/signups`)).json().status).toBe('confirmed');
  });

  it('records an outside course; refuses a bad one naming the fields, with nothing written', async () => {
    const aid = await volunteerId(ada.userId);
    const ok = await w.staff('POST', `/api/v1/volunteers/${aid}/trainings`, {
      title: 'Corso SPID per facilitatori',
      date: '2026-02-10',
      hours: 4,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ title: 'Corso SPID per facilitatori', date: '2026-02-10', hours: 4, event: null });
    const bad = await w.staff('POST', `/api/v1/volunteers/${aid}/trainings`, { title: '', date: '2026-02-30' });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['date', 'hours', 'title']);
    const foreign = await w.staff('POST', `/api/v1/volunteers/${aid}/trainings`, { event: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('event');
    expect((await w.outsider('POST', `/api/v1/volunteers/${aid}/trainings`, { title: 'X', date: '2026-02-10', hours: 1 })).statusCode).toBe(
      403,
    );
    const rows = await w.t.db.k.selectFrom('volunteer_trainings').selectAll().where('volunteer_id', '=', aid).execute();
    expect(rows).toHaveLength(1);
    expect((await w.staff('GET', `/api/v1/volunteers/${aid}`)).json().trainings).toHaveLength(1);
  });

  it('staff see the volunteer page and add a course from it; the volunteer sees it on "I miei turni"', async () => {
    const bid = await volunteerId(bea.userId);
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const url = `/admin/volontari/${bid}`;
    const bad = await staff.post(`${url}/corsi`, { title: 'Laboratorio app IO', date: 'ieri', hours: '2' }, { from: url });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('data non valida: usa AAAA-MM-GG');
    const ok = await staff.post(`${url}/corsi`, { title: 'Laboratorio app IO', date: '2026-03-01', hours: '2,5' }, { from: url });
    expect(ok.statusCode).toBe(303);
    await staff.post(`${url}/affiancamento`, { trainee: '1' }, { from: url });
    const page = await staff.get(url);
    expect(page.body).toContain('Laboratorio app IO · 2026-03-01 · 2,5 ore');
    expect(page.body).toContain('In affiancamento');
    const turni = await bea.client('GET', '/turni');
    expect(turni.body).toContain('Sei in affiancamento');
    expect(turni.body).toContain('Laboratorio app IO');
    await staff.post(`${url}/affiancamento`, { trainee: '0' }, { from: url });
  });

  it('messages volunteers by skill or shift by e-mail, counting the recipients; a shift of another organisation is a 422', async () => {
    w.smtp.clear();
    const bySkill = await w.staff('POST', `/api/v1/organisations/${w.prato}/volunteer-messages`, {
      subject: 'Corso di coding',
      body: 'Sabato proviamo il Coder Dojo.',
      skill: 'coding',
    });
    expect(bySkill.statusCode, bySkill.body).toBe(200);
    expect(bySkill.json()).toMatchObject({ recipients: 1, email: 1, sms: 0 });
    await w.runJobs();
    expect(w.smtp.messages.filter((m) => m.subject === 'Corso di coding').map((m) => m.to)).toHaveLength(1);
    expect(w.smtp.to('cora@example.org').find((m) => m.subject === 'Corso di coding')?.text).toContain('Coder Dojo');

    const shift = await w.shift({}, 500);
    await ada.client('POST', `/api/v1/shifts/${shift}/signups`);
    const byShift = await w.staff('POST', `/api/v1/organisations/${w.prato}/volunteer-messages`, {
      subject: 'Cambio sala',
      body: 'Ci vediamo in sala 2.',
      shift,
    });
    expect(byShift.json().recipients).toBe(1);
    const foreign = await w.outsider('POST', `/api/v1/organisations/${w.firenze}/volunteer-messages`, { subject: 'X', body: 'Y', shift });
    expect(foreign.statusCode).toBe(422);
    expect((await w.outsider('POST', `/api/v1/organisations/${w.prato}/volunteer-messages`, { subject: 'X', body: 'Y' })).statusCode).toBe(
      403,
    );
    const audits = await w.t.db.k.selectFrom('audit_log').select('action').where('action', '=', 'volunteers.message-sent').execute();
    expect(audits).toHaveLength(2);

    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const form = `/admin/organisations/${w.prato}/volontari/messaggio`;
    expect((await staff.get(form)).statusCode).toBe(200);
    const sent = await staff.post(form, { role: 'all', subject: 'Riunione', body: 'Giovedì alle 18.' }, { from: form });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Messaggio inviato a 3 persone.');
    const empty = await staff.post(form, { role: 'all', subject: '', body: '' }, { from: form });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('scrivi l’oggetto');
  });

  it('never answers 5xx to any body on the new routes', async () => {
    const aid = await volunteerId(ada.userId);
    const shift = await w.shift({}, 600);
    const paths = [
      ['POST', `/api/v1/volunteers/${aid}/trainings`],
      ['POST', `/api/v1/volunteers/${aid}/trainee`],
      ['POST', `/api/v1/shifts/${shift}/decisions`],
      ['POST', `/api/v1/organisations/${w.prato}/volunteer-messages`],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.dictionary(
          fc.constantFrom('title', 'date', 'hours', 'event', 'trainee', 'signup', 'approve', 'subject', 'body', 'skill', 'shift', 'role'),
          fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double()),
        ),
        async ([method, url], body) => {
          const res = await w.staff(method, url, body);
          expect(res.statusCode, `${url} ${JSON.stringify(body)} ${res.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  });
});
