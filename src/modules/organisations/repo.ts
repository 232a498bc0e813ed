import type { Kysely, Transaction } from 'kysely';
import { deleteRows, findRow, insertRow, organisationOfRow, replaceRows, selectRows, updateRows } from '../../core/rows.js';
import type { Db } from '../../db/index.js';
import type { AgreementTable, Database, OrganisationTable, VenueTable } from '../../db/schema.js';

/** The SQL of organisations, venues and agreements; the service checks and presents. */
type Executor = Kysely<Database> | Transaction<Database>;

// ---------- owners, for access rules ----------

export async function organisationIdOf(db: Db, id: string): Promise<string | undefined> {
  return (await findRow(db, 'organisations', { id }, ['id']))?.id;
}

export const ownerOfVenue = (db: Db, venueId: string): Promise<string | undefined> => organisationOfRow(db, 'venues', venueId);

export const ownerOfAgreement = (db: Db, agreementId: string): Promise<string | undefined> =>
  organisationOfRow(db, 'agreements', agreementId);

// ---------- organisations ----------

export const memberMunicipalitiesOf = (db: Db, organisationIds: string[]) =>
  selectRows(db, 'organisation_municipalities', { organisation_id: organisationIds }, []);

export const findOrganisation = (db: Db, id: string): Promise<OrganisationTable | undefined> => findRow(db, 'organisations', { id });

/** Organisations by name, optionally limited to some ids (`null` = all). */
export async function organisationRows(db: Db, ids: string[] | null): Promise<OrganisationTable[]> {
  let q = db.k.selectFrom('organisations').selectAll().orderBy('name');
  if (ids) q = q.where('id', 'in', ids);
  return q.execute();
}

export const organisationNameRows = (db: Db, ids: string[]): Promise<{ id: string; name: string }[]> =>
  selectRows(db, 'organisations', { id: ids }, [], undefined, ['id', 'name']);

export const insertOrganisation = (trx: Executor, row: OrganisationTable): Promise<void> => insertRow(trx, 'organisations', row);

export async function updateOrganisationRow(trx: Executor, id: string, set: Partial<OrganisationTable>): Promise<void> {
  await updateRows(trx, 'organisations', { id }, set);
}

/** Replaces an organisation's member municipalities (`replace`) or adds them to none (a new one). */
export async function setMemberMunicipalities(trx: Executor, id: string, codes: string[], replace: boolean): Promise<void> {
  const rows = codes.map((code) => ({ organisation_id: id, municipality_code: code }));
  await replaceRows(trx, 'organisation_municipalities', { organisation_id: id }, rows, replace);
}

// ---------- venues ----------

export const venueRowsOf = (db: Db, organisationId: string): Promise<VenueTable[]> =>
  selectRows(db, 'venues', { organisation_id: organisationId }, ['name']);

export const venueRows = (db: Db, ids: string[]): Promise<VenueTable[]> => selectRows(db, 'venues', { id: ids }, []);

export const insertVenue = (db: Db, row: VenueTable): Promise<void> => insertRow(db, 'venues', row);

export async function updateVenueRow(db: Db, id: string, set: Partial<VenueTable>): Promise<void> {
  await updateRows(db, 'venues', { id }, set);
}

export async function deleteVenueRow(db: Db, id: string): Promise<void> {
  await deleteRows(db, 'venues', { id });
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

export const agreementRowsOf = (db: Db, organisationId: string): Promise<AgreementTable[]> =>
  selectRows(db, 'agreements', { organisation_id: organisationId }, ['start_date desc']);

export const findAgreement = (db: Db, id: string): Promise<AgreementTable | undefined> => findRow(db, 'agreements', { id });

export async function existingOrganisationIds(db: Db, ids: string[]): Promise<string[]> {
  return (await selectRows(db, 'organisations', { id: ids }, [], undefined, ['id'])).map((r) => r.id);
}

export const insertAgreement = (trx: Executor, row: AgreementTable): Promise<void> => insertRow(trx, 'agreements', row);

export async function updateAgreementRow(trx: Executor, id: string, set: Partial<AgreementTable>): Promise<void> {
  await updateRows(trx, 'agreements', { id }, set);
}

/** Replaces an agreement's partners. */
export async function setAgreementPartners(trx: Executor, id: string, partners: string[], replace: boolean): Promise<void> {
  const rows = partners.map((p) => ({ agreement_id: id, organisation_id: p }));
  await replaceRows(trx, 'agreement_partners', { agreement_id: id }, rows, replace);
}

export async function deleteAgreementRow(db: Db, id: string): Promise<void> {
  await deleteRows(db, 'agreements', { id });
}
