import type { Config } from '../../config.js';
import { newId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { addMs, nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { WebhookDeliveryTable, WebhookSubscriptionTable } from '../../db/schema.js';
import { isPrivateHost } from './addresses.js';
import { messages } from './messages.js';
import * as repo from './repo.js';
import { encryptSecret } from './secrets.js';
import { newSigningSecret } from './signing.js';

/** What an organisation can subscribe to. */
export const WEBHOOK_EVENTS = [
  'registration.created',
  'registration.cancelled',
  'registration.promoted',
  'registration.updated',
  'registration.checked_in',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The job that fans one occurrence out to the organisation's active subscriptions. */
export const WEBHOOK_EMIT_KIND = 'webhooks.emit';
/** The job that POSTs one delivery to one subscription, retried with the queue's back-off. */
export const WEBHOOK_DELIVER_KIND = 'webhooks.deliver';
/** Attempts of one delivery before it is marked failed (the last comes about an hour after the first). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** How long a receiver has to answer one attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Finished deliveries older than this leave the log (purged whenever the subscription gets a new one). */
export const DELIVERY_KEEP_DAYS = 30;
/** The type of the test delivery staff can send from the subscription's page. */
export const PING_TYPE = 'ping';
export const URL_MAX = 2000;
export const DESCRIPTION_MAX = 200;

export interface WebhookJob {
  kind: string;
  payload: unknown;
  runAt: string;
  dedupeKey: string | null;
}

/**
 * The job to enqueue, in the transaction of the change, when something subscribers may want
 * happened. `data` carries ids, statuses and counts, never names, e-mails or phones.
 */
export function webhookJob(organisationId: string, type: WebhookEventType, data: Record<string, unknown>, now = nowIso()): WebhookJob {
  return { kind: WEBHOOK_EMIT_KIND, payload: { organisationId, type, data, occurredAt: now }, runAt: now, dedupeKey: null };
}

export function isWebhookEvent(value: unknown): value is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly unknown[]).includes(value);
}

// ---------- subscriptions ----------

export interface SubscriptionView {
  id: string;
  organisation: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export function eventsOf(stored: string): WebhookEventType[] {
  try {
    const parsed = JSON.parse(stored) as unknown;
    return Array.isArray(parsed) ? parsed.filter(isWebhookEvent) : [];
  } catch {
    return [];
  }
}

function toView(row: WebhookSubscriptionTable): SubscriptionView {
  return {
    id: row.id,
    organisation: row.organisation_id,
    url: row.url,
    events: eventsOf(row.events),
    description: row.description,
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The organisation owning a subscription (access rules); undefined when it does not exist. */
export async function organisationOfSubscription(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!id) return undefined;
  return repo.subscriptionOrganisation(db, id);
}

export async function listSubscriptions(db: Db, organisationId: string): Promise<SubscriptionView[]> {
  return (await repo.subscriptionRows(db, organisationId)).map(toView);
}

export async function getSubscription(db: Db, id: string): Promise<SubscriptionView> {
  const row = await repo.subscriptionRow(db, id);
  if (!row) throw notFound();
  return toView(row);
}

interface Input {
  url?: unknown;
  events?: unknown;
  description?: unknown;
}

interface Checked {
  url?: string;
  events?: WebhookEventType[];
  description?: string | null;
}

type Reason = { key: string; vars?: Record<string, string | number> };

/** Why a URL cannot receive webhooks, as a dictionary key, or null when it can. */
function urlReason(config: Pick<Config, 'webhookAllowPrivate'>, raw: unknown): Reason | null {
  if (typeof raw !== 'string' || raw.trim() === '') return { key: 'webhooks.url.missing' };
  const typed = raw.trim();
  const tooLong = { key: 'webhooks.url.tooLong', vars: { max: URL_MAX } };
  if (typed.length > URL_MAX) return tooLong;
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { key: 'webhooks.url.invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { key: 'webhooks.url.scheme' };
  if (!url.hostname) return { key: 'webhooks.url.noHost' };
  if (url.username || url.password) return { key: 'webhooks.url.credentials' };
  if (url.href.length > URL_MAX) return tooLong;
  if (!config.webhookAllowPrivate && isPrivateHost(url.hostname)) return { key: 'webhooks.url.private' };
  return null;
}

/** The reason a URL cannot receive webhooks, in Italian, or null when it can. */
export function urlProblem(config: Pick<Config, 'webhookAllowPrivate'>, raw: unknown): string | null {
  const reason = urlReason(config, raw);
  return reason && fill(messages.it[reason.key], reason.vars);
}

const fill = (text: string, vars?: Reason['vars']) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));

const notFound = () => refuse(404, 'webhooks.notFound');

/** Checks a subscription's fields; throws 422 naming every bad field, so nothing is written. */
function check(config: Pick<Config, 'webhookAllowPrivate'>, input: Input, partial: boolean): Checked {
  const errors: FieldError[] = [];
  const out: Checked = {};
  if (!partial || input.url !== undefined) {
    const reason = urlReason(config, input.url);
    if (reason) errors.push(fieldError('url', reason.key, reason.vars));
    else out.url = new URL((input.url as string).trim()).href;
  }
  if (!partial || input.events !== undefined) {
    const list = Array.isArray(input.events) ? input.events : input.events === undefined ? [] : [input.events];
    const unknown = list.filter((e) => !isWebhookEvent(e));
    if (unknown.length > 0) {
      errors.push(fieldError('events', 'webhooks.events.unknown', { types: unknown.map((e) => JSON.stringify(e)).join(', ') }));
    } else if (list.length === 0) {
      errors.push(fieldError('events', 'webhooks.events.none'));
    } else {
      out.events = WEBHOOK_EVENTS.filter((e) => list.includes(e));
    }
  }
  if (input.description !== undefined && input.description !== null) {
    if (typeof input.description !== 'string') errors.push(fieldError('description', 'webhooks.description.notText'));
    else if (input.description.trim().length > DESCRIPTION_MAX) {
      errors.push(fieldError('description', 'webhooks.description.tooLong', { max: DESCRIPTION_MAX }));
    } else out.description = input.description.trim() || null;
  } else if (input.description === null) {
    out.description = null;
  }
  if (errors.length > 0) throw refuse(422, 'webhooks.invalid', undefined, errors);
  return out;
}

export interface WithSecret {
  subscription: SubscriptionView;
  /** The signing secret, in clear: shown once, never again. */
  secret: string;
}

export async function createSubscription(
  deps: { db: Db; config: Config },
  organisationId: string,
  input: Input,
  createdBy: string | null,
): Promise<WithSecret> {
  const data = check(deps.config, input, false);
  const secret = newSigningSecret();
  const now = nowIso();
  const row: WebhookSubscriptionTable = {
    id: newId(),
    organisation_id: organisationId,
    url: data.url as string,
    events: JSON.stringify(data.events),
    secret: encryptSecret(deps.config, secret),
    description: data.description ?? null,
    active: 1,
    created_by: createdBy,
    created_at: now,
    updated_at: now,
  };
  await repo.insertSubscription(deps.db, row);
  return { subscription: toView(row), secret };
}

export async function updateSubscription(
  deps: { db: Db; config: Config },
  id: string,
  input: Input & { active?: unknown },
): Promise<SubscriptionView> {
  const data = check(deps.config, input, true);
  const set: Partial<WebhookSubscriptionTable> = { updated_at: nowIso() };
  if (data.url !== undefined) set.url = data.url;
  if (data.events !== undefined) set.events = JSON.stringify(data.events);
  if (data.description !== undefined) set.description = data.description;
  if (input.active !== undefined) set.active = input.active ? 1 : 0;
  if (!(await repo.updateSubscriptionRow(deps.db, id, set))) throw notFound();
  return getSubscription(deps.db, id);
}

export async function setActive(db: Db, id: string, active: boolean): Promise<void> {
  await repo.updateSubscriptionRow(db, id, { active: active ? 1 : 0, updated_at: nowIso() });
}

/** A new signing secret replaces the old one at once: the next attempt of every delivery uses it. */
export async function rotateSecret(deps: { db: Db; config: Config }, id: string): Promise<WithSecret> {
  const secret = newSigningSecret();
  const updated = await repo.updateSubscriptionRow(deps.db, id, { secret: encryptSecret(deps.config, secret), updated_at: nowIso() });
  if (!updated) throw notFound();
  return { subscription: await getSubscription(deps.db, id), secret };
}

/** Deletes the subscription and its delivery log; retries still queued find nothing and stop. */
export async function deleteSubscription(db: Db, id: string): Promise<void> {
  await repo.deleteSubscriptionRows(db, id);
}

// ---------- deliveries ----------

export interface DeliveryView {
  id: string;
  type: string;
  status: WebhookDeliveryTable['status'];
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  body: unknown;
}

export async function listDeliveries(db: Db, subscriptionId: string, limit = 50): Promise<DeliveryView[]> {
  const rows = await repo.deliveryRows(db, subscriptionId, limit);
  return rows.map((r) => ({
    id: r.id,
    type: r.event_type,
    status: r.status,
    attempts: Number(r.attempts),
    responseStatus: r.response_status === null ? null : Number(r.response_status),
    lastError: r.last_error,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    deliveredAt: r.delivered_at,
    body: JSON.parse(r.body) as unknown,
  }));
}

type Executor = repo.Executor;

/** Queues one delivery row and its job; the caller's transaction commits them together. */
export async function queueDelivery(
  trx: Executor,
  row: Omit<WebhookDeliveryTable, 'status' | 'attempts' | 'response_status' | 'last_error' | 'last_attempt_at' | 'delivered_at'>,
): Promise<void> {
  await repo.insertDelivery(trx, {
    ...row,
    status: 'pending',
    attempts: 0,
    response_status: null,
    last_error: null,
    last_attempt_at: null,
    delivered_at: null,
  });
  await enqueueJob(
    trx,
    WEBHOOK_DELIVER_KIND,
    { deliveryId: row.id },
    { maxAttempts: WEBHOOK_MAX_ATTEMPTS, dedupeKey: `webhook:${row.id}`, runAt: row.created_at },
  );
}

/** Removes finished deliveries past the keeping period from the subscriptions' logs. */
export async function purgeDeliveries(trx: Executor, subscriptionIds: string[], now: string): Promise<void> {
  if (subscriptionIds.length === 0) return;
  await repo.purgeDeliveryRows(trx, subscriptionIds, addMs(now, -DELIVERY_KEEP_DAYS * 86_400_000));
}

/** The envelope every receiver gets: ids, statuses and counts only. */
export function deliveryBody(id: string, type: string, occurredAt: string, organisationId: string, data: Record<string, unknown>): string {
  return JSON.stringify({ id, type, occurredAt, organisationId, data });
}

/** Queues a test delivery of type "ping" to one subscription (sent even while it is paused). */
export async function sendTestPing(db: Db, subscriptionId: string): Promise<string> {
  const sub = await repo.subscriptionRow(db, subscriptionId);
  if (!sub) throw notFound();
  const id = newId();
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await queueDelivery(trx, {
      id,
      organisation_id: sub.organisation_id,
      subscription_id: sub.id,
      event_type: PING_TYPE,
      body: deliveryBody(id, PING_TYPE, now, sub.organisation_id, { subscriptionId: sub.id }),
      created_at: now,
    });
    await purgeDeliveries(trx, [sub.id], now);
  });
  return id;
}

/**
 * The SQL condition "the organisation given by the SQL expression `organisation` (a placeholder or
 * a parameter) has an active subscription", for statements of other modules that write an emit job
 * in the same statement as the change, and only when someone listens.
 */
export function activeSubscriptionSql(organisation: string): string {
  return `exists (select 1 from webhook_subscriptions where organisation_id = ${organisation} and active = 1)`;
}
