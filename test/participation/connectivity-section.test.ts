import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

describe.each(DIALECTS)("a process's page leads to the connectivity reports (%s)", (dialect) => {
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect);
  });
  afterAll(() => w.close());

  it('while the process is open, "Cosa puoi fare ora" links to the report form and the counts, and both pages answer', async () => {
    const page = await w.anonymous('GET', `/partecipa/processi/${w.process}`);
    expect(page.statusCode).toBe(200);
    for (const [href, label] of [
      [`/connettivita/${w.prato}/segnala`, 'Segnala un luogo senza connessione'],
      [`/connettivita/${w.prato}`, 'Dove manca la connessione'],
    ]) {
      expect(page.body).toContain(`<a href="${href}">${label}</a>`);
      expect((await w.anonymous('GET', href)).statusCode, href).toBe(200);
    }
  });

  it('once the process is closed, the links are gone', async () => {
    const closed = await w.staff('PATCH', `/api/v1/processes/${w.process}`, { status: 'closed' });
    expect(closed.statusCode).toBe(200);
    const page = await w.anonymous('GET', `/partecipa/processi/${w.process}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`/connettivita/${w.prato}/segnala`);
  });
});
