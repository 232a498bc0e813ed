import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { acceptedPartners, listOrganisations, listVenues, type Venue } from '../organisations/service.js';
import { listProgrammes } from '../programmes/service.js';
import * as svc from './service.js';
import type * as views from './views.js';

/** The programmes and venues a person may record services in, for the record forms. */
export async function recordFormChoices(deps: Deps, principal: Principal): Promise<views.FormChoices> {
  const { db } = deps;
  const orgs = svc.recordingOrganisations(principal);
  const programmes = orgs === null ? await listProgrammes(db, null) : (await Promise.all(orgs.map((o) => listProgrammes(db, o)))).flat();
  // A programme's partners offer their venues only once they have accepted the partnership.
  const owners = [...new Set(programmes.map((p) => p.organisation.id))];
  const accepted = new Map(
    await Promise.all(owners.map(async (o) => [o, new Set((await acceptedPartners(db, o)).map((x) => x.id))] as const)),
  );
  const venueOrgs = [
    ...new Set(
      programmes.flatMap((p) => [p.organisation.id, ...p.partners.map((x) => x.id).filter((x) => accepted.get(p.organisation.id)?.has(x))]),
    ),
  ];
  const [venues, orgList, provinces] = await Promise.all([
    Promise.all(venueOrgs.map((o) => listVenues(db, o))),
    listOrganisations(db, venueOrgs),
    svc.provinceList(db),
  ]);
  const names = new Map(orgList.map((o) => [o.id, o.name]));
  return {
    programmes: programmes.map((p) => ({
      id: p.id,
      name: p.name,
      organisation: p.organisation.name,
      nationalReporting: p.nationalReporting,
    })),
    venueGroups: venueOrgs
      .map((o, i) => ({ organisation: names.get(o) ?? '', venues: venues[i].map((v: Venue) => ({ id: v.id, name: v.name })) }))
      .filter((g) => g.venues.length > 0),
    provinces,
  };
}
