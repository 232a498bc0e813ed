import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../db/index.js';
import type { AgreementTable, Database, OrganisationTable, VenueTable } from '../../db/schema.js';

/** The SQL of organisations, venues and agreements; the service checks and presents. */
type Executor = Kysely<Database> | Transaction<Database>;

// ---------- owners, for access rules ----------

export async function organisationIdOf(db: Db, id: string): Promise<string | undefined> {
  const row = await db.k.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
  return row?.id;
}

export async function ownerOfVenue(db: Db, venueId: string): Promise<string | undefined> {
  const row = await db.k.selectFrom('venues').select('organisation_id').where('id', '=', venueId).executeTakeFirst();
  return row?.organisation_id;
}

export async function ownerOfAgreement(db: Db, agreementId: string): Promise<string | undefined> {
  const row = await db.k.selectFrom('agreements').select('organisation_id').where('id', '=', agreementId).executeTakeFirst();
  return row?.organisation_id;
}

// ---------- organisations ----------

export async function memberMunicipalitiesOf(db: Db, organisationIds: string[]) {
  return db.k
    .selectFrom('organisation_municipalities')
    .select(['organisation_id', 'municipality_code'])
    .where('organisation_id', 'in', organisationIds)
    .execute();
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationTable | undefined> {
  return db.k.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Organisations by name, optionally limited to some ids (`null` = all). */
export async function organisationRows(db: Db, ids: string[] | null): Promise<OrganisationTable[]> {
  let q = db.k.selectFrom('organisations').selectAll().orderBy('name');
  if (ids) q = q.where('id', 'in', ids);
  return q.execute();
}

export async function organisationNameRows(db: Db, ids: string[]): Promise<{ id: string; name: string }[]> {
  return db.k.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function insertOrganisation(trx: Executor, row: OrganisationTable): Promise<void> {
  await trx.insertInto('organisations').values(row).execute();
}

export async function updateOrganisationRow(trx: Executor, id: string, set: Partial<OrganisationTable>): Promise<void> {
  await trx.updateTable('organisations').set(set).where('id', '=', id).execute();
}

/** Replaces an organisation's member municipalities (`replace`) or adds them to none (a new one). */
export async function setMemberMunicipalities(trx: Executor, id: string, codes: string[], replace: boolean): Promise<void> {
  if (replace) await trx.deleteFrom('organisation_municipalities').where('organisation_id', '=', id).execute();
  if (codes.length > 0) {
    await trx
      .insertInto('organisation_municipalities')
      .values(codes.map((code) => ({ organisation_id: id, municipality_code: code })))
      .execute();
  }
}

// ---------- venues ----------

export async function venueRowsOf(db: Db, organisationId: string): Promise<VenueTable[]> {
  return db.k.selectFrom('venues').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
}

export async function venueRows(db: Db, ids: string[]): Promise<VenueTable[]> {
  return db.k.selectFrom('venues').selectAll().where('id', 'in', ids).execute();
}

export async function insertVenue(db: Db, row: VenueTable): Promise<void> {
  await db.k.insertInto('venues').values(row).execute();
}

export async function updateVenueRow(db: Db, id: string, set: Partial<VenueTable>): Promise<void> {
  await db.k.updateTable('venues').set(set).where('id', '=', id).execute();
}

export async function deleteVenueRow(db: Db, id: string): Promise<void> {
  await db.k.deleteFrom('venues').where('id', '=', id).execute();
}

// ---------- agreements ----------

export async function agreementPartnerRows(db: Db, agreementIds: string[]) {
  return db.k
    .selectFrom('agreement_partners')
    .innerJoin('organisations', 'organisations.id', 'agreement_partners.organisation_id')
    .select(['agreement_partners.agreement_id', 'organisations.id', 'organisations.name'])
    .where('agreement_partners.agreement_id', 'in', agreementIds)
    .orderBy('organisations.name')
    .execute();
}

export async function agreementRowsOf(db: Db, organisationId: string): Promise<AgreementTable[]> {
  return db.k.selectFrom('agreements').selectAll().where('organisation_id', '=', organisationId).orderBy('start_date', 'desc').execute();
}

export async function findAgreement(db: Db, id: string): Promise<AgreementTable | undefined> {
  return db.k.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function existingOrganisationIds(db: Db, ids: string[]): Promise<string[]> {
  return (await db.k.selectFrom('organisations').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

export async function insertAgreement(trx: Executor, row: AgreementTable): Promise<void> {
  await trx.insertInto('agreements').values(row).execute();
}

export async function updateAgreementRow(trx: Executor, id: string, set: Partial<AgreementTable>): Promise<void> {
  await trx.updateTable('agreements').set(set).where('id', '=', id).execute();
}

/** Replaces an agreement's partners. */
export async function setAgreementPartners(trx: Executor, id: string, partners: string[], replace: boolean): Promise<void> {
  if (replace) await trx.deleteFrom('agreement_partners').where('agreement_id', '=', id).execute();
  if (partners.length > 0) {
    await trx
      .insertInto('agreement_partners')
      .values(partners.map((p) => ({ agreement_id: id, organisation_id: p })))
      .execute();
  }
}

export async function deleteAgreementRow(db: Db, id: string): Promise<void> {
  await db.k.deleteFrom('agreements').where('id', '=', id).execute();
}
