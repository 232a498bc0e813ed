import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, orgAccess, PUBLIC } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { withIdempotency } from '../../core/idempotency.js';
import { isId } from '../../core/ids.js';
import { notFound, Problem } from '../../core/problems.js';
import { ORG_STAFF } from '../../core/roles.js';
import { errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { getEvent } from '../events/service.js';
import { getOrganisation, organisationIdIfExists, resolveMunicipality } from '../organisations/service.js';
import { AGE_BANDS, type AgeBand } from './digcomp.js';
import { profilePdf } from './pdf.js';
import {
  AssessmentQuery,
  type Phase,
  ResponseBody,
  ResultParam,
  TokenQuery,
  VARIANT_SLUGS,
  type Variant,
  VariantParam,
} from './schemas.js';
import * as svc from './service.js';
import {
  AdminPage,
  IntroPage,
  ItemPage,
  type ItemValues,
  QuestionPage,
  ResultPage,
  RetiredPage,
  ReviewPage,
  StartPage,
  type StartValues,
  VersionPage,
} from './views.js';

const CSS = readFileSync(resolve(import.meta.dirname, 'skills.css'), 'utf8');
/** Progressive enhancement: the print button appears only where JavaScript runs. */
const PRINT_JS = `document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById('stampa');if(b){b.hidden=false;b.addEventListener('click',function(){window.print();});}});`;

const LARGE_COOKIE = 'ponte_testo';
/**
 * The last result of an event's test on this device, per event: the "after" link in the survey
 * e-mail is the same for everyone, and this is what pairs the person's "after" with their "before"
 * without the events module knowing anything about results.
 */
const EVENT_RESULT_COOKIE = (eventId: string) => `ponte_competenze_${eventId}`;

type FormBody = Record<string, string | string[] | undefined>;

function str(body: FormBody, key: string): string {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

function q(req: FastifyRequest, key: string): string {
  const v = (req.query as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v.trim().slice(0, 300) : '';
}

/** The large-type preference: `?testo=grande|normale` sets it (a cookie), otherwise the cookie says. */
function largeText(req: FastifyRequest, reply: FastifyReply): boolean {
  const chosen = q(req, 'testo');
  if (chosen === 'grande' || chosen === 'normale') {
    reply.setCookie(LARGE_COOKIE, chosen, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    return chosen === 'grande';
  }
  return req.cookies[LARGE_COOKIE] === 'grande';
}

const ResultCreated = z.object({
  id: z.string(),
  token: z.string(),
  areas: z.array(z.object({ area: z.number().int(), level: z.number().int(), label: z.string() })),
  path: z.array(z.object({ kind: z.enum(['guide', 'event', 'desk']), title: z.string(), page: z.string() })),
});
const ItemsOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      competence: z.string(),
      kind: z.enum(['self', 'knowledge']),
      text: z.string(),
      options: z.array(z.object({ value: z.number().int(), label: z.string() })),
    }),
  ),
});

function phaseOf(value: string): Phase | null {
  return value === 'prima' || value === 'dopo' ? value : null;
}

export async function registerSkillRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  const publicWrite = {
    access: PUBLIC,
    publicWrite: true,
    ...(config.rateLimitMax > 0 ? { rateLimit: { max: config.rateLimitMax, timeWindow: '1 minute' } } : {}),
  };
  const orgParam = (req: FastifyRequest) => organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  const versionOwner = (req: FastifyRequest) => svc.organisationOfVersion(db, (req.params as { versionId?: string }).versionId);
  const itemOwner = (req: FastifyRequest) => svc.organisationOfItem(db, (req.params as { itemId?: string }).itemId);
  const absolute = (path: string) => `${config.baseUrl}${path}`;

  // ---------------- static ----------------

  app.get('/competenze/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
  app.get('/competenze/stampa.js', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PRINT_JS),
  );

  // ---------------- API ----------------

  apiRoute(
    app,
    'GET',
    '/api/v1/assessments/:variant',
    {
      access: PUBLIC,
      summary:
        'The questions of the digital-competence self-assessment (DigComp 2.2): short (about 20 items, every area) or full (every one of the 21 competences). Never includes the right answers. `organisation` picks that organisation’s own item bank when it has one.',
      tags: ['assessments'],
      params: VariantParam,
      query: AssessmentQuery,
      responses: { 200: { description: 'The items in the order to ask them', schema: ItemsOut } },
    },
    async ({ params, query, req }) =>
      svc.getAssessment(db, params.variant, { organisation: query.organisation, lang: query.lang ?? req.lang }),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/assessment-results/:resultId',
    {
      access: PUBLIC,
      summary: 'A stored result, with its private token; an unknown id and a wrong token are the same 404.',
      tags: ['assessments'],
      params: ResultParam,
      query: TokenQuery,
      responses: { 200: { description: 'The profile and the personal path', schema: ResultCreated } },
    },
    async ({ params, query, req }) => svc.getResult(deps, params.resultId, query.token, req.lang),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/assessment-aggregates',
    {
      access: orgAccess('organisationId', ORG_STAFF, orgParam),
      summary:
        'Anonymous level distributions of the results of an organisation’s area and initiatives (groups under 5 never shown), and the before/after change per event and per programme.',
      tags: ['assessments'],
      params: z.object({ organisationId: z.string() }),
    },
    async ({ req }) => {
      const orgId = req.targetOrganisationId as string;
      const [aggregates, change] = await Promise.all([svc.aggregates(db, orgId, req.lang), svc.beforeAfter(db, orgId)]);
      return { aggregates, change };
    },
  );

  // Public writes count against RATE_LIMIT_MAX per client address (0 turns the limit off).
  await app.register(async (scope) => {
    if (config.rateLimitMax > 0) scope.addHook('onRequest', scope.rateLimit({ max: config.rateLimitMax, timeWindow: '1 minute' }));

    apiRoute(
      scope,
      'POST',
      '/api/v1/assessments/:variant/responses',
      {
        access: PUBLIC,
        publicWrite: true,
        idempotent: true,
        summary:
          'Submit a complete set of answers (one per item of the version, as GET /api/v1/assessments/{variant} lists them) and get the profile: a level 1–8 per DigComp area and a personal path. Keep the token: it opens the result again. Unknown items, out-of-range values, duplicate or missing answers are refused (422), as are answers to a retired version of the questions (409). `previous` links a retake to an earlier result (same token); `event` and `phase` (prima/dopo) count it in the before/after figures of a course.',
        tags: ['assessments'],
        params: VariantParam,
        body: ResponseBody,
        responses: { 201: { description: 'The stored result', schema: ResultCreated } },
      },
      async ({ params, req, reply }) =>
        withIdempotency(db, req, reply, `skills-responses:${params.variant}`, async () => ({
          status: 201,
          body: await svc.submitResponse(deps, params.variant, req.body, req.lang),
        })),
    );

    apiRoute(
      scope,
      'POST',
      '/api/v1/assessment-results/:resultId/email',
      {
        access: PUBLIC,
        publicWrite: true,
        summary: 'Send the profile (with the PDF) to an e-mail address; the address is not stored.',
        tags: ['assessments'],
        params: ResultParam,
        body: z.object({ token: z.string(), email: z.string() }),
        responses: { 202: { description: 'Queued' } },
      },
      async ({ params, req, reply }) => {
        await svc.emailResult(deps, params.resultId, req.body, req.lang);
        return reply.code(202).send({ queued: true });
      },
    );
  });

  // ---------------- public pages ----------------

  app.get('/competenze', { config: { access: PUBLIC } }, async (req, reply) => {
    const keep = new URLSearchParams();
    for (const key of ['evento', 'fase', 'ente']) if (q(req, key)) keep.set(key, q(req, key));
    return sendPage(reply, IntroPage({ ctx: pageContext(req, reply), large: largeText(req, reply), query: keep.toString() }));
  });

  /** What the start page carries from its link: an event and phase, an organisation, a previous result. */
  async function startContext(
    values: Record<string, string>,
  ): Promise<{ hidden: Record<string, string>; event: { title: string; phase: string | null } | null; retake: boolean }> {
    const hidden: Record<string, string> = {};
    let event: { title: string; phase: string | null } | null = null;
    if (values.evento) {
      const e = await getEvent(db, values.evento).catch(() => null);
      if (!e) throw notFound('Iniziativa non trovata: controlla il link che hai ricevuto.');
      event = { title: e.title, phase: phaseOf(values.fase) };
      hidden.evento = e.id;
      if (event.phase) hidden.fase = event.phase;
    }
    if (values.ente && isId(values.ente)) hidden.ente = values.ente;
    let retake = false;
    if (values.da) {
      // Checked here so a wrong link says so at once rather than at the end of the test.
      await svc.resultDetail(deps, values.da, values.token);
      hidden.da = values.da;
      hidden.token = values.token;
      retake = true;
    }
    return { hidden, event, retake };
  }

  async function startPage(
    req: FastifyRequest,
    reply: FastifyReply,
    variant: Variant,
    source: Record<string, string>,
    extra: { values?: StartValues; errors?: Record<string, string> } = {},
    status = 200,
  ) {
    const context = await startContext(source);
    return sendPage(
      reply,
      StartPage({ ctx: pageContext(req, reply), large: largeText(req, reply), variant, ...context, ...extra }),
      status,
    );
  }

  for (const variant of ['short', 'full'] as Variant[]) {
    const slug = VARIANT_SLUGS[variant];
    app.get(`/competenze/${slug}`, { config: { access: PUBLIC } }, async (req, reply) => {
      const source = Object.fromEntries(['evento', 'fase', 'ente', 'da', 'token'].map((k) => [k, q(req, k)]));
      if (source.evento && isId(source.evento) && phaseOf(source.fase) === 'dopo' && !source.da) {
        const [id, token] = (req.cookies[EVENT_RESULT_COOKIE(source.evento)] ?? '').split('.');
        // A stale or foreign cookie only loses the pairing; the test itself still starts.
        if (
          id &&
          token &&
          (await svc.resultDetail(deps, id, token).then(
            () => true,
            () => false,
          ))
        ) {
          source.da = id;
          source.token = token;
        }
      }
      return startPage(req, reply, variant, source);
    });

    app.post(`/competenze/${slug}`, { config: publicWrite }, async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      const source = Object.fromEntries(['evento', 'fase', 'ente', 'da', 'token'].map((k) => [k, str(body, k).slice(0, 300)]));
      const values = { municipality: str(body, 'municipality').slice(0, 100), ageBand: str(body, 'ageBand') };
      const errors: Record<string, string> = {};
      let municipality: string | null = null;
      if (values.municipality) {
        const found = await resolveMunicipality(db, values.municipality);
        if ('code' in found) municipality = found.code;
        else {
          errors.municipality = found.candidates.length
            ? `forse intendevi: ${found.candidates.map((c) => `${c.name} (${c.provinceCode})`).join(', ')}`
            : 'comune non trovato: scrivi il nome del comune, ad esempio «Prato»';
        }
      }
      if (values.ageBand && !(AGE_BANDS as readonly string[]).includes(values.ageBand)) errors.ageBand = 'scegli una fascia d’età';
      if (Object.keys(errors).length) return startPage(req, reply, variant, source, { values, errors }, 400);
      try {
        const { token } = await svc.startAttempt(deps, variant, {
          organisation: source.ente || null,
          event: source.evento || null,
          phase: phaseOf(source.fase),
          municipality,
          ageBand: (values.ageBand || null) as AgeBand | null,
          previous: source.da ? { id: source.da, token: source.token } : null,
        });
        return reply.redirect(`/competenze/prova/${token}`, 303);
      } catch (err) {
        if (err instanceof Problem && err.status < 500 && err.status !== 404) {
          const fieldErrors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
          return startPage(req, reply, variant, source, { values, errors: fieldErrors }, err.status);
        }
        throw err;
      }
    });
  }

  const attemptToken = (req: FastifyRequest) => (req.params as { attemptToken: string }).attemptToken;

  async function questionOrReview(
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { itemId?: string; review?: boolean; error?: string; status?: number } = {},
  ) {
    const token = attemptToken(req);
    const state = await svc.getAttempt(deps, token);
    const large = largeText(req, reply);
    const ctx = pageContext(req, reply);
    reply.header('cache-control', 'private, no-store');
    if (state.resultId && state.resultToken) return reply.redirect(svc.resultPage(state.resultId, state.resultToken), 303);
    if (state.version.status !== 'current') return sendPage(reply, RetiredPage({ ctx, large, variant: state.variant }), 409);
    const asked = state.items.filter((i) => !state.skipped.has(i.id));
    const chosen = opts.itemId ? asked.find((i) => i.id === opts.itemId) : undefined;
    const item = chosen ?? state.pending[0];
    if (!item) return sendPage(reply, ReviewPage({ ctx, large, token, state }), opts.status ?? 200);
    const index = asked.findIndex((i) => i.id === item.id);
    const previous = index > 0 ? asked[index - 1].id : null;
    return sendPage(
      reply,
      QuestionPage({ ctx, large, token, state, item, review: !!opts.review && !!chosen, previous, error: opts.error }),
      opts.status ?? 200,
    );
  }

  app.get('/competenze/prova/:attemptToken', { config: { access: PUBLIC } }, async (req, reply) =>
    questionOrReview(req, reply, { itemId: q(req, 'domanda') || undefined, review: q(req, 'rivedi') === '1' }),
  );

  app.post('/competenze/prova/:attemptToken', { config: publicWrite }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const token = attemptToken(req);
    const itemId = str(body, 'item');
    const review = str(body, 'rivedi') === '1';
    try {
      await svc.answerAttempt(deps, token, itemId, str(body, 'value'));
      // The next question to ask, or the summary when none is left (also after a change made
      // from the summary, unless the change brought new questions by the adaptive rule).
      return reply.redirect(`/competenze/prova/${encodeURIComponent(token)}`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status === 422) {
        return questionOrReview(req, reply, {
          itemId,
          review,
          error: req.lang === 'en' ? 'Choose one of the answers.' : 'Scegli una delle risposte.',
          status: 422,
        });
      }
      if (err instanceof Problem && err.status === 409) return questionOrReview(req, reply);
      throw err;
    }
  });

  app.post('/competenze/prova/:attemptToken/fine', { config: publicWrite }, async (req, reply) => {
    const token = attemptToken(req);
    try {
      const result = await svc.finishAttempt(deps, token);
      const eventId = (await svc.resultDetail(deps, result.id, result.token)).row.event_id;
      if (eventId) {
        reply.setCookie(EVENT_RESULT_COOKIE(eventId), `${result.id}.${result.token}`, {
          path: '/competenze',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
          maxAge: 365 * 24 * 3600,
        });
      }
      return reply.redirect(svc.resultPage(result.id, result.token), 303);
    } catch (err) {
      if (err instanceof Problem && err.status === 409) {
        const state = await svc.getAttempt(deps, token);
        if (state.resultId && state.resultToken) return reply.redirect(svc.resultPage(state.resultId, state.resultToken), 303);
        return sendPage(reply, RetiredPage({ ctx: pageContext(req, reply), large: largeText(req, reply), variant: state.variant }), 409);
      }
      if (err instanceof Problem && err.status === 422) return reply.redirect(`/competenze/prova/${encodeURIComponent(token)}`, 303);
      throw err;
    }
  });

  const resultId = (req: FastifyRequest) => (req.params as { resultId: string }).resultId;

  async function resultPage(
    req: FastifyRequest,
    reply: FastifyReply,
    token: string,
    extra: { sent?: boolean; errors?: Record<string, string>; email?: string } = {},
    status = 200,
  ) {
    const view = await svc.getResult(deps, resultId(req), token, req.lang);
    // A private page: never kept by a shared cache.
    reply.header('cache-control', 'private, no-store');
    const detail = svc.isFacilitator(req.principal) ? await svc.resultDetail(deps, view.id, token) : null;
    return sendPage(
      reply,
      ResultPage({
        ctx: pageContext(req, reply),
        large: largeText(req, reply),
        view,
        facilitator: detail ? svc.se5ToWorkOn(detail.competences, req.lang) : null,
        absoluteLink: absolute(svc.resultPage(view.id, token)),
        ...extra,
      }),
      status,
    );
  }

  app.get('/competenze/risultato/:resultId', { config: { access: PUBLIC } }, async (req, reply) =>
    resultPage(req, reply, q(req, 'token'), { sent: q(req, 'inviato') === '1' }),
  );

  app.get('/competenze/risultato/:resultId/profilo.pdf', { config: { access: PUBLIC } }, async (req, reply) => {
    const view = await svc.getResult(deps, resultId(req), q(req, 'token'), req.lang);
    const pdf = await profilePdf(view, config.baseUrl, req.lang);
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="${req.lang === 'en' ? 'digital-competence-profile' : 'profilo-competenze-digitali'}.pdf"`,
      )
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  app.post('/competenze/risultato/:resultId/email', { config: publicWrite }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const token = str(body, 'token');
    const email = str(body, 'email');
    try {
      await svc.emailResult(deps, resultId(req), { token, email }, req.lang);
      return reply.redirect(`${svc.resultPage(resultId(req), token)}&inviato=1#email`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status === 400 && err.errors?.length) {
        return resultPage(req, reply, token, { errors: errorsByField(err.errors), email }, 400);
      }
      throw err;
    }
  });

  // ---------------- back office ----------------

  async function adminPage(req: FastifyRequest, reply: FastifyReply, errors?: Record<string, string>, status = 200) {
    const orgId = req.targetOrganisationId as string;
    const org = await getOrganisation(db, orgId);
    const overview = await svc.bankOverview(db, orgId);
    const [stats, aggregates, change] = await Promise.all([
      svc.itemStatistics(db, overview.inUse.id),
      svc.aggregates(db, orgId, req.lang),
      svc.beforeAfter(db, orgId),
    ]);
    return sendPage(
      reply,
      AdminPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        overview,
        stats,
        aggregates,
        change,
        canEdit: hasRole(req.principal, orgId, ORG_STAFF),
        errors,
      }),
      status,
    );
  }

  const staffOrg = { config: { access: orgAccess('organisationId', ORG_STAFF, orgParam) } };
  const staffVersion = { config: { access: orgAccess('versionId', ORG_STAFF, versionOwner) } };
  const staffItem = { config: { access: orgAccess('itemId', ORG_STAFF, itemOwner) } };

  app.get('/admin/organisations/:organisationId/competenze', staffOrg, async (req, reply) => adminPage(req, reply));

  app.post('/admin/organisations/:organisationId/competenze/bozza', staffOrg, async (req, reply) => {
    try {
      const draft = await svc.createDraft(db, req.targetOrganisationId as string, req.principal);
      return reply.redirect(`/admin/skill-versions/${draft.id}`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status === 409) return adminPage(req, reply, { _: err.detail ?? err.title }, 409);
      throw err;
    }
  });

  async function versionPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: ItemValues; notice?: 'published' } = {},
    status = 200,
  ) {
    const version = await svc.getVersion(db, (req.params as { versionId: string }).versionId);
    const org = await getOrganisation(db, req.targetOrganisationId as string);
    const stats = await svc.itemStatistics(db, version.id);
    return sendPage(reply, VersionPage({ ctx: pageContext(req, reply, org.name), organisation: org, version, stats, ...extra }), status);
  }

  function itemInput(body: FormBody) {
    const lines = (key: string) =>
      str(body, key)
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
    const correct = str(body, 'correct');
    return {
      competence: str(body, 'competence'),
      level: str(body, 'level'),
      kind: str(body, 'kind'),
      textIt: str(body, 'textIt'),
      textEn: str(body, 'textEn'),
      options: lines('options'),
      optionsEn: lines('optionsEn'),
      correct: /^\d+$/.test(correct) ? Number(correct) - 1 : undefined,
      short: str(body, 'short') === '1',
    };
  }

  function formValues(body: FormBody): ItemValues {
    return {
      competence: str(body, 'competence'),
      level: str(body, 'level'),
      kind: str(body, 'kind'),
      textIt: str(body, 'textIt'),
      textEn: str(body, 'textEn'),
      options: str(body, 'options'),
      optionsEn: str(body, 'optionsEn'),
      correct: str(body, 'correct'),
      short: str(body, 'short') === '1',
    };
  }

  const pageErrors = (err: Problem) => (err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title });

  app.get('/admin/skill-versions/:versionId', staffVersion, async (req, reply) =>
    versionPage(req, reply, { notice: q(req, 'pubblicata') === '1' ? 'published' : undefined }),
  );

  app.post('/admin/skill-versions/:versionId/domande', staffVersion, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const versionId = (req.params as { versionId: string }).versionId;
    try {
      await svc.addItem(db, versionId, itemInput(body));
      return reply.redirect(`/admin/skill-versions/${versionId}`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status < 500)
        return versionPage(req, reply, { errors: pageErrors(err), values: formValues(body) }, err.status);
      throw err;
    }
  });

  app.post('/admin/skill-versions/:versionId/pubblica', staffVersion, async (req, reply) => {
    const versionId = (req.params as { versionId: string }).versionId;
    try {
      await svc.publishDraft(db, versionId);
      return reply.redirect(`/admin/skill-versions/${versionId}?pubblicata=1`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status < 500)
        return versionPage(req, reply, { errors: { _: err.detail ?? err.title } }, err.status);
      throw err;
    }
  });

  app.post('/admin/skill-versions/:versionId/elimina', staffVersion, async (req, reply) => {
    const versionId = (req.params as { versionId: string }).versionId;
    try {
      await svc.discardDraft(db, versionId);
      return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/competenze`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status < 500)
        return versionPage(req, reply, { errors: { _: err.detail ?? err.title } }, err.status);
      throw err;
    }
  });

  async function itemPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: ItemValues } = {},
    status = 200,
  ) {
    const { item, version } = await svc.getItem(db, (req.params as { itemId: string }).itemId);
    const org = await getOrganisation(db, req.targetOrganisationId as string);
    return sendPage(reply, ItemPage({ ctx: pageContext(req, reply, org.name), organisation: org, version, item, ...extra }), status);
  }

  app.get('/admin/skill-items/:itemId', staffItem, async (req, reply) => itemPage(req, reply));

  app.post('/admin/skill-items/:itemId', staffItem, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const itemId = (req.params as { itemId: string }).itemId;
    try {
      await svc.updateItem(db, itemId, itemInput(body));
      const { version } = await svc.getItem(db, itemId);
      return reply.redirect(`/admin/skill-versions/${version.id}`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status < 500)
        return itemPage(req, reply, { errors: pageErrors(err), values: formValues(body) }, err.status);
      throw err;
    }
  });

  app.post('/admin/skill-items/:itemId/elimina', staffItem, async (req, reply) => {
    const itemId = (req.params as { itemId: string }).itemId;
    try {
      const { versionId } = await svc.deleteItem(db, itemId);
      return reply.redirect(`/admin/skill-versions/${versionId}`, 303);
    } catch (err) {
      if (err instanceof Problem && err.status < 500) return itemPage(req, reply, { errors: { _: err.detail ?? err.title } }, err.status);
      throw err;
    }
  });
}
