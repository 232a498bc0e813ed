import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, orgAccess, PUBLIC, SIGNED_IN } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { t } from '../../core/i18n.js';
import { withIdempotency } from '../../core/idempotency.js';
import { type FieldError, forbidden, Problem } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import { errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { getOrganisation, organisationIdIfExists } from '../organisations/service.js';
import {
  CATEGORIES,
  ImportQuery,
  LIFE_EVENTS,
  ServiceCreate,
  ServicePatch,
  ServiceQuery,
  SheetStatusField,
  STATUS_LABELS,
  StepsPut,
} from './schemas.js';
import * as svc from './service.js';
import { AdminListPage, CataloguePage, ChoicePage, EditorPage, editorValues, PrintPage, SheetPage } from './views.js';

const CSS = readFileSync(resolve(import.meta.dirname, 'guides.css'), 'utf8');
const MiB = 1024 * 1024;

const ServiceParam = z.object({ serviceId: z.string() });
const VersionParam = z.object({ serviceId: z.string(), versionId: z.string() });
const OrgParam = z.object({ organisationId: z.string() });

type FormBody = Record<string, string | string[] | Buffer | undefined>;

function str(body: FormBody, key: string): string {
  const v = body[key];
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}
function list(body: FormBody, key: string): string[] {
  const v = body[key];
  if (v === undefined || Buffer.isBuffer(v)) return [];
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean);
}
const codes = (text: string) =>
  text
    .split(/[,;|\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/** The editor form → a sheet's content, and where each list item came from (to put errors on the right field). */
function editorInput(body: FormBody) {
  const steps: { text: string; imageUrl: string; imageAlt: string }[] = [];
  const stepRows: number[] = [];
  const faqs: { question: string; answer: string }[] = [];
  const faqRows: number[] = [];
  for (let n = 1; n <= 52; n++) {
    const text = str(body, `step_text_${n}`);
    const imageUrl = str(body, `step_image_${n}`);
    const imageAlt = str(body, `step_alt_${n}`);
    if (text.trim() || imageUrl.trim()) {
      steps.push({ text, imageUrl, imageAlt });
      stepRows.push(n);
    }
    const question = str(body, `faq_q_${n}`);
    const answer = str(body, `faq_a_${n}`);
    if (question.trim() || answer.trim()) {
      faqs.push({ question, answer });
      faqRows.push(n);
    }
  }
  const content = {
    name: str(body, 'name'),
    slug: str(body, 'slug').trim().toLowerCase(),
    summary: str(body, 'summary'),
    audience: str(body, 'audience'),
    category: str(body, 'category'),
    access: list(body, 'access'),
    url: str(body, 'url'),
    cost: str(body, 'cost'),
    times: str(body, 'times'),
    lifeEvents: list(body, 'lifeEvents'),
    body: str(body, 'body'),
    contacts: str(body, 'contacts'),
    topics: codes(str(body, 'topics')),
    deskServices: codes(str(body, 'deskServices')),
    steps,
    faqs,
  };
  const fieldOf = (field: string): string => {
    const [head, index, leaf] = field.split('.');
    if (head === 'steps' && index !== undefined) {
      const n = stepRows[Number(index)];
      return leaf === 'imageUrl' ? `step_image_${n}` : leaf === 'imageAlt' ? `step_alt_${n}` : `step_text_${n}`;
    }
    if (head === 'faqs' && index !== undefined) return `${leaf === 'answer' ? 'faq_a' : 'faq_q'}_${faqRows[Number(index)]}`;
    return head;
  };
  return { content, fieldOf };
}

/** Runs a form action; a 4xx Problem re-renders the form with the errors instead of an error page. */
async function formAction(
  action: () => Promise<unknown>,
  rerender: (errors: Record<string, string>, status: number) => Promise<unknown>,
  fieldOf: (field: string) => string = (f) => f,
): Promise<unknown> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      const errors = err.errors?.length
        ? errorsByField(err.errors.map((e: FieldError) => ({ field: fieldOf(e.field), message: e.message })))
        : { _: err.detail ?? err.title };
      return rerender(errors, err.status);
    }
    throw err;
  }
}

function problemsAsErrors(problems: { row: number; column: string; message: string }[]): FieldError[] {
  return problems.map((p) => ({ field: `rows.${p.row}${p.column ? `.${p.column}` : ''}`, message: p.message }));
}

export async function registerGuideRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  // One encapsulated scope: the CSV body parser and the multipart upload of the import page stay here.
  await app.register(async (scope) => guideRoutes(scope, deps));
}

async function guideRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MiB, fieldSize: 2 * MiB, files: 1, fields: 20, parts: 25 },
  });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: MiB }, (_req, body, done) => done(null, body));
  app.setErrorHandler((error, _req, _reply) => {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new Problem(413, 'File troppo grande', 'Il file supera la dimensione massima di 1 MB.');
    }
    throw error;
  });

  const orgParam = (req: FastifyRequest) => organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  const sheetOwner = (req: FastifyRequest) => svc.organisationOfSheet(db, (req.params as { serviceId?: string }).serviceId);
  const staffOfSheet = orgAccess('serviceId', ORG_STAFF, sheetOwner);
  const staffOfOrg = orgAccess('organisationId', ORG_STAFF, orgParam);
  const lang = (req: FastifyRequest) => req.lang;

  app.get('/servizi/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  // ---------------- API ----------------

  apiRoute(
    app,
    'GET',
    '/api/v1/services',
    {
      access: PUBLIC,
      summary:
        'Published service sheets: searched in Italian (q, best first) or browsed by name; filters by organisation, category, lifeEvent',
      tags: ['services'],
      query: ServiceQuery,
    },
    async ({ query }) => {
      const result = await svc.listPublished(db, query);
      return { ...result, limit: query.limit, offset: query.offset };
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/services/:serviceId',
    {
      access: PUBLIC,
      summary: 'A service sheet with its steps, FAQs and links (published; any status for members of its organisation)',
      tags: ['services'],
      params: ServiceParam,
    },
    async ({ params, req }) => svc.getVisibleSheet(db, params.serviceId, req.principal),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/services',
    {
      access: SIGNED_IN,
      summary: "Create a service sheet in an organisation (staff of the body's organisation)",
      tags: ['services'],
      body: ServiceCreate,
      idempotent: true,
      responses: { 201: { description: 'Created', schema: z.object({ id: z.string() }) } },
    },
    async ({ req, reply, body }) => {
      if (!hasRole(req.principal, body.organisation, ORG_STAFF)) throw forbidden('Non fai parte dello staff di questa organizzazione.');
      return withIdempotency(db, req, reply, `services:create:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createSheet(db, svc.actorOf(req.principal), req.body),
      }));
    },
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/services/:serviceId',
    {
      access: staffOfSheet,
      summary: 'Change a service sheet and/or move it in the workflow (draft → review → published); every change is a new version',
      tags: ['services'],
      params: ServiceParam,
      body: ServicePatch,
      bodyLimit: 256 * 1024,
    },
    async ({ req, params }) => svc.updateSheet(db, svc.actorOf(req.principal), params.serviceId, req.body),
  );

  apiRoute(
    app,
    'PUT',
    '/api/v1/services/:serviceId/steps',
    {
      access: staffOfSheet,
      summary: 'Replace the step-by-step guide of a sheet (numbered steps; an image needs its alternative text)',
      tags: ['services'],
      params: ServiceParam,
      body: StepsPut,
      bodyLimit: 256 * 1024,
    },
    async ({ req, params }) => svc.setSteps(db, svc.actorOf(req.principal), params.serviceId, req.body),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/services/:serviceId/versions',
    {
      access: staffOfSheet,
      summary: 'Every version of a sheet, newest first, with author, time and the full content',
      tags: ['services'],
      params: ServiceParam,
    },
    async ({ params }) => ({ items: await svc.listVersions(db, params.serviceId) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/services/:serviceId/versions/:versionId/restore',
    {
      access: staffOfSheet,
      summary: 'Restore the content of a version as a new version (the workflow status does not change)',
      tags: ['services'],
      params: VersionParam,
    },
    async ({ req, params }) => svc.restoreVersion(db, svc.actorOf(req.principal), params.serviceId, params.versionId),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/services/import',
    {
      access: staffOfOrg,
      summary:
        'Import sheets from CSV (body text/csv, UTF-8, at most 1 MiB, or JSON { "csv": "…" }; columns as in export.csv). dryRun=true checks every row and writes nothing; a file with any problem writes nothing',
      tags: ['services'],
      params: OrgParam,
      query: ImportQuery,
      bodyLimit: MiB,
      bodyMediaTypes: ['text/csv', 'application/json'],
      responses: {
        200: { description: 'Dry run: the report of every row' },
        201: { description: 'Imported' },
        422: { description: 'The file has problems (listed by row and column); nothing was written' },
      },
    },
    async ({ req, reply, params, query }) => {
      const json = req.body as { csv?: unknown } | undefined;
      const text = typeof req.body === 'string' ? req.body : typeof json?.csv === 'string' ? json.csv : undefined;
      if (text === undefined) {
        throw new Problem(415, 'Formato non supportato', 'Invia il file come text/csv (UTF-8), oppure in JSON come { "csv": "…" }.');
      }
      const dryRun = query.dryRun === 'true';
      const run = async () => {
        const report = await svc.importCsv(db, svc.actorOf(req.principal), params.organisationId, text, dryRun);
        if (!report.ok && !dryRun) {
          throw new Problem(
            422,
            'File non importabile',
            `Il file ha ${report.problems.length} problemi: nessuna scheda è stata importata.`,
            problemsAsErrors(report.problems),
            { problems: report.problems, rows: report.rows },
          );
        }
        return { status: dryRun ? 200 : 201, body: report };
      };
      if (dryRun) {
        const r = await run();
        return reply.code(r.status).send(r.body);
      }
      return withIdempotency(db, req, reply, `services:import:${params.organisationId}`, run);
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/services/export.csv',
    {
      access: staffOfOrg,
      summary: 'Every sheet of the organisation as CSV (the columns import reads)',
      tags: ['services'],
      params: OrgParam,
      responses: { 200: { description: 'The sheets as CSV', mediaType: 'text/csv' } },
    },
    async ({ reply, params }) => {
      const csv = await svc.exportOrganisationCsv(db, params.organisationId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="schede-servizio-${nowIso().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );

  // ---------------- public pages ----------------

  app.get('/servizi', { config: { access: PUBLIC } }, async (req, reply) => {
    const raw = req.query as Record<string, string | undefined>;
    const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) as string | undefined;
    const category = one(raw.category);
    const lifeEvent = one(raw.evento);
    const organisation = one(raw.organisation);
    const parsed = ServiceQuery.safeParse({
      q: one(raw.q)?.slice(0, 200) || undefined,
      organisation: organisation || undefined,
      category: category && (CATEGORIES as readonly string[]).includes(category) ? category : undefined,
      lifeEvent: lifeEvent && (LIFE_EVENTS as readonly string[]).includes(lifeEvent) ? lifeEvent : undefined,
      limit: 20,
      offset: one(raw.offset) ?? 0,
    });
    const q = parsed.success ? parsed.data : parse(ServiceQuery, { limit: 20, offset: 0, q: one(raw.q)?.slice(0, 200) || undefined });
    const [result, facets] = await Promise.all([svc.listPublished(db, q), svc.catalogueFacets(db)]);
    return sendPage(
      reply,
      CataloguePage({
        ctx: pageContext(req, reply),
        query: {
          q: q.q ?? '',
          organisation: q.organisation ?? '',
          category: q.category ?? '',
          lifeEvent: q.lifeEvent ?? '',
          offset: q.offset,
          limit: q.limit,
        },
        result,
        facets,
      }),
    );
  });

  async function publicSheet(req: FastifyRequest, reply: FastifyReply, print: boolean) {
    const { slugOrId } = req.params as { slugOrId: string };
    const found = await svc.findPublicSheet(db, slugOrId, req.principal);
    if ('choices' in found) return sendPage(reply, ChoicePage({ ctx: pageContext(req, reply), choices: found.choices }));
    const { sheet, preview } = found;
    const sheetPath = preview ? `/servizi/${sheet.id}` : sheet.page;
    if (print) {
      const origin = `${req.protocol}://${req.host}`;
      return sendPage(
        reply,
        PrintPage({ ctx: pageContext(req, reply), sheet, sheetPath, absoluteUrl: `${origin}${sheetPath}`, now: nowIso() }),
      );
    }
    const [events, desks] = await Promise.all([
      svc.upcomingEvents(db, sheet.topics),
      svc.desksOffering(db, sheet.deskServices, sheet.organisation.id),
    ]);
    return sendPage(
      reply,
      SheetPage({
        ctx: pageContext(req, reply, sheet.organisation.name),
        sheet,
        preview,
        events,
        desks,
        canEdit: hasRole(req.principal, sheet.organisation.id, ORG_STAFF),
      }),
    );
  }

  app.get('/servizi/:slugOrId', { config: { access: PUBLIC } }, async (req, reply) => publicSheet(req, reply, false));
  app.get('/servizi/:slugOrId/stampa', { config: { access: PUBLIC } }, async (req, reply) => publicSheet(req, reply, true));

  // ---------------- back office ----------------

  async function listPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Parameters<typeof AdminListPage>[0]> = {},
    status = 200,
  ) {
    const org = await getOrganisation(db, req.targetOrganisationId!);
    const sheets = await svc.listOrganisationSheets(db, org.id);
    return sendPage(
      reply,
      AdminListPage({ ctx: pageContext(req, reply, org.name), organisation: { id: org.id, name: org.name }, sheets, ...extra }),
      status,
    );
  }

  app.get('/admin/organisations/:organisationId/servizi', { config: { access: staffOfOrg } }, async (req, reply) => {
    const q = req.query as { imported?: string };
    const n = Number(q.imported);
    return listPage(req, reply, Number.isInteger(n) && n > 0 ? { notice: t(req.lang, 'admin.guides.import.done', { n }) } : {});
  });

  app.post('/admin/organisations/:organisationId/servizi', { config: { access: staffOfOrg } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const values = { name: str(body, 'name'), category: str(body, 'category'), summary: str(body, 'summary') };
    return formAction(
      async () => {
        const { id } = await svc.createSheet(db, svc.actorOf(req.principal), { ...values, organisation: req.targetOrganisationId });
        return reply.redirect(`/admin/servizi/${id}?created=1`, 303);
      },
      (errors, status) => listPage(req, reply, { errors, values }, status),
    );
  });

  app.post('/admin/organisations/:organisationId/servizi/import', { config: { access: staffOfOrg } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const intent = str(body, 'intent') === 'import' ? 'import' : 'check';
    let text: string;
    const pending = str(body, 'pending');
    if (Buffer.isBuffer(body.file) && body.file.length > 0) text = body.file.toString('utf8');
    else if (pending) text = Buffer.from(pending, 'base64').toString('utf8');
    else return listPage(req, reply, { errors: { file: t(req.lang, 'admin.guides.import.missing') } }, 400);
    const report = await svc.importCsv(db, svc.actorOf(req.principal), req.targetOrganisationId!, text, intent === 'check');
    if (report.ok && !report.dryRun) {
      return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/servizi?imported=${report.created}`, 303);
    }
    return listPage(
      req,
      reply,
      { report, pending: report.ok ? Buffer.from(text, 'utf8').toString('base64') : undefined },
      report.ok ? 200 : 422,
    );
  });

  async function editorPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: Record<string, string | string[] | undefined>;
      errors?: Record<string, string>;
      notice?: string;
      content?: Parameters<typeof svc.readabilityOf>[0];
    } = {},
    status = 200,
  ) {
    const { serviceId } = req.params as { serviceId: string };
    const sheet = await svc.getSheet(db, serviceId);
    const versions = await svc.listVersions(db, serviceId);
    return sendPage(
      reply,
      EditorPage({
        ctx: pageContext(req, reply, sheet.organisation.name),
        sheet,
        values: extra.values ?? editorValues(sheet),
        errors: extra.errors,
        notice: extra.notice,
        readability: svc.readabilityOf(extra.content ?? sheet),
        versions,
      }),
      status,
    );
  }

  function noticeOf(req: FastifyRequest): string | undefined {
    const q = req.query as Record<string, string | undefined>;
    const l = lang(req);
    if (q.created === '1') return t(l, 'editor.created');
    if (q.unchanged === '1') return t(l, 'editor.unchanged');
    if (q.saved && /^\d+$/.test(q.saved)) return t(l, 'editor.saved', { n: q.saved });
    if (q.restored && /^\d+-\d+$/.test(q.restored)) {
      const [from, n] = q.restored.split('-');
      return t(l, 'editor.restored', { from, n });
    }
    const status = SheetStatusField.safeParse(q.status);
    if (status.success) return t(l, 'editor.status', { status: STATUS_LABELS[status.data][l] });
    return undefined;
  }

  app.get('/admin/servizi/:serviceId', { config: { access: staffOfSheet } }, async (req, reply) =>
    editorPage(req, reply, { notice: noticeOf(req) }),
  );

  app.post('/admin/servizi/:serviceId', { config: { access: staffOfSheet } }, async (req, reply) => {
    const { serviceId } = req.params as { serviceId: string };
    const body = (req.body ?? {}) as FormBody;
    const { content, fieldOf } = editorInput(body);
    const values = Object.fromEntries(Object.entries(body).filter(([, v]) => !Buffer.isBuffer(v))) as Record<string, string | string[]>;
    const readable = {
      summary: content.summary,
      audience: content.audience,
      body: content.body,
      steps: content.steps.map((s) => ({ text: s.text, imageUrl: null, imageAlt: null })),
      faqs: content.faqs,
    };
    if (str(body, 'intent') === 'check') {
      return editorPage(req, reply, { values, content: readable, notice: t(req.lang, 'editor.checked') });
    }
    const version = Number(str(body, 'version'));
    return formAction(
      async () => {
        const before = await svc.getSheet(db, serviceId);
        const after = await svc.updateSheet(db, svc.actorOf(req.principal), serviceId, {
          ...content,
          ...(Number.isInteger(version) && version > 0 ? { version } : {}),
        });
        const q = after.version === before.version ? 'unchanged=1' : `saved=${after.version}`;
        return reply.redirect(`/admin/servizi/${serviceId}?${q}#leggibilita`, 303);
      },
      (errors, status) => editorPage(req, reply, { values, errors, content: readable }, status),
      fieldOf,
    );
  });

  app.post('/admin/servizi/:serviceId/stato', { config: { access: staffOfSheet } }, async (req, reply) => {
    const { serviceId } = req.params as { serviceId: string };
    const body = (req.body ?? {}) as FormBody;
    const status = SheetStatusField.safeParse(str(body, 'status'));
    const version = Number(str(body, 'version'));
    return formAction(
      async () => {
        if (!status.success) throw new Problem(400, 'Richiesta non valida', 'Stato non valido.');
        const sheet = await svc.changeStatus(
          db,
          svc.actorOf(req.principal),
          serviceId,
          status.data,
          Number.isInteger(version) && version > 0 ? version : undefined,
        );
        return reply.redirect(`/admin/servizi/${serviceId}?status=${sheet.status}`, 303);
      },
      (errors, code) => editorPage(req, reply, { errors }, code),
    );
  });

  app.post('/admin/servizi/:serviceId/versioni/:versionId/ripristina', { config: { access: staffOfSheet } }, async (req, reply) => {
    const { serviceId, versionId } = req.params as { serviceId: string; versionId: string };
    return formAction(
      async () => {
        const versions = await svc.listVersions(db, serviceId);
        const from = versions.find((v) => v.id === versionId)?.number;
        const sheet = await svc.restoreVersion(db, svc.actorOf(req.principal), serviceId, versionId);
        return reply.redirect(`/admin/servizi/${serviceId}?restored=${from}-${sheet.version}`, 303);
      },
      (errors, code) => editorPage(req, reply, { errors }, code),
    );
  });
}
