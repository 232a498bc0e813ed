import type { TenancyFixtures, TenancyOrg, TenancyWorld } from '../../core/module.js';
import { listVersions } from '../guides/service.js';
import { bankOverview, createDraft, discardDraft, versionItems } from './service.js';

/** A draft of the organisation's skills item bank (one draft at a time: the previous one goes). */
async function freshSkillsDraft(w: TenancyWorld, org: TenancyOrg) {
  const { draft } = await bankOverview(w.db, w.org[org]);
  if (draft) await discardDraft(w.db, draft.id);
  return createDraft(w.db, w.org[org], null);
}

/**
 * The tenancy matrix's records of skills: a draft of the item bank and one of its items. The
 * parameter `versionId` is shared with the service sheets of guides: the route tells them apart.
 */
export const tenancy: TenancyFixtures = {
  fixtures: {
    versionId: async (w, org, ids, route) => {
      if (route?.url.startsWith('/admin/skill-versions/')) return (await freshSkillsDraft(w, org)).id;
      if (!ids.serviceId) {
        throw new Error(
          `${route ? `${route.method} ${route.url}` : 'versionId'}: add a fixture for this kind of version (here versionId is not a service sheet's)`,
        );
      }
      const sheet = ids.serviceId;
      return (await listVersions(w.db, sheet))[0].id;
    },
    itemId: async (w, org) => {
      const draft = await freshSkillsDraft(w, org);
      return (await versionItems(w.db, draft.id))[0].id;
    },
  },
  bodies: {
    'POST /admin/skill-versions/:versionId/domande': () => ({
      competence: '4.1',
      level: '3',
      kind: 'self',
      textIt: 'So riconoscere un sito con il lucchetto e l’indirizzo giusto.',
    }),
    'POST /admin/skill-items/:itemId': () => ({ competence: '1.1', level: '2', kind: 'self', textIt: 'So cercare un orario su internet.' }),
  },
};
