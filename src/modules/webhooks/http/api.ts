import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRoute } from '../../../core/api.js';
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
  registerSubscriptionsApi(app, deps);
  registerSubscriptionApi(app, deps);
  registerSubscriptionActionsApi(app, deps);
}

function registerSubscriptionsApi(app: FastifyInstance, deps: Deps): void {
  const { byOrg } = webhookAccess(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/webhooks',
    {
      access: byOrg,
      summary: "The organisation's webhook subscriptions (signing secrets are never shown again)",
      tags: ['webhooks'],
      params: OrgParam,
      responses: { 200: { description: 'OK', schema: z.object({ items: Subscription.array() }) } },
    },
    async ({ req }) => ({ items: await svc.listSubscriptions(deps.db, req.targetOrganisationId!) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/webhooks',
    {
      access: byOrg,
      summary: 'Subscribe a URL to signed webhooks; the answer carries the signing secret, shown only this once',
      tags: ['webhooks'],
      params: OrgParam,
      body: WebhookCreate,
      responses: {
        201: { description: 'Created', schema: SubscriptionWithSecret },
        422: { description: 'Not an http(s) URL, credentials in the URL, a private address, no or unknown event types' },
      },
    },
    async ({ req, reply, body }) => {
      const created = await svc.createSubscription(deps, req.targetOrganisationId!, body, req.principal?.userId ?? null);
      return reply.code(201).send(withSecret(created));
    },
  );
}

function registerSubscriptionApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const { byHook } = webhookAccess(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/webhooks/:webhookId',
    {
      access: byHook,
      summary: 'A webhook subscription',
      tags: ['webhooks'],
      params: WebhookParam,
      responses: { 200: { description: 'OK', schema: Subscription } },
    },
    async ({ params }) => svc.getSubscription(db, params.webhookId),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/webhooks/:webhookId',
    {
      access: byHook,
      summary: 'Change a subscription: its URL, events, description, or pause and resume it (active)',
      tags: ['webhooks'],
      params: WebhookParam,
      body: WebhookPatch,
      responses: { 200: { description: 'OK', schema: Subscription }, 422: { description: 'Invalid URL or event types' } },
    },
    async ({ params, body }) => svc.updateSubscription(deps, params.webhookId, body),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/webhooks/:webhookId',
    {
      access: byHook,
      summary: 'Delete a subscription and its delivery log',
      tags: ['webhooks'],
      params: WebhookParam,
      responses: { 204: { description: 'Deleted' } },
    },
    async ({ params, reply }) => {
      await svc.deleteSubscription(db, params.webhookId);
      return reply.code(204).send();
    },
  );
}

function registerSubscriptionActionsApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const { byHook } = webhookAccess(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/webhooks/:webhookId/deliveries',
    {
      access: byHook,
      summary: 'The latest deliveries of a subscription, newest first: status, attempts, last response and error, and the body sent',
      tags: ['webhooks'],
      params: WebhookParam,
      query: DeliveriesQuery,
      responses: { 200: { description: 'OK', schema: z.object({ items: Delivery.array() }) } },
    },
    async ({ params, query }) => ({ items: await svc.listDeliveries(db, params.webhookId, query.limit ?? 50) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/webhooks/:webhookId/secret',
    {
      access: byHook,
      summary: 'Replace the signing secret; the answer carries the new secret, shown only this once',
      tags: ['webhooks'],
      params: WebhookParam,
      responses: { 200: { description: 'OK', schema: SubscriptionWithSecret } },
    },
    async ({ params }) => withSecret(await svc.rotateSecret(deps, params.webhookId)),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/webhooks/:webhookId/ping',
    {
      access: byHook,
      summary: 'Queue a signed test delivery of type "ping" (sent even while the subscription is paused)',
      tags: ['webhooks'],
      params: WebhookParam,
      responses: {
        202: { description: 'Queued', schema: z.object({ delivery: z.string().describe('The delivery id, sent as Ponte-Delivery') }) },
      },
    },
    async ({ params, reply }) => reply.code(202).send({ delivery: await svc.sendTestPing(db, params.webhookId) }),
  );
}
