import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, orgAccess, PUBLIC, SIGNED_IN } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { withIdempotency } from '../../core/idempotency.js';
import { forbidden, Problem } from '../../core/problems.js';
import { ORG_MEMBERS, ORG_STAFF } from '../../core/roles.js';
import { errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { getOrganisation, listOrganisations, organisationIdIfExists } from '../organisations/service.js';
import { ProgrammeCreate, ProgrammeListQuery, ProgrammeOut, ProgrammeParam, ProgrammePatch, TargetOut, TargetsPut } from './schemas.js';
import * as svc from './service.js';
import { type FormValues, ProgrammePage, ProgrammesPage } from './views.js';

type FormBody = Record<string, string | string[] | undefined>;

function str(body: FormBody, key: string): string {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}
function list(body: FormBody, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
}

/** "5000", "5.000" and "5 000" are numbers; anything else is passed on for the schema to refuse. */
function wholeNumber(value: string): number | string {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (/^\d{1,3}([.\s]\d{3})+$/.test(v)) return Number(v.replace(/[.\s]/g, ''));
  return v;
}

/** The most target rows a form may carry; more are ignored. */
const MAX_FORM_ROWS = 200;

/**
 * Reads the target rows of the form (`targets.N.metric`, `.value`, `.deadline`, `.label`,
 * `.remove`). Empty rows and rows marked for removal are skipped; `rowOf[k]` is the form row of
 * the k-th target, so errors can be shown on the row the person typed in.
 */
function targetsFromForm(body: FormBody): { targets: unknown[]; rowOf: number[]; rows: number } {
  const rows = new Set<number>();
  for (const key of Object.keys(body)) {
    const m = /^targets\.(\d{1,3})\.(metric|value|deadline|label|remove)$/.exec(key);
    if (m && Number(m[1]) < MAX_FORM_ROWS) rows.add(Number(m[1]));
  }
  const sorted = [...rows].sort((a, b) => a - b);
  const targets: unknown[] = [];
  const rowOf: number[] = [];
  for (const r of sorted) {
    const get = (k: string) => str(body, `targets.${r}.${k}`);
    if (get('remove') === '1') continue;
    if (!get('metric') && !get('value') && !get('deadline') && !get('label')) continue;
    targets.push({ metric: get('metric'), value: wholeNumber(get('value')), deadline: get('deadline'), label: get('label') });
    rowOf.push(r);
  }
  return { targets, rowOf, rows: sorted.length === 0 ? 0 : sorted[sorted.length - 1] + 1 };
}

/** Points target errors at the form rows they came from. */
async function onFormRows<T>(rowOf: number[], action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (!(err instanceof Problem) || !err.errors) throw err;
    const errors = err.errors.map((e) => {
      const m = /^targets\.(\d+)\.(.+)$/.exec(e.field);
      return m && rowOf[Number(m[1])] !== undefined ? { ...e, field: `targets.${rowOf[Number(m[1])]}.${m[2]}` } : e;
    });
    throw new Problem(err.status, err.title, err.detail, errors, err.extra);
  }
}

function programmeInput(body: FormBody) {
  const retention = str(body, 'retentionDays');
  return {
    name: str(body, 'name'),
    description: str(body, 'description'),
    funding: str(body, 'funding'),
    start: str(body, 'start'),
    end: str(body, 'end'),
    partners: list(body, 'partners'),
    retentionDays: retention === '' ? undefined : wholeNumber(retention),
    // The form always carries the national fields: an empty one clears it (or, on creation, leaves the default).
    minorsFrom: str(body, 'minorsFrom') || null,
    nationalPolicy: str(body, 'nationalPolicy') || undefined,
    nationalProgrammeCode: str(body, 'nationalProgrammeCode'),
    nationalProjectId: str(body, 'nationalProjectId'),
  };
}

/** Runs a form action; a 4xx Problem re-renders the form with the errors instead of an error page. */
async function formAction(
  action: () => Promise<unknown>,
  rerender: (errors: Record<string, string>, status: number) => Promise<unknown>,
): Promise<unknown> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      return rerender(errors, err.status);
    }
    throw err;
  }
}

export async function registerProgrammeRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const orgParam = (req: FastifyRequest) => organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  const programmeOwner = (req: FastifyRequest) => svc.organisationOfProgramme(db, (req.params as { programmeId?: string }).programmeId);

  // ---------------- API ----------------

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes',
    {
      access: PUBLIC,
      summary: 'List programmes, optionally of one organisation (public: no personal data)',
      tags: ['programmes'],
      query: ProgrammeListQuery,
      responses: { 200: { description: 'OK', schema: z.object({ items: z.array(ProgrammeOut) }) } },
    },
    async ({ query }) => ({ items: await svc.listProgrammes(db, query.organisation ?? null) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/programmes',
    {
      access: SIGNED_IN,
      summary: 'Create a programme with partners and targets (staff of the owning organisation)',
      tags: ['programmes'],
      body: ProgrammeCreate,
      idempotent: true,
      responses: { 201: { description: 'Created', schema: ProgrammeOut } },
    },
    async ({ req, reply, body }) => {
      // The owner is named in the body, not the path: the access rule cannot see it, so check here.
      if (!hasRole(req.principal, body.organisation, ORG_STAFF)) {
        throw forbidden("Solo lo staff dell'organizzazione titolare può creare i suoi programmi.");
      }
      return withIdempotency(db, req, reply, `programmes.create:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createProgramme(db, req.principal, body),
      }));
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId',
    {
      access: PUBLIC,
      summary: 'A programme with its partners and targets (public)',
      tags: ['programmes'],
      params: ProgrammeParam,
      responses: { 200: { description: 'OK', schema: ProgrammeOut } },
    },
    async ({ params }) => svc.getProgramme(db, params.programmeId),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/programmes/:programmeId',
    {
      access: orgAccess('programmeId', ORG_STAFF, programmeOwner),
      summary: 'Change a programme: only the fields sent; partners and targets, when sent, replace the current ones',
      tags: ['programmes'],
      params: ProgrammeParam,
      body: ProgrammePatch,
      responses: { 200: { description: 'OK', schema: ProgrammeOut } },
    },
    async ({ req, params, body }) => svc.updateProgramme(db, req.principal, params.programmeId, body),
  );

  apiRoute(
    app,
    'PUT',
    '/api/v1/programmes/:programmeId/targets',
    {
      access: orgAccess('programmeId', ORG_STAFF, programmeOwner),
      summary: "Replace a programme's targets (dated milestones per metric)",
      tags: ['programmes'],
      params: ProgrammeParam,
      body: TargetsPut,
      responses: { 200: { description: 'OK', schema: z.object({ targets: z.array(TargetOut) }) } },
    },
    async ({ req, params, body }) => ({ targets: await svc.setTargets(db, params.programmeId, body.targets, req.principal) }),
  );

  // ---------------- back-office pages ----------------

  async function partnerChoices(ownerId: string) {
    return (await listOrganisations(db)).filter((o) => o.id !== ownerId).map((o) => ({ id: o.id, name: o.name }));
  }

  async function programmesPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: FormValues } = {},
    status = 200,
  ) {
    const org = await getOrganisation(db, req.targetOrganisationId!);
    const [programmes, choices] = await Promise.all([svc.listProgrammes(db, org.id), partnerChoices(org.id)]);
    return sendPage(
      reply,
      ProgrammesPage({
        ctx: pageContext(req, reply, org.name),
        organisation: { id: org.id, name: org.name },
        programmes,
        partnerChoices: choices,
        canEdit: hasRole(req.principal, org.id, ORG_STAFF),
        ...extra,
      }),
      status,
    );
  }

  app.get(
    '/admin/organisations/:organisationId/programmes',
    { config: { access: orgAccess('organisationId', ORG_MEMBERS, orgParam) } },
    async (req, reply) => programmesPage(req, reply),
  );

  app.post(
    '/admin/organisations/:organisationId/programmes',
    { config: { access: orgAccess('organisationId', ORG_STAFF, orgParam) } },
    async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      const national = str(body, 'nationalReporting');
      return formAction(
        async () => {
          const p = await svc.createProgramme(db, req.principal, {
            organisation: req.targetOrganisationId!,
            ...programmeInput(body),
            nationalReporting: national === '1' ? true : national === '0' ? false : undefined,
          });
          return reply.redirect(`/admin/programmes/${p.id}?created=1`, 303);
        },
        (errors, status) => programmesPage(req, reply, { errors, values: body }, status),
      );
    },
  );

  async function programmePage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; submitted?: { values: FormValues; rows: number }; notice?: 'created' | 'saved' } = {},
    status = 200,
  ) {
    const programme = await svc.getProgramme(db, (req.params as { programmeId: string }).programmeId);
    return sendPage(
      reply,
      ProgrammePage({
        ctx: pageContext(req, reply, programme.organisation.name),
        programme,
        partnerChoices: await partnerChoices(programme.organisation.id),
        canEdit: hasRole(req.principal, programme.organisation.id, ORG_STAFF),
        ...extra,
      }),
      status,
    );
  }

  app.get(
    '/admin/programmes/:programmeId',
    { config: { access: orgAccess('programmeId', ORG_MEMBERS, programmeOwner) } },
    async (req, reply) => {
      const q = req.query as { created?: string; saved?: string };
      return programmePage(req, reply, { notice: q.created === '1' ? 'created' : q.saved === '1' ? 'saved' : undefined });
    },
  );

  app.post(
    '/admin/programmes/:programmeId',
    { config: { access: orgAccess('programmeId', ORG_STAFF, programmeOwner) } },
    async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      const id = (req.params as { programmeId: string }).programmeId;
      const { targets, rowOf, rows } = targetsFromForm(body);
      return formAction(
        async () => {
          await onFormRows(rowOf, () =>
            svc.updateProgramme(db, req.principal, id, {
              ...programmeInput(body),
              // The form always carries the whole programme: an empty field clears it.
              retentionDays: str(body, 'retentionDays') === '' ? '' : wholeNumber(str(body, 'retentionDays')),
              nationalReporting: str(body, 'nationalReporting') === '1',
              targets,
            }),
          );
          return reply.redirect(`/admin/programmes/${id}?saved=1`, 303);
        },
        (errors, status) => programmePage(req, reply, { errors, submitted: { values: body, rows } }, status),
      );
    },
  );
}
