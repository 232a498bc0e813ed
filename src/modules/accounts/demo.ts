import type { DemoContext } from '../../core/module.js';
import type { Db } from '../../db/index.js';
import * as accounts from './service.js';

/** Demo password of every demo account: for trying Ponte locally, never seeded in production. */
export const DEMO_PASSWORD = 'ponte-demo-2026';

/** The demo's staff accounts, one or more per organisation, each added to the logins printed at start. */
export async function seedDemoAccounts(db: Db, { ids, logins }: DemoContext): Promise<void> {
  const user = async (email: string, name: string, role: accounts.NewUser['role'], orgKey?: string) => {
    await accounts.createUser(db, {
      email,
      name,
      role,
      organisation: orgKey ? ids.organisations[orgKey] : undefined,
      password: DEMO_PASSWORD,
    });
    logins.push({ email, role, organisation: orgKey ?? '(tutte)' });
  };

  await user('admin@ponte.example', 'Amministrazione Ponte', 'platform-admin');
  await user('agenda.digitale@prato.example', 'Laura Bianchi', 'org-admin', 'prato');
  await user('staff@prato.example', 'Marco Rossi', 'staff', 'prato');
  await user('facilitatore@prato.example', 'Giulia Conti', 'facilitator', 'prato');
  await user('circolo@arci-prato.example', 'Paolo Neri', 'partner', 'arci');
  await user('staff@firenze.example', 'Chiara Innocenti', 'org-admin', 'firenze');
  await user('staff@consorzio.example', 'Andrea Garatti', 'org-admin', 'consorzio');
  await user('animatore@valnure.example', 'Sara Piva', 'volunteer', 'valnure');
  await user('admin@valnure.example', 'Luca Ferrari', 'org-admin', 'valnure');
  await user('urp@gussago.example', 'Elena Marchina', 'org-admin', 'gussago');
}
