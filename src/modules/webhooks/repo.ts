import type { Kysely, Transaction } from 'kysely';
import { listRows } from '../../core/list-rows.js';
import { findRow, insertRow, organisationOfRow, selectRows, updateRows } from '../../core/rows.js';
import type { Db } from '../../db/index.js';
import type { Database, WebhookDeliveryTable, WebhookSubscriptionTable } from '../../db/schema.js';

/** The webhooks' SQL: subscriptions and their delivery log. */

export type Executor = Kysely<Database> | Transaction<Database>;

// ---------- subscriptions ----------

export const subscriptionOrganisation = (db: Db, id: string): Promise<string | undefined> =>
  organisationOfRow(db, 'webhook_subscriptions', id);

export function subscriptionRows(db: Db, organisationId: string): Promise<WebhookSubscriptionTable[]> {
  return listRows(db, 'webhook_subscriptions', 'organisation_id', organisationId, 'created_at');
}

export function subscriptionRow(db: Db, id: string): Promise<WebhookSubscriptionTable | undefined> {
  return findRow(db, 'webhook_subscriptions', { id });
}

/** The active subscriptions of an organisation and the events each wants (stored JSON). */
export function activeSubscriptions(db: Db, organisationId: string): Promise<{ id: string; events: string }[]> {
  return db.k
    .selectFrom('webhook_subscriptions')
    .select(['id', 'events'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', 1)
    .execute();
}

export const insertSubscription = (db: Db, row: WebhookSubscriptionTable): Promise<void> => insertRow(db, 'webhook_subscriptions', row);

/** Changes a subscription; false when it does not exist. */
export async function updateSubscriptionRow(db: Db, id: string, set: Partial<WebhookSubscriptionTable>): Promise<boolean> {
  return (await updateRows(db, 'webhook_subscriptions', { id }, set)) > 0;
}

/** Deletes the subscription and its delivery log in one transaction. */
export async function deleteSubscriptionRows(db: Db, id: string): Promise<void> {
  await db.k.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
    await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
  });
}

// ---------- deliveries ----------

export function deliveryRows(db: Db, subscriptionId: string, limit: number): Promise<WebhookDeliveryTable[]> {
  return selectRows(db, 'webhook_deliveries', { subscription_id: subscriptionId }, ['created_at desc', 'id desc'], limit);
}

export const insertDelivery = (trx: Executor, row: WebhookDeliveryTable): Promise<void> => insertRow(trx, 'webhook_deliveries', row);

/** Removes the subscriptions' finished deliveries created before `before`. */
export async function purgeDeliveryRows(trx: Executor, subscriptionIds: string[], before: string): Promise<void> {
  await trx
    .deleteFrom('webhook_deliveries')
    .where('subscription_id', 'in', subscriptionIds)
    .where('created_at', '<', before)
    .where('status', '<>', 'pending')
    .execute();
}

/** A delivery with where and how to send it; undefined once deleted with its subscription. */
export function deliveryToSend(db: Db, deliveryId: string) {
  return db.k
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .select(['d.id', 'd.event_type', 'd.body', 'd.status', 's.url', 's.secret', 's.active'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

export type AttemptRecord = Pick<
  WebhookDeliveryTable,
  'attempts' | 'last_attempt_at' | 'status' | 'response_status' | 'last_error' | 'delivered_at'
>;

/** Records one attempt of a delivery still pending. */
export async function recordAttempt(db: Db, deliveryId: string, set: Partial<AttemptRecord>): Promise<void> {
  await db.k.updateTable('webhook_deliveries').set(set).where('id', '=', deliveryId).where('status', '=', 'pending').execute();
}
