import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type MeetingsWorld, meetingsWorld } from './meetings-world.js';

describe.each(DIALECTS)('meetings of a process: agenda, minutes from the door, linked proposals (%s)', (dialect) => {
  let w: MeetingsWorld;
  beforeAll(async () => {
    w = await meetingsWorld(dialect);
  });
  afterAll(() => w?.close());

  const link = async (event: string, agenda = '1. Presentazione\n2. Prime idee') => {
    const res = await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event, agenda });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const publicPage = () => w.anonymous('GET', `/partecipa/processi/${w.process}/incontri`);

  it('links an event of the catalogue with its agenda: the public page shows the agenda and says the minutes come later', async () => {
    const event = await w.event();
    const res = await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event, agenda: 'Presentazione del percorso' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      processId: w.process,
      event: { id: event, title: 'Incontro di avvio del percorso' },
      published: false,
    });
    const page = await publicPage();
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Incontro di avvio del percorso');
    expect(page.body).toContain('Presentazione del percorso');
    expect(page.body).toContain('Il verbale sarà pubblicato dopo l’incontro.');
    expect(page.body).toContain(`/eventi/`);
    // The process's own page leads to its meetings.
    const processPage = await w.anonymous('GET', `/partecipa/processi/${w.process}`);
    expect(processPage.body).toContain(`href="/partecipa/processi/${w.process}/incontri"`);
  });

  it("refuses another organisation's event (422) and the same event twice (409), writing nothing", async () => {
    const before = await w.count('participation_meetings');
    const foreign = await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event: await w.event(w.firenze) });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect(foreign.json().errors.map((e: { field: string }) => e.field)).toEqual(['event']);
    const event = await w.event();
    await link(event);
    const twice = await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain('già un incontro');
    const notId = await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event: 'non-un-id' });
    expect(notId.statusCode).toBe(400);
    expect(await w.count('participation_meetings')).toBe(before + 1);
  });

  it("another organisation's staff cannot see or change the meetings: 403", async () => {
    const meeting = await link(await w.event());
    expect((await w.outsider('PATCH', `/api/v1/meetings/${meeting}`, { minutes: 'x' })).statusCode).toBe(403);
    expect((await w.outsider('POST', `/api/v1/processes/${w.process}/meetings`, { event: await w.event(w.firenze) })).statusCode).toBe(403);
  });

  it('links only proposals of the same process: another process or organisation is a 422 and the minutes stay as they were', async () => {
    const meeting = await link(await w.event());
    const mine = await w.proposal(w.process, 'Fibra alla scuola di Coiano');
    const sibling = await w.proposal(w.otherProcess, 'Biblioteca aperta la domenica');
    const foreign = await w.proposal(w.firenzeProcess, 'Wi-Fi in piazza della Signoria');
    const ok = await w.staff('PATCH', `/api/v1/meetings/${meeting}`, { minutes: 'Prima stesura', proposals: [mine] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().proposals).toEqual([{ id: mine, title: 'Fibra alla scuola di Coiano' }]);
    for (const bad of [sibling, foreign, '0190e2c0-0000-7000-8000-000000000000']) {
      const res = await w.staff('PATCH', `/api/v1/meetings/${meeting}`, { minutes: 'Cambiata', proposals: [mine, bad] });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: 'proposals' });
      expect(res.json().errors[0].message).toContain('solo proposte di questo percorso');
    }
    const row = await w.t.db.k.selectFrom('participation_meetings').select('minutes').where('id', '=', meeting).executeTakeFirstOrThrow();
    expect(row.minutes).toBe('Prima stesura');
    const links = await w.t.db.k.selectFrom('participation_meeting_proposals').selectAll().where('meeting_id', '=', meeting).execute();
    expect(links.map((l) => l.proposal_id)).toEqual([mine]);
  });

  it('publishes the minutes with the attendance counted at the door; the public page shows minutes, decisions and the proposal', async () => {
    const event = await w.event();
    const meeting = await link(event);
    const proposal = await w.proposal(w.process, 'Corsi SPID in frazione');
    const empty = await w.staff('POST', `/api/v1/meetings/${meeting}/publish`);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().detail).toContain('scrivi il suo testo');
    const walkIn = await w.staff('POST', `/api/v1/events/${event}/walk-ins`, { people: 3 });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    await w.staff('PATCH', `/api/v1/meetings/${meeting}`, {
      minutes: 'Si è discusso delle frazioni senza fibra.\nMolti interventi.',
      decisions: 'Portare la proposta in assemblea.',
      proposals: [proposal],
    });
    const published = await w.staff('POST', `/api/v1/meetings/${meeting}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ published: true, attendance: 3 });
    const page = await publicPage();
    expect(page.body).toContain('Persone presenti: 3');
    expect(page.body).toContain('Si è discusso delle frazioni senza fibra.<br/>Molti interventi.');
    expect(page.body).toContain('Portare la proposta in assemblea.');
    expect(page.body).toContain(`href="/partecipa/proposte/${proposal}"`);
  });

  it('never renders staff text as markup', async () => {
    const meeting = await link(await w.event(), '<script>alert(1)</script>');
    expect(meeting).toBeTruthy();
    const page = await publicPage();
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('a draft or unknown process has no public meetings page: 404', async () => {
    expect((await w.anonymous('GET', '/partecipa/processi/0190e2c0-0000-7000-8000-000000000000/incontri')).statusCode).toBe(404);
    expect((await w.anonymous('GET', '/partecipa/processi/non-un-id/incontri')).statusCode).toBe(404);
  });

  it('staff write the minutes and publish them from the back office, with errors beside the fields', async () => {
    const b = await w.staffBrowser();
    const list = await b.get(`/admin/processes/${w.process}/incontri`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Collega un evento come incontro');
    const event = await w.event();
    const linked = await b.post(
      `/admin/processes/${w.process}/incontri`,
      { event, agenda: 'Ordine del giorno' },
      { from: `/admin/processes/${w.process}/incontri` },
    );
    expect(linked.statusCode).toBe(303);
    const meetingPath = linked.headers.location as string;
    const proposal = await w.proposal(w.process, 'Sportello digitale al mercato');
    const page = await b.get(meetingPath);
    expect(page.body).toContain('Sportello digitale al mercato');
    const refused = await b.post(meetingPath, { agenda: 'Cambiato', minutes: '', decisions: '', step: 'publish' }, { from: meetingPath });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Verbale: scrivi il testo');
    const unchanged = await w.t.db.k
      .selectFrom('participation_meetings')
      .select('agenda')
      .where('id', '=', meetingPath.split('/').pop()!)
      .executeTakeFirstOrThrow();
    expect(unchanged.agenda).toBe('Ordine del giorno');
    const saved = await b.post(
      meetingPath,
      { agenda: 'Ordine del giorno', minutes: 'Verbale approvato', decisions: 'Si parte', proposals: proposal, step: 'publish' },
      { from: meetingPath },
    );
    expect(saved.statusCode).toBe(303);
    const after = await b.get(meetingPath);
    expect(after.body).toContain('Verbale pubblicato il');
    expect((await publicPage()).body).toContain('Verbale approvato');
  });
});
