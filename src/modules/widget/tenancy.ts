import type { TenancyFixtures } from '../../core/module.js';
import { addOrigin } from './service.js';

/** The tenancy matrix's records of the widget: an allowed website. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    widgetOriginId: async (w, org) =>
      (await addOrigin(w.db, w.org[org], { origin: `https://sito-${org.toLowerCase()}-${w.next()}.example.org` }, null)).id,
  },
  bodies: {
    'POST /api/v1/organisations/:organisationId/widget-origins': (w) => ({ origin: `https://nuovo-${w.next()}.example.org` }),
    'POST /admin/organisations/:organisationId/widget': (w) => ({ origin: `https://pagina-${w.next()}.example.org` }),
  },
};
