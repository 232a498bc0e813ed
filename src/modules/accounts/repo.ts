import type { Db } from '../../db/index.js';

export async function findUserByEmail(db: Db, email: string) {
  return db.k.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The account whose mobile number (E.164) this is. */
export async function findUserByPhone(db: Db, e164: string) {
  return db.k.selectFrom('users').selectAll().where('phone', '=', e164).executeTakeFirst();
}

export async function findUserById(db: Db, id: string) {
  return db.k.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function membersOf(db: Db, organisationId: string) {
  return db.k
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id as userId',
      'users.name',
      'users.email',
      'users.phone',
      'users.national_id as nationalId',
      'users.national_name as nationalName',
      'memberships.role',
      'memberships.id as membershipId',
    ])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.name')
    .execute();
}
