import { type Access, orgAccessTo, ownerOf } from '../../core/access.js';
import { isId, newId } from '../../core/ids.js';
import { type PatchColumns, patchOf } from '../../core/patch.js';
import { fieldError, refuse } from '../../core/problems.js';
import type { Role } from '../../core/roles.js';
import { hasRow } from '../../core/rows.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { AgreementTable, OrganisationTable, VenueTable } from '../../db/schema.js';
import { type MunicipalityView, municipalitiesByCodes } from './municipalities.js';
import { requestPartnershipsOfAgreement } from './partnerships.js';
import * as repo from './repo.js';
import {
  AgreementCreate,
  nationalFieldErrors,
  OrganisationCreate,
  OrganisationPatch,
  type OrganisationPatchInput,
  type OrganisationType,
  VenueCreate,
  VenuePatch,
  type VenuePatchInput,
} from './schemas.js';

export {
  getMunicipality,
  type MunicipalityView,
  municipalitiesByCodes,
  municipalitySearchAnswer,
  normaliseName,
  resolveMunicipality,
  searchMunicipalities,
} from './municipalities.js';
export {
  acceptedPartnerIds,
  acceptedPartners,
  actOnPartnership,
  answerPartnership,
  endPartnership,
  getPartnership,
  listPartnerships,
  type Partnership,
  PartnershipOut,
  PartnershipRequest,
  type PartnershipStatus,
  partnershipSide,
  pendingRequestsFor,
  requestPartnership,
  venueRefusal,
} from './partnerships.js';
export { ORGANISATION_TYPES, OrganisationOut, type OrganisationType, VenueOut } from './schemas.js';

// ---------- owners, for access rules ----------

export async function organisationIdIfExists(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return repo.organisationIdOf(db, id);
}

/** The organisation a path's `:organisationId` names, when it exists, for `orgAccess`. */
export const organisationOwner = (db: Db) => ownerOf(db, 'organisationId', organisationIdIfExists);

/** The rule of a route under /…/organisations/:organisationId: one of the roles in that organisation. */
export const organisationAccess = (db: Db, roles: Role[]): Access => orgAccessTo(db, 'organisationId', roles, organisationIdIfExists);

export async function organisationOfVenue(db: Db, venueId: string | undefined): Promise<string | undefined> {
  if (!isId(venueId)) return undefined;
  return repo.ownerOfVenue(db, venueId);
}

export async function organisationOfAgreement(db: Db, agreementId: string | undefined): Promise<string | undefined> {
  if (!isId(agreementId)) return undefined;
  return repo.ownerOfAgreement(db, agreementId);
}

// ---------- organisations ----------

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  municipality: MunicipalityView | null;
  description: string | null;
  website: string | null;
  email: string | null;
  /** Public contact phone for the people who book ("Per informazioni"). */
  phone: string | null;
  /** Code in the Indice dei domicili digitali della PA (IPA): identifies the publisher of open data. */
  ipaCode: string | null;
  memberMunicipalities: MunicipalityView[];
  page: string;
}

async function assertMunicipalities(db: Db, codes: string[], field: string): Promise<void> {
  const found = await municipalitiesByCodes(db, codes);
  const missing = codes.filter((c) => !found.get(c)?.active);
  if (missing.length > 0) {
    const codes = missing.join(', ');
    throw refuse(422, 'org.problem.municipality', { codes }, [fieldError(field, 'org.problem.municipality.field', { codes })]);
  }
}

/** Refuses national-platform fields that break its rules (422 naming each), before anything is written. */
function assertNationalFields(data: Parameters<typeof nationalFieldErrors>[0]): void {
  const errors = nationalFieldErrors(data);
  if (errors.length > 0) throw refuse(422, 'org.problem.national', undefined, errors);
}

async function present(db: Db, rows: OrganisationTable[]): Promise<Organisation[]> {
  if (rows.length === 0) return [];
  const members = await repo.memberMunicipalitiesOf(
    db,
    rows.map((r) => r.id),
  );
  const codes = [...rows.map((r) => r.municipality_code), ...members.map((m) => m.municipality_code)];
  const municipalities = await municipalitiesByCodes(db, codes);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type as OrganisationType,
    municipality: municipalities.get(r.municipality_code) ?? null,
    description: r.description,
    website: r.website,
    email: r.email,
    phone: r.phone ?? null,
    ipaCode: r.ipa_code ?? null,
    memberMunicipalities: members
      .filter((m) => m.organisation_id === r.id)
      .map((m) => municipalities.get(m.municipality_code))
      .filter((m): m is MunicipalityView => !!m)
      .sort((a, b) => a.name.localeCompare(b.name, 'it')),
    page: `/admin/organisations/${r.id}`,
  }));
}

export async function getOrganisation(db: Db, id: string): Promise<Organisation> {
  if (!isId(id)) throw refuse(404, 'org.problem.missing');
  const row = await repo.findOrganisation(db, id);
  if (!row) throw refuse(404, 'org.problem.missing');
  return (await present(db, [row]))[0];
}

/** Organisations, optionally limited to some ids (`null` = all). */
export async function listOrganisations(db: Db, ids: string[] | null = null): Promise<Organisation[]> {
  if (ids && ids.length === 0) return [];
  return present(db, await repo.organisationRows(db, ids));
}

/**
 * An organisation's public contacts, for a page that names it (an event's organiser): one read of
 * its row, without the comuni `getOrganisation` also gathers. Undefined when it does not exist.
 */
export async function organisationContacts(db: Db, id: string): Promise<{ website: string | null; phone: string | null } | undefined> {
  if (!isId(id)) return undefined;
  const row = await repo.findOrganisation(db, id);
  return row ? { website: row.website, phone: row.phone ?? null } : undefined;
}

export async function organisationNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await repo.organisationNameRows(db, ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function createOrganisation(db: Db, input: unknown): Promise<Organisation> {
  const data = parse(OrganisationCreate, input);
  assertNationalFields(data);
  await assertMunicipalities(db, [data.municipality], 'municipality');
  const members = [...new Set(data.memberMunicipalities ?? [])];
  await assertMunicipalities(db, members, 'memberMunicipalities');
  const id = newId();
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await repo.insertOrganisation(trx, {
      id,
      name: data.name,
      type: data.type,
      municipality_code: data.municipality,
      description: data.description ?? null,
      website: data.website ?? null,
      email: data.email ?? null,
      phone: data.phone ?? null,
      ipa_code: data.ipaCode ?? null,
      created_at: now,
      updated_at: now,
    });
    await repo.setMemberMunicipalities(trx, id, members, false);
  });
  return getOrganisation(db, id);
}

/** Where each field of an organisation's update goes. */
const ORGANISATION_COLUMNS: PatchColumns<OrganisationPatchInput, OrganisationTable> = {
  name: 'name',
  type: 'type',
  municipality: 'municipality_code',
  description: 'description',
  website: 'website',
  email: 'email',
  phone: 'phone',
  ipaCode: 'ipa_code',
};

export async function updateOrganisation(db: Db, id: string, input: unknown): Promise<Organisation> {
  const data = parse(OrganisationPatch, input);
  assertNationalFields(data);
  await getOrganisation(db, id);
  if (data.municipality) await assertMunicipalities(db, [data.municipality], 'municipality');
  const members = data.memberMunicipalities ? [...new Set(data.memberMunicipalities)] : undefined;
  if (members) await assertMunicipalities(db, members, 'memberMunicipalities');
  await db.k.transaction().execute(async (trx) => {
    const set = patchOf<typeof data, OrganisationTable>(data, ORGANISATION_COLUMNS, { updated_at: nowIso() });
    await repo.updateOrganisationRow(trx, id, set);
    if (members) await repo.setMemberMunicipalities(trx, id, members, true);
  });
  return getOrganisation(db, id);
}

// ---------- venues ----------

export interface Venue {
  id: string;
  organisation: string;
  name: string;
  address: string;
  municipality: MunicipalityView | null;
  capacity: number | null;
  latitude: number | null;
  longitude: number | null;
  stepFree: boolean;
  accessibility: string | null;
  openingNotes: string | null;
  /** IDSede: the facilitation point's numeric id on the national platform. */
  nationalId: string | null;
  /** NominativoSede: its name there, as set (the venue's own name when none is set). */
  nationalName: string;
  postalCode: string | null;
  mapUrl: string;
}

/** A map link that needs no third-party script: OpenStreetMap at the coordinates, or a search by address. */
export function mapUrl(v: { latitude: number | null; longitude: number | null; address: string }, municipality?: string): string {
  if (v.latitude !== null && v.longitude !== null) {
    return `https://www.openstreetmap.org/?mlat=${v.latitude}&mlon=${v.longitude}#map=18/${v.latitude}/${v.longitude}`;
  }
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent([v.address, municipality].filter(Boolean).join(', '))}`;
}

async function presentVenues(db: Db, rows: VenueTable[]): Promise<Venue[]> {
  const municipalities = await municipalitiesByCodes(
    db,
    rows.map((r) => r.municipality_code),
  );
  return rows.map((r) => {
    const m = municipalities.get(r.municipality_code) ?? null;
    return {
      id: r.id,
      organisation: r.organisation_id,
      name: r.name,
      address: r.address,
      municipality: m,
      capacity: r.capacity,
      latitude: r.latitude,
      longitude: r.longitude,
      stepFree: r.step_free === 1,
      accessibility: r.accessibility,
      openingNotes: r.opening_notes,
      nationalId: r.national_id,
      nationalName: r.national_name ?? r.name,
      postalCode: r.postal_code ?? null,
      mapUrl: mapUrl(r, m?.name),
    };
  });
}

export async function listVenues(db: Db, organisationId: string): Promise<Venue[]> {
  return presentVenues(db, await repo.venueRowsOf(db, organisationId));
}

export async function getVenue(db: Db, id: string): Promise<Venue> {
  if (!isId(id)) throw refuse(404, 'org.problem.venue.missing');
  const [row] = await repo.venueRows(db, [id]);
  if (!row) throw refuse(404, 'org.problem.venue.missing');
  return (await presentVenues(db, [row]))[0];
}

/** Venues by id, for other modules that show where things happen. */
export async function venuesByIds(db: Db, ids: string[]): Promise<Map<string, Venue>> {
  if (ids.length === 0) return new Map();
  const rows = await repo.venueRows(db, [...new Set(ids)]);
  return new Map((await presentVenues(db, rows)).map((v) => [v.id, v]));
}

export async function createVenue(db: Db, organisationId: string, input: unknown): Promise<Venue> {
  const data = parse(VenueCreate, input);
  assertNationalFields(data);
  await assertMunicipalities(db, [data.municipality], 'municipality');
  const id = newId();
  const now = nowIso();
  await repo.insertVenue(db, {
    id,
    organisation_id: organisationId,
    name: data.name,
    address: data.address,
    municipality_code: data.municipality,
    latitude: data.latitude ?? null,
    longitude: data.longitude ?? null,
    capacity: data.capacity ?? null,
    step_free: data.stepFree ? 1 : 0,
    accessibility: data.accessibility ?? null,
    opening_notes: data.openingNotes ?? null,
    national_id: data.nationalId ?? null,
    national_name: data.nationalName ?? null,
    postal_code: data.postalCode ?? null,
    created_at: now,
    updated_at: now,
  });
  return getVenue(db, id);
}

/** Where each field of a venue's update goes. */
const VENUE_COLUMNS: PatchColumns<VenuePatchInput, VenueTable> = {
  name: 'name',
  address: 'address',
  municipality: 'municipality_code',
  latitude: 'latitude',
  longitude: 'longitude',
  capacity: 'capacity',
  stepFree: (v) => ({ step_free: v ? 1 : 0 }),
  accessibility: 'accessibility',
  openingNotes: 'opening_notes',
  nationalId: 'national_id',
  nationalName: 'national_name',
  postalCode: 'postal_code',
};

export async function updateVenue(db: Db, id: string, input: unknown): Promise<Venue> {
  const data = parse(VenuePatch, input);
  assertNationalFields(data);
  await getVenue(db, id);
  if (data.municipality) await assertMunicipalities(db, [data.municipality], 'municipality');
  const set = patchOf<typeof data, VenueTable>(data, VENUE_COLUMNS, { updated_at: nowIso() });
  await repo.updateVenueRow(db, id, set);
  return getVenue(db, id);
}

export async function deleteVenue(db: Db, id: string): Promise<void> {
  await getVenue(db, id);
  try {
    await repo.deleteVenueRow(db, id);
  } catch {
    // A foreign key from an event or a desk: the venue is still in use.
    throw refuse(409, 'org.problem.venue.inUse');
  }
}

// ---------- agreements ----------

export interface Agreement {
  id: string;
  organisation: string;
  title: string;
  partners: { id: string; name: string }[];
  start: string;
  end: string | null;
  commitments: string | null;
  documentUrl: string | null;
}

async function presentAgreements(db: Db, rows: AgreementTable[]): Promise<Agreement[]> {
  if (rows.length === 0) return [];
  const partners = await repo.agreementPartnerRows(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    organisation: r.organisation_id,
    title: r.title,
    partners: partners.filter((p) => p.agreement_id === r.id).map((p) => ({ id: p.id, name: p.name })),
    start: r.start_date,
    end: r.end_date,
    commitments: r.commitments,
    documentUrl: r.document_url,
  }));
}

export async function listAgreements(db: Db, organisationId: string): Promise<Agreement[]> {
  return presentAgreements(db, await repo.agreementRowsOf(db, organisationId));
}

export async function getAgreement(db: Db, id: string): Promise<Agreement> {
  if (!isId(id)) throw refuse(404, 'org.problem.agreement.missing');
  const row = await repo.findAgreement(db, id);
  if (!row) throw refuse(404, 'org.problem.agreement.missing');
  return (await presentAgreements(db, [row]))[0];
}

async function assertPartners(db: Db, organisationId: string, partners: string[]): Promise<string[]> {
  const unique = [...new Set(partners)].filter((p) => p !== organisationId);
  if (unique.length === 0) return [];
  const found = await repo.existingOrganisationIds(db, unique);
  const missing = unique.filter((p) => !found.includes(p));
  if (missing.length > 0) {
    throw refuse(422, 'org.problem.partners', undefined, [
      fieldError('partners', 'org.problem.partners.field', { ids: missing.join(', ') }),
    ]);
  }
  return unique;
}

/**
 * Records an agreement. Each partner named that has no partnership with the organisation yet is
 * asked for one: the agreement opens its venues only once it accepts (signs it in Ponte).
 */
export async function createAgreement(db: Db, organisationId: string, input: unknown, userId: string | null = null): Promise<Agreement> {
  const data = parse(AgreementCreate, input);
  const partners = await assertPartners(db, organisationId, data.partners);
  const id = newId();
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await repo.insertAgreement(trx, {
      id,
      organisation_id: organisationId,
      title: data.title,
      start_date: data.start,
      end_date: data.end ?? null,
      commitments: data.commitments ?? null,
      document_url: data.documentUrl ?? null,
      created_at: now,
      updated_at: now,
    });
    await repo.setAgreementPartners(trx, id, partners, false);
    await requestPartnershipsOfAgreement(trx, organisationId, partners, userId);
  });
  return getAgreement(db, id);
}

/** Replaces an agreement's fields (the form always sends all of them); partners added are asked as above. */
export async function updateAgreement(db: Db, id: string, input: unknown, userId: string | null = null): Promise<Agreement> {
  const current = await getAgreement(db, id);
  const data = parse(AgreementCreate, input);
  const partners = await assertPartners(db, current.organisation, data.partners);
  await db.k.transaction().execute(async (trx) => {
    await repo.updateAgreementRow(trx, id, {
      title: data.title,
      start_date: data.start,
      end_date: data.end ?? null,
      commitments: data.commitments ?? null,
      document_url: data.documentUrl ?? null,
      updated_at: nowIso(),
    });
    await repo.setAgreementPartners(trx, id, partners, true);
    // Only partners added now are asked: editing the agreement does not ask again one that declined.
    const added = partners.filter((p) => !current.partners.some((c) => c.id === p));
    await requestPartnershipsOfAgreement(trx, current.organisation, added, userId);
  });
  return getAgreement(db, id);
}

export async function deleteAgreement(db: Db, id: string): Promise<void> {
  await getAgreement(db, id);
  await repo.deleteAgreementRow(db, id);
}

/** Ids and names of the organisations given, ordered by name, in one query: for lists of other modules' records by owner. */
export async function organisationsByName(db: Db, ids: string[]): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db.k.selectFrom('organisations').select(['id', 'name']).where('id', 'in', unique).orderBy('name').execute();
}

/** Each province of the comuni Ponte knows, by name and sigla, once: for facilitation's domicile field (AN12). */
export async function provincesOfMunicipalities(db: Db): Promise<{ province: string; provinceCode: string }[]> {
  const rows = await db.k.selectFrom('municipalities').select(['province', 'province_code']).distinct().execute();
  return rows.map((r) => ({ province: r.province, provinceCode: r.province_code }));
}

/** Whether a cadastral code belongs to a comune Ponte knows (active or not): for checking a codice fiscale. */
export async function cadastralCodeKnown(db: Db, cadastralCode: string): Promise<boolean> {
  return hasRow(db, 'municipalities', { cadastral_code: cadastralCode }, 'code');
}

/** A `tel:` link for a phone as typed ("0574 123 456" → "tel:0574123456"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
