import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

/**
 * A trainee ("in affiancamento") and the experienced volunteer who accompanies them, signed up for
 * a shift in one step (`trainee` on POST /api/v1/shifts/{id}/signups, or the pair's form on "I miei
 * turni"), or by staff (`volunteer` and `trainee`): both places or none.
 */
describe.each(DIALECTS)('volunteers: a trainee and an experienced volunteer in one step (%s)', (dialect) => {
  let w: VolunteerWorld;
  type Person = Awaited<ReturnType<VolunteerWorld['volunteer']>> & { id: string };
  let eva: Person;
  let tina: Person;
  let tom: Person;
  let ugo: Person;
  let hours = 60;

  const volunteerId = async (userId: string) =>
    (await w.t.db.k.selectFrom('volunteers').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow()).id;
  const person = async (email: string, trainee = false): Promise<Person> => {
    const v = await w.volunteer(email);
    const id = await volunteerId(v.userId);
    if (trainee) expect((await w.staff('POST', `/api/v1/volunteers/${id}/trainee`, { trainee: true })).statusCode).toBe(200);
    return { ...v, id };
  };
  const signups = (shift: string) =>
    w.t.db.k.selectFrom('shift_signups').select(['volunteer_id', 'status']).where('shift_id', '=', shift).orderBy('volunteer_id').execute();
  /** A new shift, each on its own hours, so that no two of the tests' shifts overlap. */
  const shift = (needed: number) => {
    hours += 5;
    return w.shift({ needed }, hours);
  };

  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    // Eva's account has a password, so she signs in on the pages.
    await createUser(w.t.db, {
      email: 'eva@example.org',
      name: 'Eva',
      role: 'partner',
      organisation: w.firenze,
      password: 'una-password-lunga',
    });
    eva = await person('eva@example.org');
    tina = await person('tina@example.org', true);
    tom = await person('tom@example.org', true);
    ugo = await person('ugo@example.org');
  }, 60_000);
  afterAll(() => w?.close());

  it('signs up an experienced volunteer with the trainee they accompany, where the trainee alone is refused', async () => {
    const id = await shift(2);
    const alone = await tina.client('POST', `/api/v1/shifts/${id}/signups`);
    expect(alone.statusCode).toBe(422);
    const res = await eva.client('POST', `/api/v1/shifts/${id}/signups`, { trainee: tina.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      shift: id,
      volunteer: eva.id,
      status: 'confirmed',
      trainee: { volunteer: tina.id, status: 'confirmed' },
    });
    expect(await signups(id)).toEqual([eva.id, tina.id].sort().map((volunteer_id) => ({ volunteer_id, status: 'confirmed' })));
  });

  it('refuses with 422 and writes nothing when two places are not free, or the trainee is not one', async () => {
    const id = await shift(2);
    expect((await ugo.client('POST', `/api/v1/shifts/${id}/signups`)).statusCode).toBe(201);
    const full = await eva.client('POST', `/api/v1/shifts/${id}/signups`, { trainee: tina.id });
    expect(full.statusCode).toBe(422);
    expect(full.headers['content-type']).toContain('application/problem+json');
    expect(full.json().detail).toBe('Per iscrivervi insieme servono due posti liberi; posti liberi ora: 1.');
    expect(await signups(id)).toEqual([{ volunteer_id: ugo.id, status: 'confirmed' }]);

    const other = await shift(3);
    const notTrainee = await eva.client('POST', `/api/v1/shifts/${other}/signups`, { trainee: ugo.id });
    expect(notTrainee.statusCode).toBe(422);
    expect(notTrainee.json().errors).toEqual([
      { field: 'trainee', message: 'Scegli una volontaria o un volontario in affiancamento di questa organizzazione.' },
    ]);
    const traineeLeads = await tom.client('POST', `/api/v1/shifts/${other}/signups`, { trainee: tina.id });
    expect(traineeLeads.statusCode).toBe(422);
    expect(traineeLeads.json().errors.map((e: { field: string }) => e.field)).toEqual(['volunteer']);
    const unknown = await eva.client('POST', `/api/v1/shifts/${other}/signups`, { trainee: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(422);
    expect(await signups(other)).toEqual([]);
  });

  it('writes neither place when the trainee is on another shift at the same time (409)', async () => {
    const first = await shift(3);
    expect((await eva.client('POST', `/api/v1/shifts/${first}/signups`, { trainee: tom.id })).statusCode).toBe(201);
    const same = await w.shift({ needed: 3 }, hours + 1);
    const res = await ugo.client('POST', `/api/v1/shifts/${same}/signups`, { trainee: tom.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('Una delle due persone è già iscritta a un altro turno nello stesso orario.');
    expect(await signups(same)).toEqual([]);
  });

  it('lets staff sign up a pair of their volunteers, and no one else', async () => {
    const id = await shift(2);
    const byVolunteer = await eva.client('POST', `/api/v1/shifts/${id}/signups`, { volunteer: ugo.id, trainee: tina.id });
    expect(byVolunteer.statusCode).toBe(403);
    const byOutsider = await w.outsider('POST', `/api/v1/shifts/${id}/signups`, { volunteer: ugo.id, trainee: tina.id });
    expect([403, 404]).toContain(byOutsider.statusCode);
    expect(await signups(id)).toEqual([]);
    const res = await w.staff('POST', `/api/v1/shifts/${id}/signups`, { volunteer: ugo.id, trainee: tina.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(await signups(id)).toEqual([ugo.id, tina.id].sort().map((volunteer_id) => ({ volunteer_id, status: 'confirmed' })));
  });

  it('offers the pair on the experienced volunteer’s page, and signs both up from its form', async () => {
    const id = await shift(2);
    const b = new Browser(w.t.app);
    await b.signIn('eva@example.org', 'una-password-lunga');
    const page = await b.get('/turni');
    expect(page.body).toContain('Oppure iscriviti insieme a chi affianchi');
    expect(page.body).toContain(`<option value="${tom.id}">Giulia Neri</option>`);
    // Not for the trainee: Tina's own page has no pair form.
    expect((await tina.client('GET', '/turni')).body).not.toContain('Oppure iscriviti insieme a chi affianchi');
    const done = await b.post(`/turni/${id}/coppia`, { trainee: tom.id }, { from: '/turni' });
    expect(done.statusCode, done.body).toBe(303);
    expect((await b.get('/turni?fatto=coppia')).body).toContain('Vi siete iscritti insieme al turno.');
    expect(await signups(id)).toHaveLength(2);
    const again = await b.post(`/turni/${await shift(1)}/coppia`, { trainee: tom.id }, { from: '/turni' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('Per iscrivervi insieme servono due posti liberi; posti liberi ora: 1.');
  });
});
