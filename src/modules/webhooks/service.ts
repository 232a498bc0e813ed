import { nowIso } from '../../core/time.js';

/** What an organisation can subscribe to. */
export const WEBHOOK_EVENTS = [
  'registration.created',
  'registration.cancelled',
  'registration.promoted',
  'registration.checked_in',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The job that fans one occurrence out to the organisation's active subscriptions. */
export const WEBHOOK_EMIT_KIND = 'webhooks.emit';

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
