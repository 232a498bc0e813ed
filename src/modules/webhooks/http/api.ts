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
  const organisationRoutes = api.under('/api/v1/organisations/:organisationId', { access: byOrg, params: OrgParam });
  organisationRoutes.get(
    '/webhooks',
    {
      summary: "The organisation's webhook subscriptions (signing secrets are never shown again)",
      ok: z.object({ items: Subscription.array() }),
    },
    async ({ req }) => ({ items: await svc.listSubscriptions(deps.db, req.targetOrganisationId!) }),
  );

  organisationRoutes.post(
    '/webhooks',
    {
      summary: 'Subscribe a URL to signed webhooks; the answer carries the signing secret, shown only this once',
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
  const webhookRoutes = api.under('/api/v1/webhooks/:webhookId', { access: byHook, params: WebhookParam });
  webhookRoutes.get('', { summary: 'A webhook subscription', ok: Subscription }, async ({ params }) =>
    svc.getSubscription(db, params.webhookId),
  );

  webhookRoutes.patch(
    '',
    {
      summary: 'Change a subscription: its URL, events, description, or pause and resume it (active)',
      body: WebhookPatch,
      ok: Subscription,
      responses: { 422: { description: 'Invalid URL or event types' } },
    },
    async ({ params, body }) => svc.updateSubscription(deps, params.webhookId, body),
  );

  webhookRoutes.delete('', { summary: 'Delete a subscription and its delivery log', noContent: 'Deleted' }, async ({ params }) =>
    svc.deleteSubscription(db, params.webhookId),
  );
}

function registerSubscriptionActionsApi(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const { byHook } = webhookAccess(deps);
  const webhookRoutes = api.under('/api/v1/webhooks/:webhookId', { access: byHook, params: WebhookParam });
  webhookRoutes.get(
    '/deliveries',
    {
      summary: 'The latest deliveries of a subscription, newest first: status, attempts, last response and error, and the body sent',
      query: DeliveriesQuery,
      ok: z.object({ items: Delivery.array() }),
    },
    async ({ params, query }) => ({ items: await svc.listDeliveries(db, params.webhookId, query.limit ?? 50) }),
  );

  webhookRoutes.post(
    '/secret',
    { summary: 'Replace the signing secret; the answer carries the new secret, shown only this once', ok: SubscriptionWithSecret },
    async ({ params }) => withSecret(await svc.rotateSecret(deps, params.webhookId)),
  );

  webhookRoutes.post(
    '/ping',
    {
      summary: 'Queue a signed test delivery of type "ping" (sent even while the subscription is paused)',
      accepted: { description: 'Queued', schema: z.object({ delivery: z.string().describe('The delivery id, sent as Ponte-Delivery') }) },
    },
    async ({ params }) => ({ delivery: await svc.sendTestPing(db, params.webhookId) }),
  );
}
