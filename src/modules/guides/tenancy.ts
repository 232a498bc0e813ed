import type { TenancyFixtures } from '../../core/module.js';
import { createSheet } from './service.js';

/** The tenancy matrix's records of guides: a service sheet (its versions are in skills' versionId). */
export const tenancy: TenancyFixtures = {
  fixtures: {
    serviceId: async (w, org) =>
      (
        await createSheet(
          w.db,
          { userId: null, name: null },
          {
            organisation: w.org[org],
            name: `Attivare lo SPID ${w.next()}`,
            summary: 'Come attivare lo SPID, passo per passo.',
            category: 'identita-digitale',
            access: ['none'],
            status: 'published',
          },
        )
      ).id,
  },
  bodies: {
    'PATCH /api/v1/services/:serviceId': () => ({ name: 'Scheda rinominata dal test' }),
    'PUT /api/v1/services/:serviceId/steps': () => ({ steps: [{ text: 'Apri il sito del servizio.' }] }),
    'POST /api/v1/services/:serviceId/versions/:versionId/restore': () => ({}),
    'POST /api/v1/organisations/:organisationId/services/import': (w) => ({
      csv: `name,summary,category\nScheda importata ${w.next()},Serve per provare l'importazione.,anagrafe\n`,
    }),
    'POST /admin/organisations/:organisationId/servizi': (w) => ({
      name: `Nuova scheda ${w.next()}`,
      category: 'anagrafe',
      summary: 'Serve per provare la creazione.',
    }),
    'POST /admin/organisations/:organisationId/servizi/import': (w) => ({
      intent: 'check',
      pending: Buffer.from(`name,summary,category\nScheda controllata ${w.next()},Serve per provare il controllo.,anagrafe\n`).toString(
        'base64',
      ),
    }),
    'POST /admin/servizi/:serviceId': (w) => ({
      intent: 'save',
      name: 'Scheda rinominata dal test',
      slug: `scheda-rinominata-${w.next()}`,
      summary: 'Come attivare lo SPID, passo per passo.',
      category: 'identita-digitale',
    }),
    'POST /admin/servizi/:serviceId/stato': () => ({ status: 'draft' }),
    'POST /admin/servizi/:serviceId/versioni/:versionId/ripristina': () => ({}),
  },
};
