import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../core/deps.js';
import { formAction } from '../../../web/form-action.js';
import type { Errors, FormBody } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { orgPage } from '../../../web/page-routes.js';
import { getOrganisation } from '../../organisations/service.js';
import * as svc from '../service.js';
import { type FormValues, NewWebhookPage, type WebhookNotice, WebhookPage, WebhooksPage } from '../views.js';
import { webhookAccess } from './access.js';

type OrgRoute = { Params: { organisationId: string }; Body: FormBody };
type HookRoute = { Params: { webhookId: string }; Body: FormBody; Querystring: { notice?: string } };

/** A form field as typed, untrimmed (the service trims and checks it). */
const str = (body: FormBody, key: string): string => {
  const v = body[key];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
/** The checked boxes as sent: the service names any value it does not know. */
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

const organisationOf = async (deps: Deps, req: FastifyRequest) => {
  const org = await getOrganisation(deps.db, req.targetOrganisationId!);
  return { id: org.id, name: org.name };
};

interface DetailExtra {
  secret?: string;
  notice?: WebhookNotice;
  errors?: Errors;
  values?: FormValues;
}

/** The subscription's page: its settings, actions, delivery log and edit form. */
async function detailPage(deps: Deps, req: FastifyRequest, reply: FastifyReply, id: string, extra: DetailExtra = {}, status = 200) {
  const [organisation, subscription, deliveries] = await Promise.all([
    organisationOf(deps, req),
    svc.getSubscription(deps.db, id),
    svc.listDeliveries(deps.db, id, 50),
  ]);
  // A page holding a secret must not be kept by the browser or a proxy.
  if (extra.secret) reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    WebhookPage({ ctx: pageContext(req, reply, organisation.name), organisation, subscription, deliveries, ...extra }),
    status,
  );
}

/** The back-office pages of an organisation's webhooks. */
export async function registerWebhookAdmin(app: FastifyInstance, deps: Deps): Promise<void> {
  registerListPages(app, deps);
  registerSubscriptionPages(app, deps);
  registerSubscriptionActions(app, deps);
}

function registerListPages(app: FastifyInstance, deps: Deps): void {
  const { byOrg } = webhookAccess(deps);
  const listPage = orgPage(deps.db, WebhooksPage, async (_req, org) => ({ subscriptions: await svc.listSubscriptions(deps.db, org.id) }));
  const newPage = orgPage(deps.db, NewWebhookPage, async () => ({}));
  app.get<OrgRoute>('/admin/organisations/:organisationId/webhooks', { config: { access: byOrg } }, async (req, reply) =>
    listPage(req, reply),
  );

  app.get<OrgRoute>('/admin/organisations/:organisationId/webhooks/new', { config: { access: byOrg } }, async (req, reply) =>
    newPage(req, reply),
  );

  app.post<OrgRoute>('/admin/organisations/:organisationId/webhooks', { config: { access: byOrg } }, async (req, reply) => {
    const values = formValues(req.body ?? {});
    return formAction(
      async () => {
        const created = await svc.createSubscription(deps, req.targetOrganisationId!, values, req.principal?.userId ?? null);
        // The secret is shown in this answer only, never in an address a browser would keep.
        return await detailPage(deps, req, reply, created.subscription.id, { secret: created.secret, notice: 'created' });
      },
      async (errors) => newPage(req, reply, { errors, values }, 422),
      req.lang,
    );
  });
}

function registerSubscriptionPages(app: FastifyInstance, deps: Deps): void {
  const { byHook } = webhookAccess(deps);
  app.get<HookRoute>('/admin/webhooks/:webhookId', { config: { access: byHook } }, async (req, reply) => {
    const notice = req.query.notice as WebhookNotice | undefined;
    return detailPage(deps, req, reply, req.params.webhookId, { notice: notice && NOTICES.has(notice) ? notice : undefined });
  });

  app.post<HookRoute>('/admin/webhooks/:webhookId', { config: { access: byHook } }, async (req, reply) => {
    const id = req.params.webhookId;
    const values = formValues(req.body ?? {});
    return formAction(
      async () => {
        await svc.updateSubscription(deps, id, { ...values, description: values.description ?? null });
        return reply.redirect(`/admin/webhooks/${id}?notice=saved`, 303);
      },
      async (errors) => detailPage(deps, req, reply, id, { errors, values }, 422),
      req.lang,
    );
  });
}

function registerSubscriptionActions(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const { byHook } = webhookAccess(deps);
  app.post<HookRoute>('/admin/webhooks/:webhookId/active', { config: { access: byHook } }, async (req, reply) => {
    const active = str(req.body ?? {}, 'active') === '1';
    await svc.setActive(db, req.params.webhookId, active);
    return reply.redirect(`/admin/webhooks/${req.params.webhookId}?notice=${active ? 'resumed' : 'paused'}`, 303);
  });

  app.post<HookRoute>('/admin/webhooks/:webhookId/ping', { config: { access: byHook } }, async (req, reply) => {
    await svc.sendTestPing(db, req.params.webhookId);
    return reply.redirect(`/admin/webhooks/${req.params.webhookId}?notice=pinged`, 303);
  });

  app.post<HookRoute>('/admin/webhooks/:webhookId/secret', { config: { access: byHook } }, async (req, reply) => {
    const rotated = await svc.rotateSecret(deps, req.params.webhookId);
    return detailPage(deps, req, reply, req.params.webhookId, { secret: rotated.secret, notice: 'rotated' });
  });

  app.post<HookRoute>('/admin/webhooks/:webhookId/delete', { config: { access: byHook } }, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    await svc.deleteSubscription(db, req.params.webhookId);
    return reply.redirect(`/admin/organisations/${orgId}/webhooks`, 303);
  });
}
