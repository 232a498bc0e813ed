import type { TenancyFixtures } from '../../core/module.js';
import { createSubscription } from './service.js';

/** The tenancy matrix's records of webhooks: a subscription. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    webhookId: async (w, org) =>
      (
        await createSubscription(
          w.deps,
          w.org[org],
          { url: `https://hooks.example.org/${org}/${w.next()}`, events: ['registration.created'] },
          null,
        )
      ).subscription.id,
  },
  bodies: {
    'POST /api/v1/organisations/:organisationId/webhooks': (w) => ({
      url: `https://hooks.example.org/nuovo/${w.next()}`,
      events: ['registration.created', 'registration.cancelled'],
    }),
    'PATCH /api/v1/webhooks/:webhookId': () => ({ url: 'https://hooks.example.org/cambiato', active: false }),
    'POST /admin/organisations/:organisationId/webhooks': (w) => ({
      url: `https://hooks.example.org/pagina/${w.next()}`,
      events: ['registration.created', 'registration.promoted'],
    }),
    'POST /admin/webhooks/:webhookId': () => ({ url: 'https://hooks.example.org/cambiato', events: 'registration.checked_in' }),
    'POST /admin/webhooks/:webhookId/active': () => ({ active: '0' }),
  },
};
