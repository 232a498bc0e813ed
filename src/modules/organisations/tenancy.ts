import type { TenancyFixtures } from '../../core/module.js';
import { commitmentBodies, commitmentId } from './commitments-tenancy.js';
import { answerPartnership, createAgreement, createOrganisation, createVenue, requestPartnership } from './service.js';

/** The tenancy matrix's records of organisations: the organisation itself, its partnerships, venues and agreements. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    organisationId: async (w, org) => w.org[org],
    commitmentId,
    partnershipId: async (w, org, _ids, route) => {
      // A newcomer asks the organisation to be its partner: a request to accept or decline, or,
      // accepted already, a partnership to end.
      const asker = (await createOrganisation(w.db, { name: `Associazione ${w.next()}`, type: 'associazione', municipality: '100005' })).id;
      const p = await requestPartnership(w.db, asker, { partner: w.org[org] }, null);
      if (route?.url.endsWith('/end')) await answerPartnership(w.db, p.id, w.org[org], 'accept', null);
      return p.id;
    },
    venueId: async (w, org) =>
      (
        await createVenue(w.db, w.org[org], {
          name: `Sala civica ${w.next()}`,
          address: 'Piazza del Comune 1',
          municipality: org === 'A' ? '100005' : '017081',
          capacity: 40,
        })
      ).id,
    agreementId: async (w, org) =>
      (
        await createAgreement(w.db, w.org[org], {
          title: `Protocollo d'intesa ${w.next()}`,
          partners: [w.partner[org]],
          start: '2025-01-01',
          commitments: 'Ospitare gli incontri.',
        })
      ).id,
  },
  bodies: {
    ...commitmentBodies,
    'PATCH /api/v1/organisations/:organisationId': () => ({ description: 'Cambiata dal test', memberMunicipalities: [] }),
    'POST /api/v1/organisations/:organisationId/venues': (w, org) => ({
      name: `Nuova sede ${w.next()}`,
      address: 'Via Roma 1',
      municipality: org === 'A' ? '100005' : '017081',
    }),
    'PATCH /api/v1/venues/:venueId': () => ({ name: 'Sede rinominata', capacity: 99 }),
    'DELETE /api/v1/venues/:venueId': () => ({}),
    'POST /api/v1/organisations/:organisationId/agreements': (w, org) => ({
      title: 'Nuovo protocollo',
      partners: [w.partner[org]],
      start: '2025-02-01',
    }),
    'PUT /api/v1/agreements/:agreementId': () => ({ title: 'Protocollo riscritto', partners: [], start: '2025-03-01' }),
    'POST /api/v1/organisations/:organisationId/partnerships': (w) => ({ partner: w.spare() }),
    'POST /api/v1/organisations/:organisationId/partnerships/:partnershipId/accept': () => ({}),
    'POST /api/v1/organisations/:organisationId/partnerships/:partnershipId/decline': () => ({}),
    'POST /api/v1/organisations/:organisationId/partnerships/:partnershipId/end': () => ({}),
    'POST /admin/organisations/:organisationId/partnerships': (w) => ({ partner: w.spare() }),
    'POST /admin/organisations/:organisationId/partnerships/:partnershipId/accept': () => ({}),
    'POST /admin/organisations/:organisationId/partnerships/:partnershipId/decline': () => ({}),
    'POST /admin/organisations/:organisationId/partnerships/:partnershipId/end': () => ({}),
    'DELETE /api/v1/agreements/:agreementId': () => ({}),
    'POST /admin/organisations/:organisationId': (_w, org) => ({
      name: org === 'A' ? 'Comune di Prato' : 'Comune di Gussago',
      type: 'comune',
      municipality: org === 'A' ? 'Prato' : 'Gussago',
      description: 'Cambiata dal test',
      memberMunicipalities: '',
    }),
    'POST /admin/organisations/:organisationId/venues': (w, org) => ({
      name: `Nuova sede ${w.next()}`,
      address: 'Via Roma 1',
      municipality: org === 'A' ? 'Prato' : 'Gussago',
    }),
    'POST /admin/venues/:venueId': (_w, org) => ({
      name: 'Sede rinominata',
      address: 'Via Roma 2',
      municipality: org === 'A' ? 'Prato' : 'Gussago',
    }),
    'POST /admin/venues/:venueId/delete': () => ({}),
    'POST /admin/organisations/:organisationId/agreements': (w, org) => ({
      title: 'Nuovo protocollo',
      partners: [w.partner[org]],
      start: '2025-02-01',
    }),
    'POST /admin/agreements/:agreementId': () => ({ title: 'Protocollo riscritto', start: '2025-03-01' }),
    'POST /admin/agreements/:agreementId/delete': () => ({}),
  },
};
