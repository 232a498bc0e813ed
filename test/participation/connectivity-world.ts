import type { LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config.js';
import { createApiToken } from '../../src/core/auth.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, type TestApp } from '../helpers.js';

export const PASSWORD = 'una-password-lunga';

/** The Unione Valnure e Valchero (six comuni) and Gussago, a staff member of each. */
export interface ConnectivityWorld {
  t: TestApp;
  valnure: string;
  gussago: string;
  staff: ReturnType<typeof bearer>;
  outsider: ReturnType<typeof bearer>;
  /** The Unione's staff member signed in, for the back-office pages. */
  staffBrowser(): Promise<Browser>;
  /** A valid report body of the Unione, by comune and street, with overrides. */
  body(overrides?: Record<string, unknown>): Record<string, unknown>;
  post(body: Record<string, unknown>): Promise<LightMyRequestResponse>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export async function connectivityWorld(dialect: Dialect, config: Partial<Config> = {}): Promise<ConnectivityWorld> {
  const t = await createTestApp(dialect, { rateLimitMax: 0, ...config });
  const valnure = (
    await createOrganisation(t.db, {
      name: 'Unione dei Comuni Valnure e Valchero',
      type: 'unione',
      municipality: '033035',
      memberMunicipalities: ['033011', '033025', '033035', '033036', '033040', '033045'],
    })
  ).id;
  const gussago = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
  const staffOf = async (email: string, org: string) => {
    const { id } = await createUser(t.db, { email, name: 'Staff', role: 'staff', organisation: org, password: PASSWORD });
    return bearer(t.app, await createApiToken(t.db, id, 'test'));
  };
  const staff = await staffOf('staff@valnure.example', valnure);
  const outsider = await staffOf('staff@gussago.example', gussago);
  const body = (overrides: Record<string, unknown> = {}) => ({
    organisation: valnure,
    locality: '033025',
    hamlet: 'Sariano',
    street: 'Strada per Sariano 3',
    problem: 'no-broadband',
    operator: 'unknown',
    building: 'home',
    ...overrides,
  });
  return {
    t,
    valnure,
    gussago,
    staff,
    outsider,
    staffBrowser: async () => {
      const b = new Browser(t.app);
      await b.signIn('staff@valnure.example', PASSWORD);
      return b;
    },
    body,
    post: (b) => t.app.inject({ method: 'POST', url: '/api/v1/connectivity-reports', payload: b }),
    count: async () =>
      Number(
        (
          await t.db.k
            .selectFrom('connectivity_reports')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    close: () => t.close(),
  };
}
