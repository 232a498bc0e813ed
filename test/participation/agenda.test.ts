import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type MeetingsWorld, meetingsWorld } from './meetings-world.js';

/** A page's text without its tags. */
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe.each(DIALECTS)('the agenda and its public tracker (%s)', (dialect) => {
  let w: MeetingsWorld;
  let meeting: string;
  beforeAll(async () => {
    w = await meetingsWorld(dialect);
    meeting = (await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event: await w.event() })).json().id;
  });
  afterAll(() => w?.close());

  const create = (body: Record<string, unknown>) => w.staff('POST', `/api/v1/processes/${w.process}/actions`, body);
  const stateOf = async (proposal: string) =>
    (await w.t.db.k.selectFrom('participation_proposals').select('state').where('id', '=', proposal).executeTakeFirstOrThrow()).state;

  it('an action linked to a proposal and a meeting: the proposal becomes accepted and the tracker shows where the action comes from', async () => {
    const proposal = await w.proposal(w.process, 'Fibra alla scuola di Coiano');
    const res = await create({
      title: 'Collegare in fibra la scuola di Coiano',
      owner: 'Ufficio tecnico',
      deadline: '2027-09-15',
      status: 'in-progress',
      progress: 20,
      proposals: [proposal],
      meetings: [meeting],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      title: 'Collegare in fibra la scuola di Coiano',
      progress: 20,
      status: 'in-progress',
      proposals: [{ id: proposal, title: 'Fibra alla scuola di Coiano' }],
      meetings: [{ id: meeting, title: 'Incontro di avvio del percorso' }],
    });
    expect(await stateOf(proposal)).toBe('accepted');
    const page = await w.anonymous('GET', `/partecipa/processi/${w.process}/agenda`);
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Collegare in fibra la scuola di Coiano');
    expect(body).toContain('Avanzamento: 20%');
    expect(body).toContain('Responsabile: Ufficio tecnico');
    expect(body).toContain('Scadenza: 15 settembre 2027');
    expect(body).toContain('Stato: In corso');
    expect(page.body).toContain(`href="/partecipa/proposte/${proposal}"`);
    expect(page.body).toContain(`#incontro-${meeting}`);
    expect(page.body).toMatch(
      /<progress class="d-block w-100" max="100" value="20" aria-label="Avanzamento di «Collegare in fibra la scuola di Coiano»"/,
    );
  });

  it('refuses progress outside 0–100, a deadline that is not a date, and origins of another process or organisation: nothing written', async () => {
    const sibling = await w.proposal(w.otherProcess, 'Biblioteca aperta la domenica');
    const foreign = await w.proposal(w.firenzeProcess, 'Wi-Fi in piazza');
    const foreignMeeting = (
      await w.outsider('POST', `/api/v1/processes/${w.firenzeProcess}/meetings`, { event: await w.event(w.firenze) })
    ).json().id;
    const before = { actions: await w.count('participation_actions'), origins: await w.count('participation_action_origins') };
    const base = { title: 'Azione', owner: 'Ufficio' };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, progress: 101 }, 400, 'progress'],
      [{ ...base, progress: -1 }, 400, 'progress'],
      [{ ...base, progress: 12.5 }, 400, 'progress'],
      [{ ...base, progress: 'metà' }, 400, 'progress'],
      [{ ...base, deadline: 'domani' }, 400, 'deadline'],
      [{ ...base, deadline: '2027-02-30' }, 400, 'deadline'],
      [{ ...base, proposals: [sibling] }, 422, 'proposals'],
      [{ ...base, proposals: [foreign] }, 422, 'proposals'],
      [{ ...base, meetings: [foreignMeeting] }, 422, 'meetings'],
      [{ owner: 'Ufficio' }, 400, 'title'],
    ];
    for (const [body, status, field] of cases) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const progress = await create({ ...base, progress: 150 });
    expect(progress.json().errors[0].message).toContain('da 0 a 100');
    const deadline = await create({ ...base, deadline: '31/12/2027' });
    expect(deadline.json().errors[0].message).toContain('AAAA-MM-GG');
    expect(await stateOf(sibling)).toBeNull();
    expect(await stateOf(foreign)).toBeNull();
    expect({ actions: await w.count('participation_actions'), origins: await w.count('participation_action_origins') }).toEqual(before);
    expect((await w.outsider('POST', `/api/v1/processes/${w.process}/actions`, base)).statusCode).toBe(403);
  });

  it('changes and dated updates over time: the tracker lists the updates, newest first, and the overall progress', async () => {
    const a = (await create({ title: 'Corsi SPID nelle frazioni', owner: 'Biblioteca', progress: 0 })).json().id;
    const patch = await w.staff('PATCH', `/api/v1/actions/${a}`, { status: 'in-progress', progress: 10 });
    expect(patch.statusCode).toBe(200);
    expect((await w.staff('PATCH', `/api/v1/actions/${a}`, { progress: 200 })).statusCode).toBe(400);
    const first = await w.staff('POST', `/api/v1/actions/${a}/updates`, {
      day: '2027-01-10',
      body: 'Primo corso a Gropparello',
      progress: 30,
    });
    expect(first.statusCode).toBe(201);
    const second = await w.staff('POST', `/api/v1/actions/${a}/updates`, {
      day: '2027-03-02',
      body: 'Corsi in tutte le frazioni',
      progress: 100,
      status: 'done',
    });
    expect(second.json()).toMatchObject({ progress: 100, status: 'done' });
    expect(second.json().updates.map((u: { day: string }) => u.day)).toEqual(['2027-03-02', '2027-01-10']);
    const before = await w.count('participation_action_updates');
    expect((await w.staff('POST', `/api/v1/actions/${a}/updates`, { body: 'x', day: '2027-13-01' })).statusCode).toBe(400);
    expect((await w.staff('POST', `/api/v1/actions/${a}/updates`, { body: '' })).statusCode).toBe(400);
    expect((await w.outsider('POST', `/api/v1/actions/${a}/updates`, { body: 'Intruso' })).statusCode).toBe(403);
    expect(await w.count('participation_action_updates')).toBe(before);
    const list = await w.staff('GET', `/api/v1/processes/${w.process}/actions`);
    const items = list.json().items as { progress: number; status: string }[];
    const expected = Math.round(items.filter((i) => i.status !== 'discarded').reduce((n, i) => n + i.progress, 0) / items.length);
    expect(list.json().progress).toBe(expected);
    const page = text((await w.anonymous('GET', `/partecipa/processi/${w.process}/agenda`)).body);
    expect(page).toContain(`Avanzamento complessivo: ${expected}%`);
    expect(page.indexOf('Corsi in tutte le frazioni')).toBeLessThan(page.indexOf('Primo corso a Gropparello'));
    expect(page).toContain('2 marzo 2027 · Avanzamento: 100% · Completata');
  });

  it('the agenda as CSV: one row per action with its origins', async () => {
    const res = await w.anonymous('GET', `/partecipa/processi/${w.process}/agenda.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '"Azione";"Responsabile";"Scadenza";"Stato";"Avanzamento %";"Proposte";"Incontri";"Ultimo aggiornamento";"Data aggiornamento"',
    );
    expect(lines).toContain(
      '"Collegare in fibra la scuola di Coiano";"Ufficio tecnico";"2027-09-15";"In corso";"20";"Fibra alla scuola di Coiano";"Incontro di avvio del percorso";"";""',
    );
  });

  it('staff add an action from the back office, with the errors beside the fields, and the tracker shows it', async () => {
    const b = await w.staffBrowser();
    const path = `/admin/processes/${w.process}/agenda`;
    const proposal = await w.proposal(w.process, 'Punto Wi-Fi al mercato');
    const before = await w.count('participation_actions');
    const bad = await b.post(path, { title: 'Wi-Fi al mercato', owner: 'SUAP', progress: '120', deadline: '2027-02-30' }, { from: path });
    expect(bad.statusCode).toBe(422);
    expect(text(bad.body)).toContain('scrivi un numero intero da 0 a 100');
    expect(text(bad.body)).toContain('scrivi una data vera');
    expect(await w.count('participation_actions')).toBe(before);
    const ok = await b.post(path, { title: 'Wi-Fi al mercato', owner: 'SUAP', progress: '5', proposals: proposal }, { from: path });
    expect(ok.statusCode).toBe(303);
    const actionPath = ok.headers.location as string;
    const upd = await b.post(
      `${actionPath.split('?')[0]}/aggiornamenti`,
      { body: 'Preventivo approvato', progress: '15', day: '' },
      { from: path },
    );
    expect(upd.statusCode).toBe(303);
    expect(await stateOf(proposal)).toBe('accepted');
    const page = text((await w.anonymous('GET', `/partecipa/processi/${w.process}/agenda`)).body);
    expect(page).toContain('Wi-Fi al mercato');
    expect(page).toContain('Preventivo approvato');
  });
});
