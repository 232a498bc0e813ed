import type { Config } from '../../src/config.js';
import { createApiToken } from '../../src/core/auth.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

/** Prato and Firenze, a staff member of each with an API token, a real SMTP server. */
export interface VolunteerWorld {
  t: TestApp;
  smtp: TestSmtp;
  prato: string;
  firenze: string;
  staff: ReturnType<typeof bearer>;
  outsider: ReturnType<typeof bearer>;
  anonymous: ReturnType<typeof bearer>;
  /** A valid application body of Prato, with overrides. */
  application(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Applies and approves; answers the new volunteer's API client and user id. */
  volunteer(email: string, skills?: string[]): Promise<{ client: ReturnType<typeof bearer>; userId: string; token: string }>;
  /** A published shift of Prato starting in `hours` hours, lasting 3 hours. */
  shift(overrides?: Record<string, unknown>, hours?: number): Promise<string>;
  runJobs(): Promise<void>;
  close(): Promise<void>;
}

export const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

export async function volunteerWorld(dialect: Dialect, overrides: Partial<Config> = {}): Promise<VolunteerWorld> {
  const smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const t = await createTestApp(dialect, { smtpUrl, baseUrl: 'http://ponte.test', rateLimitMax: 0, ...overrides });
  const prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
  const staffOf = async (email: string, org: string) => {
    const { id } = await createUser(t.db, { email, name: 'Staff', role: 'staff', organisation: org, password: 'una-password-lunga' });
    return bearer(t.app, await createApiToken(t.db, id, 'test'));
  };
  const staff = await staffOf('staff@prato.example', prato);
  const outsider = await staffOf('staff@firenze.example', firenze);
  const application = (overrides: Record<string, unknown> = {}) => ({
    organisation: prato,
    name: 'Giulia Neri',
    email: 'giulia@example.org',
    municipality: '100005',
    ageBand: '18-29',
    school: 'Liceo Copernico',
    skills: ['smartphone', 'spid-cie'],
    availability: ['mon:afternoon', 'sat:morning'],
    codeOfConduct: true,
    ...overrides,
  });
  return {
    t,
    smtp,
    prato,
    firenze,
    staff,
    outsider,
    anonymous: (method, url, payload, headers = {}) => t.app.inject({ method, url, headers, payload: payload as object }),
    application,
    volunteer: async (email, skills = ['smartphone', 'spid-cie']) => {
      const applied = await t.app.inject({
        method: 'POST',
        url: '/api/v1/volunteer-applications',
        payload: application({ email, skills }),
      });
      if (applied.statusCode !== 201) throw new Error(applied.body);
      const approved = await staff('POST', `/api/v1/volunteer-applications/${applied.json().id}/approve`);
      if (approved.statusCode !== 200) throw new Error(approved.body);
      const userId = approved.json().userId as string;
      const token = await createApiToken(t.db, userId, 'volontario');
      return { userId, token, client: bearer(t.app, token) };
    },
    shift: async (overrides = {}, hours = 72) => {
      const res = await staff('POST', '/api/v1/shifts', {
        organisation: prato,
        title: 'Sportello SPID in biblioteca',
        start: inHours(hours),
        end: inHours(hours + 3),
        needed: 2,
        skills: ['spid-cie'],
        ...overrides,
      });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json().id as string;
    },
    runJobs: async () => {
      for (let i = 0; i < 5 && (await t.app.deps.jobs.runDue()) > 0; i++);
    },
    close: async () => {
      await t.close();
      await smtp.stop();
    },
  };
}
