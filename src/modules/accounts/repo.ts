import type { Db } from '../../db/index.js';

export async function findUserByEmail(db: Db, email: string) {
  return db.k.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
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
      'users.national_id as nationalId',
      'users.national_name as nationalName',
      'memberships.role',
      'memberships.id as membershipId',
    ])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.name')
    .execute();
}
