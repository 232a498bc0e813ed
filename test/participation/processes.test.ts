import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type ParticipationWorld, PHASES, participationWorld } from './world.js';

const fields = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field).sort();

describe.each(DIALECTS)('participatory processes (%s)', (dialect) => {
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect);
  });
  afterAll(() => w?.close());

  const count = async () =>
    Number(
      (
        await w.t.db.k
          .selectFrom('participation_processes')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('staff create a process with phases: 201, the comuni of the organisation, the current phase marked', async () => {
    const res = await w.staff('POST', '/api/v1/processes', { organisation: w.valnure, title: 'Agenda', phases: PHASES });
    expect(res.statusCode).toBe(403);
    const own = await w.outsider('POST', '/api/v1/processes', { organisation: w.valnure, title: 'Agenda digitale', phases: PHASES });
    expect(own.statusCode).toBe(201);
    const p = own.json();
    expect(p).toMatchObject({ organisation: w.valnure, title: 'Agenda digitale', status: 'published' });
    expect(p.municipalities).toHaveLength(6);
    expect(p.phases.map((x: { name: string; current: boolean }) => [x.name, x.current])).toEqual([
      ['Lancio', false],
      ['Proposte', true],
      ['Assemblee', false],
    ]);
    const phases = await w.t.db.k
      .selectFrom('participation_phases')
      .select(['name', 'position'])
      .where('process_id', '=', p.id)
      .orderBy('position')
      .execute();
    expect(phases.map((x) => x.name)).toEqual(['Lancio', 'Proposte', 'Assemblee']);
  });

  it('refuses an end before the start, missing fields, a comune of another organisation: 422 naming each, nothing written', async () => {
    const before = await count();
    const backwards = await w.staff('POST', '/api/v1/processes', {
      organisation: w.prato,
      title: 'Al contrario',
      phases: [{ name: 'Fase', start: '2030-05-10', end: '2030-05-01' }],
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(fields(backwards)).toEqual(['phases.0.end']);
    expect(backwards.json().errors[0].message).toContain('prima dell’inizio');
    const missing = await w.staff('POST', '/api/v1/processes', { organisation: w.prato });
    expect(missing.statusCode).toBe(422);
    expect(fields(missing)).toEqual(['phases', 'title']);
    const elsewhere = await w.staff('POST', '/api/v1/processes', {
      organisation: w.prato,
      title: 'X',
      municipalities: ['033035'],
      phases: PHASES,
    });
    expect(fields(elsewhere)).toEqual(['municipalities.0']);
    const impossible = await w.staff('POST', '/api/v1/processes', {
      organisation: w.prato,
      title: 'X',
      phases: [{ name: 'F', start: '2030-02-30', end: '2030-03-01' }],
    });
    expect(fields(impossible)).toEqual(['phases.0.start']);
    expect(await count()).toBe(before);
  });

  it('an unknown organisation is a 404, an anonymous caller a 401', async () => {
    const unknown = await w.staff('POST', '/api/v1/processes', {
      organisation: '0190a0a0-0000-7000-8000-000000000000',
      title: 'X',
      phases: PHASES,
    });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await w.anonymous('POST', '/api/v1/processes', { organisation: w.prato, title: 'X', phases: PHASES });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the public pages: the list of every organisation, the process with its timeline and what one can do now', async () => {
    const list = await w.t.app.inject({ method: 'GET', url: '/partecipa' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Prato digitale');
    const mine = await w.t.app.inject({ method: 'GET', url: `/partecipa?organizzazione=${w.prato}` });
    expect(mine.body).toContain('Partecipa con Comune di Prato');
    expect(mine.body).not.toContain('Agenda digitale');
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/processi/${w.process}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cosa puoi fare ora');
    expect(page.body).toContain(`href="/partecipa/processi/${w.process}/proposte/nuova"`);
    expect(page.body).toMatch(/aria-current="step"[^>]*>\s*<h3[^>]*>\s*<span>Proposte<\/span>/);
    expect(page.body).toContain('Fase in corso');
    const api = await w.anonymous('GET', `/api/v1/processes/${w.process}`);
    expect(api.json().phases[1]).toMatchObject({ name: 'Proposte', current: true });
  });

  it('a draft is seen by staff only; staff edit it and publish it, audited', async () => {
    const draft = await w.staff('POST', '/api/v1/processes', {
      organisation: w.prato,
      title: 'In preparazione',
      status: 'draft',
      phases: PHASES,
    });
    const id = draft.json().id;
    expect((await w.anonymous('GET', `/api/v1/processes/${id}`)).statusCode).toBe(404);
    expect((await w.t.app.inject({ method: 'GET', url: `/partecipa/processi/${id}` })).statusCode).toBe(404);
    const browser = await w.staffBrowser();
    const form = await browser.get(`/admin/processes/${id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="In preparazione"');
    const refused = await browser.post(
      `/admin/processes/${id}`,
      { title: 'In preparazione', status: 'published', phaseName: 'Fase', phaseStart: '2030-05-10', phaseEnd: '2030-05-01' },
      { from: `/admin/processes/${id}` },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('la fine non può essere prima dell’inizio');
    const saved = await browser.post(
      `/admin/processes/${id}`,
      { title: 'Pronto', status: 'published', phaseName: ['Fase', ''], phaseStart: ['2030-05-01', ''], phaseEnd: ['2030-05-10', ''] },
      { from: `/admin/processes/${id}` },
    );
    expect(saved.statusCode).toBe(303);
    const now = await w.anonymous('GET', `/api/v1/processes/${id}`);
    expect(now.json()).toMatchObject({
      title: 'Pronto',
      status: 'published',
      phases: [{ name: 'Fase', start: '2030-05-01', end: '2030-05-10' }],
    });
    const audit = await w.t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['participation.process.created', 'participation.process.updated']);
  });

  it('staff create a process from the back office form', async () => {
    const browser = await w.staffBrowser();
    const form = await browser.get(`/admin/organisations/${w.prato}/partecipazione/nuovo`);
    expect(form.statusCode).toBe(200);
    const res = await browser.post(
      `/admin/organisations/${w.prato}/partecipazione`,
      {
        title: 'Dal modulo',
        status: 'published',
        retentionDays: '90',
        supportThreshold: '5',
        categories: 'Scuola\nAltro',
        municipalities: '100005',
        phaseName: 'Unica',
        phaseStart: '2030-01-01',
        phaseEnd: '2030-02-01',
      },
      { from: `/admin/organisations/${w.prato}/partecipazione/nuovo` },
    );
    expect(res.statusCode).toBe(303);
    const id = /\/admin\/processes\/([0-9a-f-]+)/.exec(res.headers.location as string)![1];
    const p = (await w.anonymous('GET', `/api/v1/processes/${id}`)).json();
    expect(p).toMatchObject({
      title: 'Dal modulo',
      retentionDays: 90,
      supportThreshold: 5,
      categories: ['Scuola', 'Altro'],
      municipalities: ['100005'],
    });
    const list = await browser.get(`/admin/organisations/${w.prato}/partecipazione`);
    expect(list.body).toContain('Dal modulo');
  });
});
