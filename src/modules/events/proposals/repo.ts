import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../../db/index.js';
import type { Database, EventProposalTable } from '../../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The SQL of partners' proposals, and the figures of events held at a partner's venues. */

export async function proposal(db: Db, id: string): Promise<EventProposalTable | undefined> {
  return db.k.selectFrom('event_proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProposal(db: Executor, row: EventProposalTable): Promise<void> {
  await db.insertInto('event_proposals').values(row).execute();
}

/** Changes a proposal only while it has the status expected: a decision taken twice at once changes it once. */
export async function updateIfStatus(
  db: Executor,
  id: string,
  expected: EventProposalTable['status'][],
  set: Partial<EventProposalTable>,
): Promise<boolean> {
  const r = await db.updateTable('event_proposals').set(set).where('id', '=', id).where('status', 'in', expected).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function proposalsOf(db: Db, column: 'organisation_id' | 'partner_id', organisationId: string): Promise<EventProposalTable[]> {
  return db.k
    .selectFrom('event_proposals')
    .selectAll()
    .where(column, '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/** Events held at the venues given, not drafts, newest first, with the people present counted at the door. */
export async function eventsAtVenues(db: Db, venueIds: string[]) {
  if (venueIds.length === 0) return [];
  return db.k
    .selectFrom('events')
    .select((eb) => [
      'events.id',
      'events.title',
      'events.organisation_id',
      'events.venue_id',
      'events.starts_at',
      'events.status',
      'events.capacity',
      'events.taken',
      'events.waiting',
      eb
        .selectFrom('event_checkins')
        .select((c) => c.fn.coalesce(c.fn.sum<number>('event_checkins.people'), c.lit(0)).as('n'))
        .whereRef('event_checkins.event_id', '=', 'events.id')
        .as('present'),
    ])
    .where('events.venue_id', 'in', venueIds)
    .where('events.status', '<>', 'draft')
    .orderBy('events.starts_at', 'desc')
    .limit(500)
    .execute();
}
