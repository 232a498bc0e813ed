import type { Config } from '../../src/config.js';
import { createApiToken } from '../../src/core/auth.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

type Client = ReturnType<typeof bearer>;

/**
 * Prato (one comune) and the Unione Valnure e Valchero (six), a staff member of each with an API
 * token, a real SMTP server, and a published process of Prato open today. Other parts of the
 * module build on it: `proposal()` submits and confirms one the way a citizen does.
 */
export interface ParticipationWorld {
  t: TestApp;
  smtp: TestSmtp;
  prato: string;
  valnure: string;
  staff: Client;
  outsider: Client;
  anonymous: Client;
  /** A published process of Prato, phases around today, categories Connettività and Scuola. */
  process: string;
  /** A valid proposal body, with overrides. */
  proposalBody(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Submits a proposal by the API and opens the link of its e-mail: a public proposal's id. */
  proposal(overrides?: Record<string, unknown>, processId?: string): Promise<string>;
  /** Runs the due jobs (the e-mails) until none is left. */
  runJobs(): Promise<void>;
  /** The token of the last confirmation link e-mailed to the address. */
  linkFor(email: string): Promise<string>;
  /** A signed-in staff browser of Prato. */
  staffBrowser(): Promise<Browser>;
  close(): Promise<void>;
}

const dayFrom = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const PHASES = [
  { name: 'Lancio', start: dayFrom(-30), end: dayFrom(-11) },
  { name: 'Proposte', start: dayFrom(-10), end: dayFrom(10) },
  { name: 'Assemblee', start: dayFrom(11), end: dayFrom(30) },
];

export async function participationWorld(dialect: Dialect, overrides: Partial<Config> = {}): Promise<ParticipationWorld> {
  const smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const t = await createTestApp(dialect, { smtpUrl, baseUrl: 'http://ponte.test', rateLimitMax: 0, ...overrides });
  const prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const valnure = (
    await createOrganisation(t.db, {
      name: 'Unione dei Comuni Valnure e Valchero',
      type: 'unione',
      municipality: '033035',
      memberMunicipalities: ['033011', '033025', '033035', '033036', '033040', '033045'],
    })
  ).id;
  const staffOf = async (email: string, org: string) => {
    const { id } = await createUser(t.db, { email, name: 'Staff', role: 'staff', organisation: org, password: 'una-password-lunga' });
    return bearer(t.app, await createApiToken(t.db, id, 'test'));
  };
  const staff = await staffOf('staff@prato.example', prato);
  const outsider = await staffOf('staff@valnure.example', valnure);
  const created = await staff('POST', '/api/v1/processes', {
    organisation: prato,
    title: 'Prato digitale',
    categories: ['Connettività', 'Scuola'],
    supportThreshold: 3,
    phases: PHASES,
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  const process = created.json().id as string;
  const runJobs = async () => {
    for (let i = 0; i < 10 && (await t.app.deps.jobs.runDue()) > 0; i++);
  };
  const linkFor = async (email: string) => {
    await runJobs();
    const mails = smtp.to(email);
    const text = mails[mails.length - 1]?.text ?? '';
    const m = /\/partecipa\/conferma\/([A-Za-z0-9_-]+)/.exec(text);
    if (!m) throw new Error(`no confirmation link e-mailed to ${email}`);
    return m[1];
  };
  const proposalBody = (overrides: Record<string, unknown> = {}) => ({
    title: 'Wi-Fi libero in biblioteca',
    body: 'Una rete senza password\nnelle sale studio.',
    municipality: '100005',
    category: 'Connettività',
    email: 'ada@example.org',
    ...overrides,
  });
  let n = 0;
  return {
    t,
    smtp,
    prato,
    valnure,
    staff,
    outsider,
    anonymous: (method, url, payload, headers = {}) => t.app.inject({ method, url, headers, payload: payload as object }),
    process,
    proposalBody,
    proposal: async (overrides = {}, processId = process) => {
      const email = `proponente${++n}@example.org`;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/processes/${processId}/proposals`,
        payload: proposalBody({ email, ...overrides }),
      });
      if (res.statusCode !== 201) throw new Error(res.body);
      const opened = await t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await linkFor(email)}` });
      if (opened.statusCode !== 200) throw new Error(opened.body);
      return res.json().id as string;
    },
    runJobs,
    linkFor,
    staffBrowser: async () => {
      const b = new Browser(t.app);
      await b.signIn('staff@prato.example', 'una-password-lunga');
      return b;
    },
    close: async () => {
      await t.close();
      await smtp.stop();
    },
  };
}
