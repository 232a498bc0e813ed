import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

const fields = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field).sort();

describe.each(DIALECTS)('proposals, supports and comments (%s)', (dialect) => {
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect);
  });
  afterAll(() => w?.close());

  const countOf = async (
    table: 'participation_proposals' | 'participation_supports' | 'participation_comments' | 'participation_confirmations',
  ) =>
    Number(
      (
        await w.t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a proposal is pending until the link e-mailed is opened, then public; the address is kept nowhere readable', async () => {
    const res = await w.anonymous(
      'POST',
      `/api/v1/processes/${w.process}/proposals`,
      w.proposalBody({ email: 'Bea@Example.org', municipality: 'Prato' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(String), status: 'pending' });
    const id = res.json().id;
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).statusCode).toBe(404);
    const list = await w.anonymous('GET', `/api/v1/processes/${w.process}/proposals`);
    expect(list.json().items.map((p: { id: string }) => p.id)).not.toContain(id);
    const token = await w.linkFor('bea@example.org');
    const mail = w.smtp.to('bea@example.org')[0];
    expect(mail.subject).toBe('Conferma la tua partecipazione');
    expect(mail.text).toContain('la tua proposta');
    const stored = await w.t.db.k
      .selectFrom('participation_confirmations')
      .selectAll()
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('bea@example.org');
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('La tua proposta ora è pubblica');
    expect(page.body).toContain(`href="/partecipa/proposte/${id}"`);
    const again = await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${token}` });
    expect(again.body).toContain('Lo avevi già confermato');
    const after = await w.anonymous('GET', `/api/v1/proposals/${id}`);
    expect(after.json()).toMatchObject({
      status: 'published',
      municipality: '100005',
      category: 'Connettività',
      author: 'un cittadino',
      supports: 0,
    });
    const row = await w.t.db.k.selectFrom('participation_proposals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('bea@example.org');
    expect(
      (
        await w.t.db.k
          .selectFrom('participation_confirmations')
          .select('contact_sealed')
          .where('subject_id', '=', id)
          .executeTakeFirstOrThrow()
      ).contact_sealed,
    ).toBeNull();
  });

  it('refuses a title over 150, a text over 5000, a comune or category not of the process, the honeypot filled: 422, nothing written', async () => {
    const before = await countOf('participation_proposals');
    const post = (o: Record<string, unknown>) => w.anonymous('POST', `/api/v1/processes/${w.process}/proposals`, w.proposalBody(o));
    const long = await post({ title: 'x'.repeat(151), body: 'y'.repeat(5001) });
    expect(long.statusCode).toBe(422);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(fields(long)).toEqual(['body', 'title']);
    expect(fields(await post({ municipality: '033035', category: 'Sport' }))).toEqual(['category', 'municipality']);
    expect(fields(await post({ website: 'http://spam.example' }))).toEqual(['website']);
    expect(fields(await post({ email: 'non-una-mail' }))).toEqual(['email']);
    expect(await countOf('participation_proposals')).toBe(before);
    expect(await countOf('participation_confirmations')).toBeGreaterThan(0);
  });

  it('HTML is shown as text, line breaks kept', async () => {
    const id = await w.proposal({ title: '<script>alert(1)</script>', body: 'Riga <b>uno</b>\nriga due' });
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${id}` });
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(page.body).toContain('Riga &lt;b>uno&lt;/b><br/>riga due');
  });

  it('a support counts once confirmed; the same person again is a 409; the threshold marks it for the assembly', async () => {
    const id = await w.proposal();
    const support = (email: string) => w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email });
    const first = await support('carla@example.org');
    expect(first.statusCode).toBe(202);
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).json().supports).toBe(0);
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('carla@example.org')}` });
    expect(page.body).toContain('Il tuo sostegno è stato contato');
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).json().supports).toBe(1);
    const twice = await support(' CARLA@example.org ');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain('Hai già sostenuto');
    for (const who of ['dario', 'elena']) {
      expect((await support(`${who}@example.org`)).statusCode).toBe(202);
      await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor(`${who}@example.org`)}` });
    }
    const p = (await w.anonymous('GET', `/api/v1/proposals/${id}`)).json();
    expect(p).toMatchObject({ supports: 3, assembly: true });
    const assembly = await w.anonymous('GET', `/api/v1/processes/${w.process}/proposals?state=assembly`);
    expect(assembly.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(await w.t.db.k.selectFrom('participation_supports').select('id').where('proposal_id', '=', id).execute()).toHaveLength(3);
  });

  it('two links of the same person for one proposal count once', async () => {
    const id = await w.proposal();
    await w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email: 'fede@example.org' });
    const a = await w.linkFor('fede@example.org');
    await w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email: 'fede@example.org' });
    const b = await w.linkFor('fede@example.org');
    expect(a).not.toBe(b);
    await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${a}` });
    const second = await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${b}` });
    expect(second.body).toContain('Hai già sostenuto questa proposta');
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).json().supports).toBe(1);
  });

  it('comments and replies, one level only, public once confirmed', async () => {
    const id = await w.proposal();
    const comment = (body: Record<string, unknown>) => w.anonymous('POST', `/api/v1/proposals/${id}/comments`, body);
    const c = await comment({ body: 'Ottima idea', email: 'gino@example.org', name: 'Gino' });
    expect(c.statusCode).toBe(202);
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}/comments`)).json().items).toEqual([]);
    await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('gino@example.org')}` });
    const reply = await comment({ body: 'Concordo', email: 'ines@example.org', parent: c.json().id });
    expect(reply.statusCode).toBe(202);
    await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('ines@example.org')}` });
    const deeper = await comment({ body: 'Anche io', email: 'lia@example.org', parent: reply.json().id });
    expect(deeper.statusCode).toBe(422);
    expect(fields(deeper)).toEqual(['parent']);
    const items = (await w.anonymous('GET', `/api/v1/proposals/${id}/comments`)).json().items;
    expect(items).toMatchObject([{ body: 'Ottima idea', author: 'Gino', replies: [{ body: 'Concordo', author: 'un cittadino' }] }]);
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).json().comments).toBe(2);
  });

  it('the public pages without JavaScript: the list filtered and sorted, the forms of the proposal page', async () => {
    const a = await w.proposal({ title: 'Aule connesse', category: 'Scuola' });
    const list = await w.t.app.inject({ method: 'GET', url: `/partecipa/processi/${w.process}/proposte?category=Scuola&sort=newest` });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Aule connesse');
    expect(list.body).not.toContain('Wi-Fi libero in biblioteca');
    const odd = await w.t.app.inject({ method: 'GET', url: `/partecipa/processi/${w.process}/proposte?page=abc&sort=x` });
    expect(odd.statusCode).toBe(200);
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${a}` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const form = (url: string, data: Record<string, string>) =>
      w.t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...data }).toString(),
      });
    const bad = await form(`/partecipa/proposte/${a}/sostegni`, { email: 'sbagliata', website: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('scrivi un indirizzo e-mail valido');
    const ok = await form(`/partecipa/proposte/${a}/sostegni`, { email: 'mara@example.org', website: '' });
    expect(ok.statusCode).toBe(202);
    expect(ok.body).toContain('Controlla la tua e-mail');
    const spam = await form(`/partecipa/proposte/${a}/commenti`, { body: 'Compra ora', email: 'bot@example.org', website: 'x' });
    expect(spam.statusCode).toBe(422);
    const sent = await form(`/partecipa/processi/${w.process}/proposte`, {
      title: 'Dal modulo',
      body: 'Testo',
      municipality: '100005',
      category: 'Scuola',
      email: 'nora@example.org',
      website: '',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.body).toContain('apri il collegamento per pubblicare la proposta');
  });

  it('staff hide with a public reason, answer, merge and refuse with a reason', async () => {
    const a = await w.proposal({ title: 'Da unire' });
    const b = await w.proposal({ title: 'Quella principale' });
    const hidden = await w.staff('POST', `/api/v1/proposals/${a}/hide`, { reason: 'Contiene dati personali' });
    expect(hidden.statusCode).toBe(200);
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${a}` });
    expect(page.body).toContain('Motivo: Contiene dati personali');
    expect(page.body).not.toContain('Una rete senza password');
    expect((await w.anonymous('POST', `/api/v1/proposals/${a}/supports`, { email: 'x@example.org' })).statusCode).toBe(409);
    const merged = await w.staff('POST', `/api/v1/proposals/${a}/answer`, { state: 'merged', mergedInto: b });
    expect(merged.json()).toMatchObject({ state: 'merged', mergedInto: b });
    const self = await w.staff('POST', `/api/v1/proposals/${b}/answer`, { state: 'merged', mergedInto: b });
    expect(fields(self)).toEqual(['mergedInto']);
    const noReason = await w.staff('POST', `/api/v1/proposals/${b}/answer`, { state: 'not-feasible' });
    expect(fields(noReason)).toEqual(['reason']);
    const answered = await w.staff('POST', `/api/v1/proposals/${b}/answer`, {
      state: 'not-feasible',
      reason: 'Costa troppo',
      answer: 'Grazie della proposta.',
    });
    expect(answered.json()).toMatchObject({ state: 'not-feasible', stateReason: 'Costa troppo', answer: 'Grazie della proposta.' });
    const shown = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${b}` });
    expect(shown.body).toContain('Non realizzabile');
    expect(shown.body).toContain('Costa troppo');
    expect((await w.outsider('POST', `/api/v1/proposals/${b}/hide`, { reason: 'No' })).statusCode).toBe(403);
  });

  it('staff moderate from the back office: the list, the answer form, hiding a comment', async () => {
    const id = await w.proposal({ title: 'Da moderare' });
    const c = await w.anonymous('POST', `/api/v1/proposals/${id}/comments`, { body: 'Parolaccia', email: 'ugo@example.org' });
    await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('ugo@example.org')}` });
    const browser = await w.staffBrowser();
    const list = await browser.get(`/admin/processes/${w.process}/proposte`);
    expect(list.body).toContain('Da moderare');
    const refused = await browser.post(
      `/admin/proposals/${id}/risposta`,
      { state: 'not-feasible', reason: '', answer: '' },
      { from: `/admin/proposals/${id}` },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('scrivi il motivo');
    const saved = await browser.post(
      `/admin/proposals/${id}/risposta`,
      { state: 'accepted', reason: '', answer: 'La faremo nel 2027.' },
      { from: `/admin/proposals/${id}` },
    );
    expect(saved.statusCode).toBe(303);
    const hid = await browser.post(
      `/admin/comments/${c.json().id}/nascondi`,
      { reason: 'Linguaggio offensivo' },
      { from: `/admin/proposals/${id}` },
    );
    expect(hid.statusCode).toBe(303);
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${id}` });
    expect(page.body).toContain('Accolta');
    expect(page.body).toContain('La faremo nel 2027.');
    expect(page.body).toContain('Motivo: Linguaggio offensivo');
    expect(page.body).not.toContain('Parolaccia');
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).json().comments).toBe(0);
  });

  it('a closed process takes no more proposals or supports: 409', async () => {
    const id = await w.proposal();
    const closed = await w.staff('POST', '/api/v1/processes', {
      organisation: w.prato,
      title: 'Chiuso',
      status: 'closed',
      phases: [{ name: 'F', start: '2020-01-01', end: '2020-02-01' }],
    });
    const res = await w.anonymous('POST', `/api/v1/processes/${closed.json().id}/proposals`, w.proposalBody());
    expect(res.statusCode).toBe(409);
    await w.staff('PATCH', `/api/v1/processes/${w.process}`, { status: 'closed' });
    expect((await w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email: 'zoe@example.org' })).statusCode).toBe(409);
    await w.staff('PATCH', `/api/v1/processes/${w.process}`, { status: 'published' });
  });
});
