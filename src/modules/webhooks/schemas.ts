import { z } from 'zod';
import { DESCRIPTION_MAX, URL_MAX, WEBHOOK_EVENTS } from './service.js';

/**
 * The API's shapes. Bodies are checked for types here (400); what the values mean (an http(s)
 * address, known event types) is checked by the service, which answers 422 with one message per
 * field, the same messages the pages show.
 */

export const WebhookParam = z.object({ webhookId: z.string() });
export const OrgParam = z.object({ organisationId: z.string() });

const events = z.array(z.string()).describe(`Event types to receive, at least one of: ${WEBHOOK_EVENTS.join(', ')}.`);

export const WebhookCreate = z.object({
  url: z
    .string()
    .optional()
    .describe(`Where deliveries are POSTed: an http(s) address without credentials, at most ${URL_MAX} characters.`),
  events: events.optional(),
  description: z.string().nullable().optional().describe(`A note for staff, at most ${DESCRIPTION_MAX} characters.`),
});

export const WebhookPatch = z.object({
  url: z.string().optional(),
  events: events.optional(),
  description: z.string().nullable().optional(),
  active: z.boolean().optional().describe('false pauses the subscription: nothing is sent until it is true again.'),
});

export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional().describe('How many of the latest deliveries (default 50).'),
});

export const Subscription = z.object({
  id: z.string(),
  organisation: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const SubscriptionWithSecret = Subscription.extend({
  secret: z.string().describe('The signing secret. Shown only in this answer: keep it where the receiver can read it.'),
});

export const Delivery = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  responseStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  body: z.unknown(),
});
