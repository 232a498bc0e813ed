import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRouter, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import {
  DeliveriesQuery,
  Delivery,
  OrgParam,
  Subscription,
  SubscriptionWithSecret,
  WebhookCreate,
  WebhookParam,
  WebhookPatch,
} from '../schemas.js';
import * as svc from '../service.js';
import { webhookAccess, withSecret } from './access.js';

/** The webhooks API: an organisation's subscriptions, and each one's deliveries, secret and test. */
export async function registerWebhookApi(app: FastifyInstance, deps: Deps): Promise<void> {
  const api = apiRouter(app, { tags: ['webhooks'] });
  registerSubscriptionsApi(api, deps);
  registerSubscriptionApi(api, deps);
  registerSubscriptionActionsApi(api, deps);
}

function registerSubscriptionsApi(api: ApiRouter, deps: Deps): void {
  const { byOrg } = webhookAccess(deps);
  api.get(
    '/api/v1/organisations/:organisationId/webhooks',
    {
      access: byOrg,
      summary: "The organisation's webhook subscriptions (signing secrets are never shown again)",
      params: OrgParam,
      ok: z.object({ items: Subscription.array() }),
    },
    async ({ req }) => ({ items: await svc.listSubscriptions(deps.db, req.targetOrganisationId!) }),
  );

  api.post(
    '/api/v1/organisations/:organisationId/webhooks',
    {
      access: byOrg,
      summary: 'Subscribe a URL to signed webhooks; the answer carries the signing secret, shown only this once',
      params: OrgParam,
      body: WebhookCreate,
      created: SubscriptionWithSecret,
      responses: {
        422: { description: 'Not an http(s) URL, credentials in the URL, a private address, no or unknown event types' },
      },
    },
    async ({ req, body }) => withSecret(await svc.createSubscription(deps, req.targetOrganisationId!, body, req.principal?.userId ?? null)),
  );
}

function registerSubscriptionApi(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const { byHook } = webhookAccess(deps);
  api.get(
    '/api/v1/webhooks/:webhookId',
    {
      access: byHook,
      summary: 'A webhook subscription',
      params: WebhookParam,
      ok: Subscription,
    },
    async ({ params }) => svc.getSubscription(db, params.webhookId),
  );

  api.patch(
    '/api/v1/webhooks/:webhookId',
    {
      access: byHook,
      summary: 'Change a subscription: its URL, events, description, or pause and resume it (active)',
      params: WebhookParam,
      body: WebhookPatch,
      ok: Subscription,
      responses: { 422: { description: 'Invalid URL or event types' } },
    },
    async ({ params, body }) => svc.updateSubscription(deps, params.webhookId, body),
  );

  api.delete(
    '/api/v1/webhooks/:webhookId',
    {
      access: byHook,
      summary: 'Delete a subscription and its delivery log',
      params: WebhookParam,
      noContent: 'Deleted',
    },
    async ({ params }) => svc.deleteSubscription(db, params.webhookId),
  );
}

function registerSubscriptionActionsApi(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const { byHook } = webhookAccess(deps);
  api.get(
    '/api/v1/webhooks/:webhookId/deliveries',
    {
      access: byHook,
      summary: 'The latest deliveries of a subscription, newest first: status, attempts, last response and error, and the body sent',
      params: WebhookParam,
      query: DeliveriesQuery,
      ok: z.object({ items: Delivery.array() }),
    },
    async ({ params, query }) => ({ items: await svc.listDeliveries(db, params.webhookId, query.limit ?? 50) }),
  );

  api.post(
    '/api/v1/webhooks/:webhookId/secret',
    {
      access: byHook,
      summary: 'Replace the signing secret; the answer carries the new secret, shown only this once',
      params: WebhookParam,
      ok: SubscriptionWithSecret,
    },
    async ({ params }) => withSecret(await svc.rotateSecret(deps, params.webhookId)),
  );

  api.post(
    '/api/v1/webhooks/:webhookId/ping',
    {
      access: byHook,
      summary: 'Queue a signed test delivery of type "ping" (sent even while the subscription is paused)',
      params: WebhookParam,
      accepted: { description: 'Queued', schema: z.object({ delivery: z.string().describe('The delivery id, sent as Ponte-Delivery') }) },
    },
    async ({ params }) => ({ delivery: await svc.sendTestPing(db, params.webhookId) }),
  );
}
