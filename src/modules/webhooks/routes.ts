import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { Problem } from '../../core/problems.js';
import { ORG_ADMINS } from '../../core/roles.js';
import { errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { getOrganisation, organisationIdIfExists } from '../organisations/service.js';
import { registerWebhookJobs } from './jobs.js';
import {
  DeliveriesQuery,
  Delivery,
  OrgParam,
  Subscription,
  SubscriptionWithSecret,
  WebhookCreate,
  WebhookParam,
  WebhookPatch,
} from './schemas.js';
import * as svc from './service.js';
import { type FormValues, NewWebhookPage, type WebhookNotice, WebhookPage, WebhooksPage } from './views.js';

/**
 * Webhooks are managed by the organisation's administrators only: a subscription decides where
 * the organisation's booking activity is sent outside Ponte, like API tokens and members it is an
 * administrative choice, not part of running events.
 */
const WHO = ORG_ADMINS;

type FormBody = Record<string, string | string[] | undefined>;
const str = (body: FormBody, key: string): string => {
  const v = body[key];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const list = (body: FormBody, key: string): string[] => {
  const v = body[key];
  return Array.isArray(v) ? v : v ? [v] : [];
};
const formValues = (body: FormBody): FormValues => ({
  url: str(body, 'url'),
  events: list(body, 'events'),
  description: str(body, 'description'),
});

const NOTICES = new Set<WebhookNotice>(['created', 'rotated', 'saved', 'pinged', 'paused', 'resumed']);

export async function registerWebhookRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  registerWebhookJobs(deps);
  const orgParam = (req: FastifyRequest) => organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  const owner = (req: FastifyRequest) => svc.organisationOfSubscription(db, (req.params as { webhookId?: string }).webhookId);
  const byOrg = orgAccess('organisationId', WHO, orgParam);
  const byHook = orgAccess('webhookId', WHO, owner);
  const withSecret = (r: svc.WithSecret) => ({ ...r.subscription, secret: r.secret });

  // ---------------- API ----------------

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
    async ({ req }) => ({ items: await svc.listSubscriptions(db, req.targetOrganisationId!) }),
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

  // ---------------- back-office pages ----------------

  const organisationOf = async (req: FastifyRequest) => {
    const org = await getOrganisation(db, req.targetOrganisationId!);
    return { id: org.id, name: org.name };
  };

  app.get('/admin/organisations/:organisationId/webhooks', { config: { access: byOrg } }, async (req, reply) => {
    const organisation = await organisationOf(req);
    const subscriptions = await svc.listSubscriptions(db, organisation.id);
    return sendPage(reply, WebhooksPage({ ctx: pageContext(req, reply, organisation.name), organisation, subscriptions }));
  });

  app.get('/admin/organisations/:organisationId/webhooks/new', { config: { access: byOrg } }, async (req, reply) => {
    const organisation = await organisationOf(req);
    return sendPage(reply, NewWebhookPage({ ctx: pageContext(req, reply, organisation.name), organisation }));
  });

  app.post('/admin/organisations/:organisationId/webhooks', { config: { access: byOrg } }, async (req, reply) => {
    const organisation = await organisationOf(req);
    const values = formValues((req.body ?? {}) as FormBody);
    try {
      const created = await svc.createSubscription(deps, organisation.id, values, req.principal?.userId ?? null);
      // The secret is shown in this answer only, never in an address a browser would keep.
      return await detailPage(req, reply, created.subscription.id, { secret: created.secret, notice: 'created' });
    } catch (err) {
      const errors = formErrors(err);
      return sendPage(reply, NewWebhookPage({ ctx: pageContext(req, reply, organisation.name), organisation, errors, values }), 422);
    }
  });

  async function detailPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { secret?: string; notice?: WebhookNotice; errors?: Record<string, string>; values?: FormValues } = {},
    status = 200,
  ) {
    const [organisation, subscription, deliveries] = await Promise.all([
      organisationOf(req),
      svc.getSubscription(db, id),
      svc.listDeliveries(db, id, 50),
    ]);
    // A page holding a secret must not be kept by the browser or a proxy.
    if (extra.secret) reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      WebhookPage({ ctx: pageContext(req, reply, organisation.name), organisation, subscription, deliveries, ...extra }),
      status,
    );
  }

  const hookId = (req: FastifyRequest) => (req.params as { webhookId: string }).webhookId;

  app.get('/admin/webhooks/:webhookId', { config: { access: byHook } }, async (req, reply) => {
    const notice = (req.query as { notice?: string }).notice as WebhookNotice | undefined;
    return detailPage(req, reply, hookId(req), { notice: notice && NOTICES.has(notice) ? notice : undefined });
  });

  app.post('/admin/webhooks/:webhookId', { config: { access: byHook } }, async (req, reply) => {
    const values = formValues((req.body ?? {}) as FormBody);
    try {
      await svc.updateSubscription(deps, hookId(req), { ...values, description: values.description ?? null });
      return reply.redirect(`/admin/webhooks/${hookId(req)}?notice=saved`, 303);
    } catch (err) {
      return detailPage(req, reply, hookId(req), { errors: formErrors(err), values }, 422);
    }
  });

  app.post('/admin/webhooks/:webhookId/active', { config: { access: byHook } }, async (req, reply) => {
    const active = str((req.body ?? {}) as FormBody, 'active') === '1';
    await svc.setActive(db, hookId(req), active);
    return reply.redirect(`/admin/webhooks/${hookId(req)}?notice=${active ? 'resumed' : 'paused'}`, 303);
  });

  app.post('/admin/webhooks/:webhookId/ping', { config: { access: byHook } }, async (req, reply) => {
    await svc.sendTestPing(db, hookId(req));
    return reply.redirect(`/admin/webhooks/${hookId(req)}?notice=pinged`, 303);
  });

  app.post('/admin/webhooks/:webhookId/secret', { config: { access: byHook } }, async (req, reply) => {
    const rotated = await svc.rotateSecret(deps, hookId(req));
    return detailPage(req, reply, hookId(req), { secret: rotated.secret, notice: 'rotated' });
  });

  app.post('/admin/webhooks/:webhookId/delete', { config: { access: byHook } }, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    await svc.deleteSubscription(db, hookId(req));
    return reply.redirect(`/admin/organisations/${orgId}/webhooks`, 303);
  });
}

/** A 4xx Problem becomes the form's errors; anything else is a bug and goes to the error handler. */
function formErrors(err: unknown): Record<string, string> {
  if (err instanceof Problem && err.status < 500) {
    return err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
  }
  throw err;
}
