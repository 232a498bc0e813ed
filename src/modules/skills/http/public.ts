import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { isId } from '../../../core/ids.js';
import { refuse } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getEvent } from '../../events/service.js';
import { resolveMunicipality } from '../../organisations/service.js';
import { AGE_BANDS, type AgeBand } from '../digcomp.js';
import { profilePdf } from '../pdf.js';
import { VARIANT_SLUGS, type Variant } from '../schemas.js';
import * as svc from '../service.js';
import { IntroPage, QuestionPage, ResultPage, RetiredPage, ReviewPage, StartPage, type StartValues } from '../views/public.js';
import { EVENT_RESULT_COOKIE, largeText, phaseOf, type Query, q } from './common.js';

const CSS = readFileSync(resolve(import.meta.dirname, '../skills.css'), 'utf8');
/** Progressive enhancement: the print button appears only where JavaScript runs. */
const PRINT_JS = `document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById('stampa');if(b){b.hidden=false;b.addEventListener('click',function(){window.print();});}});`;

type Page = { Querystring: Query; Body: FormBody };
type AttemptRoute = Page & { Params: { attemptToken: string } };
type ResultRoute = Page & { Params: { resultId: string } };

/** What a start link may carry, in the order the start page reads it. */
const START_KEYS = ['evento', 'fase', 'ente', 'da', 'token'];

/** The public pages of the self-assessment: the introduction, the test, the result. */
export async function registerSkillsPages(app: FastifyInstance, deps: Deps): Promise<void> {
  registerStatic(app);
  registerStartPages(app, deps);
  registerAttemptPages(app, deps);
  registerResultPages(app, deps);
}

function registerStatic(app: FastifyInstance): void {
  app.get('/competenze/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
  app.get('/competenze/stampa.js', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PRINT_JS),
  );
}

// ---------------- introduction and start ----------------

interface StartContext {
  hidden: Record<string, string>;
  event: { title: string; phase: string | null } | null;
  retake: boolean;
}

/** What the start page carries from its link: an event and phase, an organisation, a previous result. */
async function startContext(deps: Deps, values: Record<string, string>): Promise<StartContext> {
  const hidden: Record<string, string> = {};
  let event: StartContext['event'] = null;
  if (values.evento) {
    const e = await getEvent(deps.db, values.evento).catch(() => null);
    if (!e) throw refuse(404, 'skills.event.notFound');
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
  deps: Deps,
  req: FastifyRequest<Page>,
  reply: FastifyReply,
  variant: Variant,
  source: Record<string, string>,
  extra: { values?: StartValues; errors?: Errors } = {},
  status = 200,
) {
  const context = await startContext(deps, source);
  return sendPage(reply, StartPage({ ctx: pageContext(req, reply), large: largeText(req, reply), variant, ...context, ...extra }), status);
}

/** A "dopo" link without a previous result is paired with the result this device keeps for the event. */
async function pairWithBefore(deps: Deps, req: FastifyRequest<Page>, source: Record<string, string>): Promise<void> {
  if (!(source.evento && isId(source.evento) && phaseOf(source.fase) === 'dopo' && !source.da)) return;
  const [id, token] = (req.cookies[EVENT_RESULT_COOKIE(source.evento)] ?? '').split('.');
  // A stale or foreign cookie only loses the pairing; the test itself still starts.
  if (!id || !token) return;
  const known = await svc.resultDetail(deps, id, token).then(
    () => true,
    () => false,
  );
  if (known) {
    source.da = id;
    source.token = token;
  }
}

/** The start form's own checks: a municipality the register knows, an age band of the list. */
async function startErrors(
  deps: Deps,
  req: FastifyRequest<Page>,
  values: StartValues,
): Promise<{ errors: Errors; municipality: string | null }> {
  const l = req.lang;
  const errors: Errors = {};
  let municipality: string | null = null;
  if (values.municipality) {
    const found = await resolveMunicipality(deps.db, values.municipality);
    if ('code' in found) municipality = found.code;
    else {
      errors.municipality = found.candidates.length
        ? t(l, 'skills.start.municipality.maybe', { names: found.candidates.map((c) => `${c.name} (${c.provinceCode})`).join(', ') })
        : t(l, 'skills.start.municipality.unknown');
    }
  }
  if (values.ageBand && !(AGE_BANDS as readonly string[]).includes(values.ageBand)) errors.ageBand = t(l, 'skills.start.age.invalid');
  return { errors, municipality };
}

function registerStartPages(app: FastifyInstance, deps: Deps): void {
  app.get<Page>('/competenze', { config: { access: PUBLIC } }, async (req, reply) => {
    const keep = new URLSearchParams();
    for (const key of ['evento', 'fase', 'ente']) if (q(req, key)) keep.set(key, q(req, key));
    return sendPage(reply, IntroPage({ ctx: pageContext(req, reply), large: largeText(req, reply), query: keep.toString() }));
  });

  for (const variant of ['short', 'full'] as Variant[]) {
    const slug = VARIANT_SLUGS[variant];
    app.get<Page>(`/competenze/${slug}`, { config: { access: PUBLIC } }, async (req, reply) => {
      const source = Object.fromEntries(START_KEYS.map((k) => [k, q(req, k)]));
      await pairWithBefore(deps, req, source);
      return startPage(deps, req, reply, variant, source);
    });

    app.post<Page>(`/competenze/${slug}`, { config: publicWriteConfig(deps) }, async (req, reply) => {
      const body = req.body ?? {};
      const source = Object.fromEntries(START_KEYS.map((k) => [k, str(body, k).slice(0, 300)]));
      const values = { municipality: str(body, 'municipality').slice(0, 100), ageBand: str(body, 'ageBand') };
      const { errors, municipality } = await startErrors(deps, req, values);
      if (Object.keys(errors).length) return startPage(deps, req, reply, variant, source, { values, errors }, 400);
      return formAction(
        async () => {
          const { token } = await svc.startAttempt(deps, variant, {
            organisation: source.ente || null,
            event: source.evento || null,
            phase: phaseOf(source.fase),
            municipality,
            ageBand: (values.ageBand || null) as AgeBand | null,
            previous: source.da ? { id: source.da, token: source.token } : null,
          });
          return reply.redirect(`/competenze/prova/${token}`, 303);
        },
        async (fieldErrors, status, problem) => {
          if (status === 404) throw problem;
          return startPage(deps, req, reply, variant, source, { values, errors: fieldErrors }, status);
        },
        req.lang,
      );
    });
  }
}

// ---------------- the test ----------------

async function questionOrReview(
  deps: Deps,
  req: FastifyRequest<AttemptRoute>,
  reply: FastifyReply,
  opts: { itemId?: string; review?: boolean; error?: string; status?: number } = {},
) {
  const token = req.params.attemptToken;
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

/** Ends the test: the result's page, remembered on this device for the event's "after" test. */
async function finish(deps: Deps, req: FastifyRequest<AttemptRoute>, reply: FastifyReply) {
  const result = await svc.finishAttempt(deps, req.params.attemptToken);
  const eventId = (await svc.resultDetail(deps, result.id, result.token)).row.event_id;
  if (eventId) {
    reply.setCookie(EVENT_RESULT_COOKIE(eventId), `${result.id}.${result.token}`, {
      path: '/competenze',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      maxAge: 365 * 24 * 3600,
    });
  }
  return reply.redirect(svc.resultPage(result.id, result.token), 303);
}

function registerAttemptPages(app: FastifyInstance, deps: Deps): void {
  const publicWrite = publicWriteConfig(deps);
  app.get<AttemptRoute>('/competenze/prova/:attemptToken', { config: { access: PUBLIC } }, async (req, reply) =>
    questionOrReview(deps, req, reply, { itemId: q(req, 'domanda') || undefined, review: q(req, 'rivedi') === '1' }),
  );

  app.post<AttemptRoute>('/competenze/prova/:attemptToken', { config: publicWrite }, async (req, reply) => {
    const body = req.body ?? {};
    const token = req.params.attemptToken;
    const itemId = str(body, 'item');
    const review = str(body, 'rivedi') === '1';
    return formAction(
      async () => {
        await svc.answerAttempt(deps, token, itemId, str(body, 'value'));
        // The next question to ask, or the summary when none is left (also after a change made
        // from the summary, unless the change brought new questions by the adaptive rule).
        return reply.redirect(`/competenze/prova/${encodeURIComponent(token)}`, 303);
      },
      async (_errors, status, problem) => {
        if (status === 422) {
          return questionOrReview(deps, req, reply, { itemId, review, error: t(req.lang, 'skills.q.choose'), status: 422 });
        }
        if (status === 409) return questionOrReview(deps, req, reply);
        throw problem;
      },
      req.lang,
    );
  });

  app.post<AttemptRoute>('/competenze/prova/:attemptToken/fine', { config: publicWrite }, async (req, reply) => {
    const token = req.params.attemptToken;
    return formAction(
      () => finish(deps, req, reply),
      async (_errors, status, problem) => {
        if (status === 409) {
          const state = await svc.getAttempt(deps, token);
          if (state.resultId && state.resultToken) return reply.redirect(svc.resultPage(state.resultId, state.resultToken), 303);
          return sendPage(reply, RetiredPage({ ctx: pageContext(req, reply), large: largeText(req, reply), variant: state.variant }), 409);
        }
        if (status === 422) return reply.redirect(`/competenze/prova/${encodeURIComponent(token)}`, 303);
        throw problem;
      },
      req.lang,
    );
  });
}

// ---------------- the result ----------------

async function resultPage(
  deps: Deps,
  req: FastifyRequest<ResultRoute>,
  reply: FastifyReply,
  token: string,
  extra: { sent?: boolean; errors?: Errors; email?: string } = {},
  status = 200,
) {
  const view = await svc.getResult(deps, req.params.resultId, token, req.lang);
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
      absoluteLink: `${deps.config.baseUrl}${svc.resultPage(view.id, token)}`,
      ...extra,
    }),
    status,
  );
}

function registerResultPages(app: FastifyInstance, deps: Deps): void {
  app.get<ResultRoute>('/competenze/risultato/:resultId', { config: { access: PUBLIC } }, async (req, reply) =>
    resultPage(deps, req, reply, q(req, 'token'), { sent: q(req, 'inviato') === '1' }),
  );

  app.get<ResultRoute>('/competenze/risultato/:resultId/profilo.pdf', { config: { access: PUBLIC } }, async (req, reply) => {
    const view = await svc.getResult(deps, req.params.resultId, q(req, 'token'), req.lang);
    const pdf = await profilePdf(view, deps.config.baseUrl, req.lang);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${t(req.lang, 'skills.pdf.filename')}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  app.post<ResultRoute>('/competenze/risultato/:resultId/email', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const body = req.body ?? {};
    const token = str(body, 'token');
    const email = str(body, 'email');
    return formAction(
      async () => {
        await svc.emailResult(deps, req.params.resultId, { token, email }, req.lang);
        return reply.redirect(`${svc.resultPage(req.params.resultId, token)}&inviato=1#email`, 303);
      },
      async (errors, status, problem) => {
        if (status === 400 && problem.errors?.length) return resultPage(deps, req, reply, token, { errors, email }, 400);
        throw problem;
      },
      req.lang,
    );
  });
}
