import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type MeetingsWorld, meetingsWorld } from './meetings-world.js';

/** A page's text without its tags. */
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe.each(DIALECTS)('live polls during a meeting (%s)', (dialect) => {
  let w: MeetingsWorld;
  let meeting: string;
  beforeAll(async () => {
    w = await meetingsWorld(dialect);
    const res = await w.staff('POST', `/api/v1/processes/${w.process}/meetings`, { event: await w.event() });
    meeting = res.json().id;
  });
  afterAll(() => w?.close());

  const open = async () => {
    const res = await w.staff('POST', `/api/v1/meetings/${meeting}/polls`, {
      question: 'Da dove iniziamo?',
      options: ['Scuole', 'Frazioni', 'Biblioteche'],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; code: string; url: string; options: { id: string; label: string }[] };
  };

  /** A phone: keeps its cookies, reads the form's token, posts the answer. */
  const phone = () => {
    const cookies = new Map<string, string>();
    const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const keep = (res: { cookies: { name: string; value: string }[] }) => {
      for (const c of res.cookies) cookies.set(c.name, c.value);
    };
    return {
      /** Opens the form and keeps its token, to answer later. */
      form: async (url: string) => {
        const page = await w.t.app.inject({ method: 'GET', url, headers: { cookie: header() } });
        keep(page);
        return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      },
      get: async (url: string) => {
        const res = await w.t.app.inject({ method: 'GET', url, headers: { cookie: header() } });
        keep(res);
        return res;
      },
      answer: async (url: string, option: string, token?: string) => {
        let csrf = token;
        if (!csrf) {
          const page = await w.t.app.inject({ method: 'GET', url, headers: { cookie: header() } });
          keep(page);
          csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        }
        const res = await w.t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, option }).toString(),
        });
        keep(res);
        return res;
      },
    };
  };

  it('people answer from their phone at the short address, without an account, once per phone', async () => {
    const poll = await open();
    expect(poll.url).toBe(`/v/${poll.code}`);
    expect(poll.code).toMatch(/^[A-Z2-9]{5}$/);
    const a = phone();
    const form = await a.get(poll.url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<legend class="fs-4">Da dove iniziamo?</legend>');
    expect(form.body).toContain('type="radio"');
    const token = await a.form(poll.url);
    const answered = await a.answer(poll.url, poll.options[1].id, token);
    expect(answered.statusCode).toBe(303);
    const thanks = await a.get(answered.headers.location as string);
    expect(thanks.body).toContain('Grazie, la tua risposta è registrata.');
    expect(text(thanks.body)).toContain('Frazioni: 1 su 1 (100%)');
    expect(thanks.body).not.toContain('type="radio"');
    // The same phone again (the form sent twice, or reopened with the back button): refused, counted once.
    const again = await a.answer(poll.url, poll.options[0].id, token);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Da questo telefono hai già risposto.');
    // Another phone counts; the code is read whatever its case.
    expect((await phone().answer(`/v/${poll.code.toLowerCase()}`, poll.options[1].id)).statusCode).toBe(303);
    const rows = await w.t.db.k.selectFrom('participation_poll_answers').selectAll().where('poll_id', '=', poll.id).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.device_hash))).toBe(true);
  });

  it('an answer that is not one of the options is a 422 with the message by the question, nothing written', async () => {
    const poll = await open();
    const before = await w.count('participation_poll_answers');
    const res = await phone().answer(poll.url, 'non-una-risposta');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('scegli una delle risposte');
    expect(res.body).toContain('href="#f-option"');
    expect(await w.count('participation_poll_answers')).toBe(before);
    expect((await w.anonymous('GET', '/v/ZZZZZ')).statusCode).toBe(404);
  });

  it('staff enter the show of hands and close the poll; then answers are refused and the results go with the minutes', async () => {
    const poll = await open();
    await phone().answer(poll.url, poll.options[0].id);
    const hands = await w.staff('POST', `/api/v1/polls/${poll.id}/hands`, { hands: { [poll.options[0].id]: 11, [poll.options[2].id]: 4 } });
    expect(hands.statusCode).toBe(200);
    expect(hands.json()).toMatchObject({ total: 16 });
    expect(hands.json().options[0]).toMatchObject({ answers: 1, hands: 11, total: 12 });
    const negative = await w.staff('POST', `/api/v1/polls/${poll.id}/hands`, { hands: { [poll.options[0].id]: -1 } });
    expect(negative.statusCode).toBe(400);
    const foreignOption = await w.staff('POST', `/api/v1/polls/${poll.id}/hands`, { hands: { 'altra-opzione': 2 } });
    expect(foreignOption.statusCode).toBe(422);
    expect((await w.outsider('POST', `/api/v1/polls/${poll.id}/close`)).statusCode).toBe(403);
    const slow = phone();
    const token = await slow.form(poll.url);
    const closed = await w.staff('POST', `/api/v1/polls/${poll.id}/close`);
    expect(closed.json().status).toBe('closed');
    const late = await slow.answer(poll.url, poll.options[1].id, token);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Il sondaggio è chiuso');
    // Published minutes show the closed poll's results.
    await w.staff('PATCH', `/api/v1/meetings/${meeting}`, { minutes: 'Verbale.' });
    await w.staff('POST', `/api/v1/meetings/${meeting}/publish`);
    const page = await w.anonymous('GET', `/partecipa/processi/${w.process}/incontri`);
    expect(page.body).toContain('Sondaggi durante l’incontro');
    expect(text(page.body)).toContain('Scuole: 12 su 16 (75%)');
    expect(page.body).toContain('Risposte in tutto: 16 (dal telefono e per alzata di mano)');
  });

  it('the same phone answering many times at once is counted once; many phones at once are each counted', async () => {
    const poll = await open();
    const { answerPoll } = await import('../../src/modules/participation/meetings/service.js');
    const same = await Promise.allSettled(
      Array.from({ length: 20 }, () => answerPoll(w.t.db, poll.code, 'a'.repeat(64), poll.options[0].id)),
    );
    expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(same.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)).toEqual(Array(19).fill(409));
    const many = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => answerPoll(w.t.db, poll.code, i.toString(16).padStart(64, 'b'), poll.options[i % 3].id)),
    );
    expect(many.every((r) => r.status === 'fulfilled')).toBe(true);
    const rows = await w.t.db.k.selectFrom('participation_poll_answers').select('option_id').where('poll_id', '=', poll.id).execute();
    expect(rows).toHaveLength(31);
  });

  it('the results page refreshes by itself only when asked', async () => {
    const poll = await open();
    const p = phone();
    await p.answer(poll.url, poll.options[0].id);
    expect((await p.get(poll.url)).body).not.toContain('http-equiv="refresh"');
    expect((await p.get(`${poll.url}?aggiorna=1`)).body).toContain('<meta http-equiv="refresh" content="10"/>');
  });

  it('staff open a poll, count hands and close it from the back office', async () => {
    const b = await w.staffBrowser();
    const path = `/admin/meetings/${meeting}`;
    const bad = await b.post(`${path}/sondaggi`, { question: 'Solo una?', options: 'Sì' }, { from: path });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('scrivi da 2 a 8 risposte');
    const ok = await b.post(`${path}/sondaggi`, { question: 'Orario preferito?', options: 'Mattina\nSera' }, { from: path });
    expect(ok.statusCode).toBe(303);
    const page = await b.get(path);
    expect(page.body).toContain('Indirizzo per rispondere: http://ponte.test/v/');
    const poll = await w.t.db.k
      .selectFrom('participation_polls')
      .selectAll()
      .where('question', '=', 'Orario preferito?')
      .executeTakeFirstOrThrow();
    const options = await w.t.db.k
      .selectFrom('participation_poll_options')
      .selectAll()
      .where('poll_id', '=', poll.id)
      .orderBy('position')
      .execute();
    const counted = await b.post(
      `/admin/polls/${poll.id}/mani`,
      { [`hands.${options[0].id}`]: '7', [`hands.${options[1].id}`]: '' },
      { from: path },
    );
    expect(counted.statusCode).toBe(303);
    expect((await b.post(`/admin/polls/${poll.id}/chiudi`, {}, { from: path })).statusCode).toBe(303);
    const after = await b.get(path);
    expect(text(after.body)).toContain('Mattina: 7 su 7 (100%)');
    expect(after.body).toContain('chiuso');
  });
});
