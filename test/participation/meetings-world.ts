import { createApiToken } from '../../src/core/auth.js';
import { nowIso } from '../../src/core/time.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as events from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createProcess } from '../../src/modules/participation/processes/service.js';
import { insertProposal, proposalRowOf } from '../../src/modules/participation/proposals/repo.js';
import { Browser, bearer, createTestApp, type TestApp } from '../helpers.js';

type Client = ReturnType<typeof bearer>;

/**
 * Two organisations (Prato and Firenze), a staff member of each with an API token, a process of
 * each (and a second one of Prato), published proposals of each process, and events to link.
 */
export interface MeetingsWorld {
  t: TestApp;
  prato: string;
  firenze: string;
  staff: Client;
  outsider: Client;
  anonymous: Client;
  process: string;
  otherProcess: string;
  firenzeProcess: string;
  /** A published proposal of the process named (written as the proposals part leaves it once confirmed). */
  proposal(processId: string, title: string): Promise<string>;
  /**
   * A published event of the organisation starting in `minutes` minutes: today in Rome, so the
   * door already takes walk-ins (an hour ahead fell on the next day late in the evening).
   */
  event(organisation?: string, minutes?: number): Promise<string>;
  /** A signed-in staff browser of Prato. */
  staffBrowser(): Promise<Browser>;
  count(
    table:
      | 'participation_meetings'
      | 'participation_meeting_proposals'
      | 'participation_polls'
      | 'participation_poll_answers'
      | 'participation_actions'
      | 'participation_action_origins'
      | 'participation_action_updates',
  ): Promise<number>;
  close(): Promise<void>;
}

const phases = [{ name: 'Avvio', start: '2026-01-01', end: '2030-12-31' }];

export async function meetingsWorld(dialect: Dialect): Promise<MeetingsWorld> {
  const t = await createTestApp(dialect, { rateLimitMax: 0, baseUrl: 'http://ponte.test' });
  const prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
  const venues: Record<string, string> = {
    [prato]: (await createVenue(t.db, prato, { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '100005' })).id,
    [firenze]: (await createVenue(t.db, firenze, { name: 'Le Murate', address: 'Piazza delle Murate 1', municipality: '048017' })).id,
  };
  const staffOf = async (email: string, org: string) => {
    const { id } = await createUser(t.db, { email, name: 'Staff', role: 'staff', organisation: org, password: 'una-password-lunga' });
    return bearer(t.app, await createApiToken(t.db, id, 'test'));
  };
  const staff = await staffOf('staff@prato.example', prato);
  const outsider = await staffOf('staff@firenze.example', firenze);
  const processOf = async (organisation: string, title: string) => (await createProcess(t.db, null, { organisation, title, phases })).id;
  const process = await processOf(prato, 'Agenda digitale di Prato');
  const otherProcess = await processOf(prato, 'Biblioteche aperte');
  const firenzeProcess = await processOf(firenze, 'Firenze connessa');
  return {
    t,
    prato,
    firenze,
    staff,
    outsider,
    anonymous: (method, url, payload, headers = {}) => t.app.inject({ method, url, headers, payload: payload as object }),
    process,
    otherProcess,
    firenzeProcess,
    proposal: async (processId, title) => {
      const row = proposalRowOf({
        process_id: processId,
        title,
        body: 'Testo della proposta',
        municipality_code: '100005',
        category: 'Connettività',
        confirmed_at: nowIso(),
      });
      await insertProposal(t.db.k, row);
      return row.id;
    },
    event: async (organisation = prato, minutes = 1) => {
      const start = new Date(Date.now() + minutes * 60_000).toISOString();
      const { id } = await events.createEvent(t.app.deps, null, {
        organisation,
        title: 'Incontro di avvio del percorso',
        description: 'Presentiamo il percorso e raccogliamo le prime idee.',
        type: 'incontro',
        format: 'in_presenza',
        venue: venues[organisation],
        capacity: 50,
        maxSeatsPerBooking: 4,
        bookingRequired: true,
        status: 'published',
        audiences: ['tutti'],
        topics: ['spid'],
        sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
      });
      return id;
    },
    staffBrowser: async () => {
      const b = new Browser(t.app);
      await b.signIn('staff@prato.example', 'una-password-lunga');
      return b;
    },
    count: async (table) =>
      Number(
        (
          await t.db.k
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    close: () => t.close(),
  };
}
