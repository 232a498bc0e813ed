import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as events from '../../src/modules/events/service.js';
import { updateOrganisation } from '../../src/modules/organisations/service.js';
import { world as bookingWorld, type World } from '../events/booking-fixtures.js';
import { Browser, DIALECTS } from '../helpers.js';

const PASSWORD = 'una-password-lunga';

describe.each(DIALECTS)('"da avvisare per telefono" (%s)', (dialect) => {
  let w: World;
  let staff: Browser;
  let outsider: Browser;

  beforeAll(async () => {
    w = await bookingWorld(dialect);
    staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', PASSWORD);
    outsider = new Browser(w.t.app);
    await outsider.signIn('staff@firenze.example', PASSWORD);
  });
  afterAll(async () => w?.close());

  const book = (eventId: string, who: Record<string, unknown>, seats = 1) =>
    events.book(w.t.app.deps, eventId, { seats, privacyAccepted: true, ...who }, { source: 'web' });
  const entries = (subject: string) => w.t.db.k.selectFrom('phone_callbacks').selectAll().where('subject_id', '=', subject).execute();
  const listPage = () => staff.get(`/admin/organisations/${w.prato}/da-avvisare`);

  it('people with an e-mail promoted are not listed; a phone-only person promoted is, by name and number', async () => {
    const ev = await w.event({ title: 'Corso con lista', capacity: 1 });
    const first = await book(ev, { name: 'Elsa Prima', email: 'elsa@example.org' });
    const mailed = await book(ev, { name: 'Ada Posta', email: 'ada@example.org' });
    const phoned = await book(ev, { name: 'Bice Fisso', phone: '0574 222333' });
    await events.cancelRegistration(w.t.app.deps, first.registration.id, first.manageToken as string);
    // Ada (e-mail) got the seat; the list holds nobody for her.
    expect(await entries(mailed.registration.id)).toHaveLength(0);
    const reg = await events.getByManageToken(w.t.app.deps, mailed.registration.id, mailed.manageToken as string);
    await events.cancelRegistration(w.t.app.deps, reg.registration.id, mailed.manageToken as string);
    const [entry] = await entries(phoned.registration.id);
    expect(entry).toMatchObject({
      organisation_id: w.prato,
      subject_kind: 'registration',
      scope_id: ev,
      reason: 'promoted',
      done_at: null,
    });
    // Only references are stored: no name, no number in the entry.
    expect(JSON.stringify(entry)).not.toContain('Bice');
    expect(JSON.stringify(entry)).not.toContain('222333');
    const page = await listPage();
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bice Fisso');
    expect(page.body).toContain('href="tel:0574222333"');
    expect(page.body).toContain('Corso con lista');
    const viewed = await w.t.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'view-phone-callbacks').execute();
    expect(viewed.at(-1)).toMatchObject({ user_id: w.staffUserId, organisation_id: w.prato });
  });

  it('an event cancelled by the organiser puts every phone-only booking on the list', async () => {
    const ev = await w.event({ title: 'Corso annullato', capacity: 5 });
    const a = await book(ev, { name: 'Carla Fisso', phone: '0574 333444' });
    const b = await book(ev, { name: 'Dino Posta', email: 'dino@example.org' });
    await events.cancelEvent(w.t.app.deps, ev, 'Sala non disponibile');
    expect((await entries(a.registration.id)).map((e) => e.reason)).toEqual(['event-cancelled']);
    expect(await entries(b.registration.id)).toHaveLength(0);
    expect((await listPage()).body).toContain('L’evento è stato annullato');
  });

  it('ticking off records who and when, once; a second tick and another organisation are refused', async () => {
    const ev = await w.event({ title: 'Corso da chiamare', capacity: 5 });
    const a = await book(ev, { name: 'Ezio Fisso', phone: '0574 444555' });
    await events.cancelEvent(w.t.app.deps, ev, 'Docente malato');
    const [entry] = await entries(a.registration.id);

    const foreign = await outsider.post(`/admin/phone-callbacks/${entry.id}/fatto`, {}, { from: '/admin' });
    expect(foreign.statusCode).toBe(403);
    expect((await entries(a.registration.id))[0].done_at).toBeNull();

    const res = await staff.post(`/admin/phone-callbacks/${entry.id}/fatto`, { back: 'https://elsewhere.example/' }, { from: '/admin' });
    expect(res.statusCode).toBe(303);
    // A "back" outside the back office is ignored: the organisation's list.
    expect(res.headers.location).toBe(`/admin/organisations/${w.prato}/da-avvisare?avvisata=1`);
    const [done] = await entries(a.registration.id);
    expect(done.done_by).toBe(w.staffUserId);
    expect(done.done_at).not.toBeNull();
    const page = await staff.get(res.headers.location as string);
    expect(page.body).toContain('Segnata come avvisata.');
    expect(page.body).not.toContain('Ezio Fisso');

    const twice = await staff.post(`/admin/phone-callbacks/${entry.id}/fatto`, {}, { from: '/admin' });
    expect(twice.statusCode).toBe(409);
    const audit = await w.t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', entry.id).execute();
    expect(audit.map((x) => [x.action, x.user_id])).toEqual([['phone-callback.done', w.staffUserId]]);

    const missing = await staff.post('/admin/phone-callbacks/01890000-0000-7000-8000-000000000000/fatto', {}, { from: '/admin' });
    expect(missing.statusCode).toBe(404);
  });

  it("the entry goes with the booking's personal data", async () => {
    const ev = await w.event({ title: 'Corso da cancellare', capacity: 1 });
    const first = await book(ev, { name: 'Fede Prima', email: 'fede@example.org' });
    const waiting = await book(ev, { name: 'Gea Fisso', phone: '0574 555666' });
    await events.cancelRegistration(w.t.app.deps, first.registration.id, first.manageToken as string);
    expect(await entries(waiting.registration.id)).toHaveLength(1);
    await events.eraseOwnData(w.t.app.deps, waiting.registration.id, waiting.manageToken as string);
    expect(await entries(waiting.registration.id)).toHaveLength(0);
    expect((await listPage()).body).not.toContain('Gea Fisso');
  });

  it("an event's erasure after its retention period drops its entries", async () => {
    const ev = await w.event({ title: 'Corso passato', capacity: 5 });
    const a = await book(ev, { name: 'Lina Fisso', phone: '0574 131313' });
    await events.cancelEvent(w.t.app.deps, ev, 'Annullato');
    expect(await entries(a.registration.id)).toHaveLength(1);
    setClockOffset(400 * 86_400_000);
    try {
      await events.anonymiseEvent(w.t.db, ev);
    } finally {
      setClockOffset(0);
    }
    expect(await entries(a.registration.id)).toHaveLength(0);
  });

  it("another organisation's staff cannot open the list", async () => {
    expect((await outsider.get(`/admin/organisations/${w.prato}/da-avvisare`)).statusCode).toBe(403);
  });

  it("the organiser's phone, set in the organisation's settings, is on the event page with a tel: link; a bad number is refused", async () => {
    const ev = await w.event({ title: 'Corso con telefono' });
    const before = await w.t.app.inject({ method: 'GET', url: `/eventi/${ev}` });
    expect(before.body).not.toContain('Per informazioni');
    await updateOrganisation(w.t.db, w.prato, { phone: '0574 1836' });
    const page = await w.t.app.inject({ method: 'GET', url: `/eventi/${ev}` });
    expect(page.body).toContain('Per informazioni: <a href="tel:05741836">0574 1836</a>');
    const err = await updateOrganisation(w.t.db, w.prato, { phone: 'chiamami' }).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
    const row = await w.t.db.k.selectFrom('organisations').select('phone').where('id', '=', w.prato).executeTakeFirstOrThrow();
    expect(row.phone).toBe('0574 1836');
  });
  it('the API lists the entries by reference and ticks one off; another organisation is refused', async () => {
    const ev = await w.event({ title: 'Corso via API', capacity: 5 });
    const a = await book(ev, { name: 'Ivo Fisso', phone: '0574 666777' });
    await events.cancelEvent(w.t.app.deps, ev, 'Sala chiusa');
    const list = await w.staff('GET', `/api/v1/organisations/${w.prato}/phone-callbacks`);
    expect(list.statusCode).toBe(200);
    const item = (list.json().items as { id: string; subjectId: string }[]).find((i) => i.subjectId === a.registration.id);
    expect(item).toMatchObject({ kind: 'registration', scopeId: ev, reason: 'event-cancelled' });
    expect(list.body).not.toContain('Ivo Fisso');
    expect((await w.outsider('GET', `/api/v1/organisations/${w.prato}/phone-callbacks`)).statusCode).toBe(403);
    expect((await w.outsider('POST', `/api/v1/phone-callbacks/${item?.id}/done`)).statusCode).toBe(403);
    expect((await w.staff('POST', `/api/v1/phone-callbacks/${item?.id}/done`)).statusCode).toBe(200);
    const again = await w.staff('POST', `/api/v1/phone-callbacks/${item?.id}/done`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it("the organisation's settings form takes the phone; a number that is not one is refused next to the field", async () => {
    await createUser(w.t.db, { email: 'admin@prato.example', name: 'Admin', role: 'org-admin', organisation: w.prato, password: PASSWORD });
    const admin = new Browser(w.t.app);
    await admin.signIn('admin@prato.example', PASSWORD);
    const url = `/admin/organisations/${w.prato}`;
    const page = await admin.get(url);
    expect(page.body).toContain('Telefono per informazioni');
    const form = { name: 'Comune di Prato', type: 'comune', municipality: 'Prato', phone: 'telefonare' };
    const bad = await admin.post(url, form, { from: url });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('numero di telefono non valido');
    const row = () => w.t.db.k.selectFrom('organisations').select('phone').where('id', '=', w.prato).executeTakeFirstOrThrow();
    const before = (await row()).phone;
    expect(before).not.toBe('telefonare');
    const ok = await admin.post(url, { ...form, phone: '0574 616161' }, { from: url });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
    expect((await row()).phone).toBe('0574 616161');
  });
});
