import { createApiToken } from '../../src/core/auth.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createEvent } from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { Browser, bearer, createTestApp, type TestApp } from '../helpers.js';

export type Client = ReturnType<typeof bearer>;

/** An organisation of its own for one test, with an administrator (token and signed-in browser) and a staff member. */
export interface Org {
  id: string;
  name: string;
  venue: string;
  admin: Client;
  staff: Client;
  browser: Browser;
}

export interface World {
  t: TestApp;
  org(municipality?: string): Promise<Org>;
  /** A published event of the organisation in `days` days. */
  event(org: Org, overrides?: Record<string, unknown>, days?: number): Promise<string>;
  programme(org: Org): Promise<string>;
  close(): Promise<void>;
}

let n = 0;

export async function world(dialect: Dialect, baseUrl = 'http://ponte.test'): Promise<World> {
  const t = await createTestApp(dialect, { rateLimitMax: 0, baseUrl });
  const person = async (role: 'org-admin' | 'staff', organisation: string) => {
    const email = `${role}${++n}@widget.example`;
    const { id } = await createUser(t.db, { email, name: `Persona ${n}`, role, organisation, password: 'una-password-lunga' });
    return { client: bearer(t.app, await createApiToken(t.db, id, 'test')), email };
  };
  return {
    t,
    org: async (municipality = '100005') => {
      const name = `Comune widget ${++n}`;
      const id = (await createOrganisation(t.db, { name, type: 'comune', municipality })).id;
      const venue = (await createVenue(t.db, id, { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality })).id;
      const admin = await person('org-admin', id);
      const browser = new Browser(t.app);
      await browser.signIn(admin.email, 'una-password-lunga');
      return { id, name, venue, admin: admin.client, staff: (await person('staff', id)).client, browser };
    },
    event: async (org, overrides = {}, days = 10) => {
      const start = new Date(Date.now() + days * 86_400_000).toISOString();
      const { id } = await createEvent(t.app.deps, null, {
        organisation: org.id,
        title: 'Incontro sullo SPID',
        description: 'Come attivare e usare SPID, passo per passo.',
        type: 'incontro',
        format: 'in_presenza',
        venue: org.venue,
        capacity: 10,
        maxSeatsPerBooking: 4,
        bookingRequired: true,
        status: 'published',
        sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
        ...overrides,
      });
      return id;
    },
    programme: async (org) =>
      (await createProgramme(t.db, null, { organisation: org.id, name: `Programma ${++n}`, start: '2026-01-01', end: '2028-12-31' })).id,
    close: () => t.close(),
  };
}
