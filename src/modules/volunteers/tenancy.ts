import { newId } from '../../core/ids.js';
import type { TenancyFixtures } from '../../core/module.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import * as repo from './repo.js';
import { apply, createShift } from './service.js';

/** The sign-up made with each fixture's shift, so the attendance body can name it. */
const signupOfShift = new Map<string, string>();

/** A volunteer record of the organisation, with no account behind it (none is needed here). */
async function volunteerOf(db: Db, organisationId: string): Promise<string> {
  const id = newId();
  await repo.insertVolunteer(db.k, {
    id,
    organisation_id: organisationId,
    user_id: newId(),
    application_id: null,
    municipality_code: '100005',
    skills: '[]',
    active: 1,
    created_at: nowIso(),
  });
  return id;
}

/** The tenancy matrix's records of volunteers: a pending application and a published shift. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    applicationId: async (w, org) =>
      (
        await apply(
          w.db,
          {
            organisation: w.org[org],
            name: `Volontaria ${w.next()}`,
            email: `volontaria${w.next()}@example.org`,
            municipality: '100005',
            ageBand: '18-29',
            skills: ['smartphone'],
            availability: ['mon:morning'],
            codeOfConduct: true,
          },
          'it',
        )
      ).id,
    volunteerId: (w, org) => volunteerOf(w.db, w.org[org]),
    shiftId: async (w, org) => {
      const shift = await createShift(w.db, null, {
        organisation: w.org[org],
        title: `Turno ${w.next()}`,
        start: '2030-03-02T09:00:00Z',
        end: '2030-03-02T12:00:00Z',
        needed: 2,
        skills: [],
      });
      // A volunteer signed up for it.
      const volunteerId = await volunteerOf(w.db, w.org[org]);
      const signupId = newId();
      await repo.insertSignupIfRoom(w.db.k, { id: signupId, shiftId: shift.id, volunteerId, now: nowIso() });
      signupOfShift.set(shift.id, signupId);
      return shift.id;
    },
  },
  bodies: {
    'POST /api/v1/volunteer-applications/:applicationId/decline': () => ({ message: 'Grazie' }),
    'POST /admin/shifts/:shiftId/presenze': (_w, _org, ids) => ({ signup: signupOfShift.get(ids.shiftId) ?? newId(), present: '1' }),
    'POST /admin/organisations/:organisationId/turni': () => ({
      title: 'Turno',
      date: '2030-03-02',
      from: '09:00',
      to: '12:00',
      needed: '2',
    }),
    'POST /api/v1/shifts/:shiftId/attendance': (_w, _org, ids) => ({ signup: signupOfShift.get(ids.shiftId) ?? newId(), present: true }),
  },
};
