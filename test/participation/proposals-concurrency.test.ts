import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

describe.each(DIALECTS)('supports at once (%s)', (dialect) => {
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect);
  });
  afterAll(() => w?.close());

  it('100 people confirm their support of one proposal at once, 20 of them twice: exactly 100 counted', async () => {
    const id = await w.proposal({ title: 'Molto sostenuta' });
    const people = Array.from({ length: 100 }, (_, i) => `persona${i}@example.org`);
    const requests = [...people, ...people.slice(0, 20)];
    for (const email of requests) {
      const res = await w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email });
      expect(res.statusCode).toBe(202);
    }
    await w.runJobs();
    const tokens = people.flatMap((email) => w.smtp.to(email).map((m) => /\/partecipa\/conferma\/([A-Za-z0-9_-]+)/.exec(m.text ?? '')![1]));
    expect(tokens).toHaveLength(120);
    const opened = await Promise.all(tokens.map((token) => w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${token}` })));
    expect(opened.every((r) => r.statusCode === 200)).toBe(true);
    expect(opened.filter((r) => r.body.includes('Il tuo sostegno è stato contato'))).toHaveLength(100);
    expect(opened.filter((r) => r.body.includes('Hai già sostenuto questa proposta'))).toHaveLength(20);
    const p = (await w.anonymous('GET', `/api/v1/proposals/${id}`)).json();
    expect(p.supports).toBe(100);
    const rows = await w.t.db.k.selectFrom('participation_supports').select('contact_hash').where('proposal_id', '=', id).execute();
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.contact_hash)).size).toBe(100);
    const again = await w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email: people[50] });
    expect(again.statusCode).toBe(409);
  }, 120_000);
});
