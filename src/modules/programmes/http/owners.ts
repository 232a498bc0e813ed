import { type Access, orgAccessTo, ownerOf } from '../../../core/access.js';
import type { Role } from '../../../core/roles.js';
import type { Db } from '../../../db/index.js';
import { organisationOfProgramme } from '../service.js';

/** The organisation owning the programme a path names, for `orgAccess`. */
export const programmeOwner = (db: Db) => ownerOf(db, 'programmeId', organisationOfProgramme);

/** The rule of a route under /…/programmes/:programmeId: one of the roles in the organisation owning the programme. */
export const programmeAccess = (db: Db, roles: Role[]): Access => orgAccessTo(db, 'programmeId', roles, organisationOfProgramme);
