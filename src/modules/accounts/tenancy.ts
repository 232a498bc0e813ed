import type { TenancyFixtures } from '../../core/module.js';
import { createUser } from './service.js';

/** The tenancy matrix's records of accounts: a member of the organisation. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    userId: async (w, org) =>
      // A facilitator of the organisation, whose identity on the national platform an admin sets.
      (
        await createUser(w.db, {
          email: `facilitatrice${w.next()}@matrice.example`,
          name: `Facilitatrice ${w.next()}`,
          role: 'facilitator',
          organisation: w.org[org],
          password: 'una-password-lunga',
        })
      ).id,
  },
  bodies: {
    'POST /admin/organisations/:organisationId/members': (w) => ({
      name: 'Persona Nuova',
      email: `nuova${w.next()}@esempio.it`,
      role: 'staff',
    }),
    'PATCH /api/v1/organisations/:organisationId/members/:userId/national-identity': () => ({
      nationalId: '4815162342',
      nationalName: "D'Angelo Maria",
    }),
    'POST /admin/organisations/:organisationId/members/:userId': () => ({ nationalId: '4815162342', nationalName: "D'Angelo Maria" }),
  },
};
