import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/core/jobs.js';
import { addMs, nowIso } from '../../src/core/time.js';
import { ERASURE_JOB, eraseExpiredProcesses } from '../../src/modules/participation/processes/erasure.js';
import { DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

describe.each(DIALECTS)('erasure of participants’ personal data (%s)', (dialect) => {
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect);
  });
  afterAll(() => w?.close());

  it('once the process has been closed for its retention period: proposals stay, signed “un cittadino”; contacts are gone', async () => {
    const created = await w.staff('POST', '/api/v1/processes', {
      organisation: w.prato,
      title: 'Da chiudere',
      retentionDays: 30,
      phases: [{ name: 'F', start: '2026-01-01', end: '2030-01-01' }],
    });
    const process = created.json().id;
    const id = await w.proposal({ name: 'Anna Bianchi', title: 'Resta dopo la cancellazione' }, process);
    await w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email: 'sostegno@example.org' });
    await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('sostegno@example.org')}` });
    await w.anonymous('POST', `/api/v1/proposals/${id}/comments`, { body: 'Bella idea', email: 'commento@example.org', name: 'Carlo' });
    await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('commento@example.org')}` });
    // A support asked and never confirmed: its encrypted address waits in the table.
    await w.anonymous('POST', `/api/v1/proposals/${id}/supports`, { email: 'indeciso@example.org' });
    // The process of Prato that stays open keeps everything.
    const other = await w.proposal({ name: 'Resta firmata' });

    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).json().author).toBe('Anna Bianchi');
    await w.staff('PATCH', `/api/v1/processes/${process}`, { status: 'closed' });
    expect(await eraseExpiredProcesses(w.t.app.deps, addMs(nowIso(), 29 * 86_400_000))).toEqual([]);
    expect(await eraseExpiredProcesses(w.t.app.deps, addMs(nowIso(), 31 * 86_400_000))).toEqual([process]);

    const p = (await w.anonymous('GET', `/api/v1/proposals/${id}`)).json();
    expect(p).toMatchObject({ title: 'Resta dopo la cancellazione', author: 'un cittadino', supports: 1, comments: 1 });
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${id}` });
    expect(page.body).toContain('Proposta da un cittadino');
    expect(page.body).not.toContain('Anna Bianchi');
    expect(page.body).not.toContain('Carlo');
    const proposal = await w.t.db.k.selectFrom('participation_proposals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({ author_hash: null, author_name: null });
    const supports = await w.t.db.k.selectFrom('participation_supports').select('contact_hash').where('proposal_id', '=', id).execute();
    expect(supports).toEqual([{ contact_hash: null }]);
    const comments = await w.t.db.k
      .selectFrom('participation_comments')
      .select(['author_hash', 'author_name', 'body'])
      .where('proposal_id', '=', id)
      .execute();
    expect(comments).toEqual([{ author_hash: null, author_name: null, body: 'Bella idea' }]);
    expect(await w.t.db.k.selectFrom('participation_confirmations').select('id').where('process_id', '=', process).execute()).toEqual([]);
    const erased = await w.t.db.k
      .selectFrom('participation_processes')
      .select('erased_at')
      .where('id', '=', process)
      .executeTakeFirstOrThrow();
    expect(erased.erased_at).not.toBeNull();
    expect((await w.anonymous('GET', `/api/v1/proposals/${other}`)).json().author).toBe('Resta firmata');
    const audit = await w.t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', process).execute();
    expect(audit.map((a) => a.action)).toContain('participation.process.erased');
    // Run again: nothing more to do.
    expect(await eraseExpiredProcesses(w.t.app.deps, addMs(nowIso(), 40 * 86_400_000))).toEqual([]);
  });

  it('the daily job erases a process closed long ago, and plans itself for the next day', async () => {
    const created = await w.staff('POST', '/api/v1/processes', {
      organisation: w.prato,
      title: 'Chiuso da tempo',
      retentionDays: 10,
      phases: [{ name: 'F', start: '2025-01-01', end: '2025-02-01' }],
    });
    const process = created.json().id;
    const id = await w.proposal({ name: 'Firma vecchia' }, process);
    await w.staff('PATCH', `/api/v1/processes/${process}`, { status: 'closed' });
    await w.t.db.k
      .updateTable('participation_processes')
      .set({ closed_at: '2025-03-01T00:00:00.000Z' })
      .where('id', '=', process)
      .execute();
    await enqueueJob(w.t.db.k, ERASURE_JOB, {}, { dedupeKey: `test:${dialect}` });
    await w.runJobs();
    expect((await w.anonymous('GET', `/api/v1/proposals/${id}`)).json().author).toBe('un cittadino');
    const next = await w.t.db.k
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', ERASURE_JOB)
      .where('status', '=', 'pending')
      .execute();
    expect(next.length).toBeGreaterThanOrEqual(1);
    expect(next.every((j) => j.run_at > nowIso())).toBe(true);
  });
});
