import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../../core/deps.js';
import { t } from '../../../../core/i18n.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { Problem } from '../../../../core/problems.js';
import { type FormBody, formText } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { getOrganisation } from '../../../organisations/service.js';
import { staffForm, staffFormRoute } from '../../http/forms.js';
import { resultsCsv, surveyResults } from '../results.js';
import * as svc from '../service.js';
import { QuestionEditPage, StaffResultsPage, SurveyBuilderPage, SurveyListPage } from '../views-staff.js';
import { surveyAccess } from './access.js';
import { filterChoices, filterOf } from './common.js';

type OrgRoute = { Params: { organisationId: string }; Body: FormBody | undefined };
type SurveyRoute = { Params: { surveyId: string }; Body: FormBody | undefined; Querystring: { fatto?: string; gruppo?: string } };
type QuestionRoute = { Params: { surveyId: string; surveyQuestionId: string }; Body: FormBody | undefined };

/** The organisation's id and name, as the pages name it. */
async function orgRef(db: Deps['db'], id: string) {
  const o = await getOrganisation(db, id);
  return { id: o.id, name: o.name };
}

/** A question as the form posts it: options one per line, the condition as "questionId:value". */
export function questionOfForm(body: FormBody) {
  const [question, ...value] = formText(body, 'showIf').split(':');
  const options = formText(body, 'options')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    kind: formText(body, 'kind'),
    label: formText(body, 'label'),
    hint: formText(body, 'hint') || null,
    options,
    required: formText(body, 'required') === '1',
    showIf: question ? { question, value: value.join(':') } : null,
  };
}

const DONE = ['creato', 'salvato', 'aggiunta', 'spostata', 'eliminata'] as const;
const NOTICE: Record<string, string> = { creato: 'created', salvato: 'saved', aggiunta: 'added', spostata: 'moved', eliminata: 'removed' };

/** The builder in the back office (/admin/organisations/…/questionari, /admin/questionari/…), without JavaScript. */
export const surveyAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = surveyAccess(deps);
  registerList(app, deps);

  const builder = async (
    req: FastifyRequest<SurveyRoute> | FastifyRequest<QuestionRoute>,
    reply: FastifyReply,
    extra: { notice?: string; values?: FormBody; errors?: Record<string, string>; form?: 'settings' | 'question'; problem?: string } = {},
    status = 200,
  ) => {
    const survey = await svc.getSurvey(db, req.params.surveyId);
    const o = await orgRef(db, survey.organisation);
    const comuni = await svc.comuniOf(db, survey);
    return sendPage(reply, SurveyBuilderPage({ ctx: pageContext(req, reply, o.name), organisation: o, survey, comuni, ...extra }), status);
  };

  app.get<SurveyRoute>('/admin/questionari/:surveyId', { config: { access: access.survey } }, async (req, reply) => {
    const done = DONE.find((d) => d === req.query.fatto);
    return builder(req, reply, { notice: done ? t(req.lang, `survey.staff.${NOTICE[done]}`) : undefined });
  });

  staffFormRoute<SurveyRoute>(
    app,
    '/admin/questionari/:surveyId',
    access.survey,
    async (req, body) => {
      const status = formText(body, 'status');
      await svc.updateSurvey(db, req.params.surveyId, {
        title: formText(body, 'title'),
        intro: formText(body, 'intro') || null,
        ...(status ? { status } : {}),
        publicResults: formText(body, 'publicResults') === '1',
      });
      return `/admin/questionari/${req.params.surveyId}?fatto=salvato`;
    },
    (req, reply, values, errors, status) => builder(req, reply, { values, errors, form: 'settings' }, status),
  );

  staffFormRoute<SurveyRoute>(
    app,
    '/admin/questionari/:surveyId/domande',
    access.survey,
    async (req, body) => {
      await svc.addQuestion(db, req.params.surveyId, questionOfForm(body));
      return `/admin/questionari/${req.params.surveyId}?fatto=aggiunta`;
    },
    (req, reply, values, errors, status) => builder(req, reply, { values, errors, form: 'question' }, status),
  );

  const editPage = async (
    req: FastifyRequest<QuestionRoute>,
    reply: FastifyReply,
    values?: FormBody,
    errors?: Record<string, string>,
    status = 200,
  ) => {
    const survey = await svc.getSurvey(db, req.params.surveyId);
    const question = survey.questions.find((q) => q.id === req.params.surveyQuestionId);
    if (!question) throw new Problem(404, t(req.lang, 'problem.404'), t(req.lang, 'survey.problem.questionNotFound'));
    const o = await orgRef(db, survey.organisation);
    const comuni = await svc.comuniOf(db, survey);
    return sendPage(
      reply,
      QuestionEditPage({ ctx: pageContext(req, reply, o.name), organisation: o, survey, question, comuni, values, errors }),
      status,
    );
  };

  app.get<QuestionRoute>('/admin/questionari/:surveyId/domande/:surveyQuestionId', { config: { access: access.survey } }, (req, reply) =>
    editPage(req, reply),
  );

  staffFormRoute<QuestionRoute>(
    app,
    '/admin/questionari/:surveyId/domande/:surveyQuestionId',
    access.survey,
    async (req, body) => {
      await svc.updateQuestion(db, req.params.surveyId, req.params.surveyQuestionId, questionOfForm(body));
      return `/admin/questionari/${req.params.surveyId}?fatto=salvato`;
    },
    editPage,
  );

  /** A move or a removal: done, or the builder again with the refusal on top. */
  const act = (path: string, done: string, run: (req: FastifyRequest<QuestionRoute>) => Promise<unknown>) =>
    app.post<QuestionRoute>(path, { config: { access: access.survey } }, async (req, reply) => {
      try {
        await run(req);
      } catch (e) {
        if (!(e instanceof Problem) || e.status >= 500) throw e;
        const p = e.inLanguage(req.lang);
        return builder(req, reply, { problem: p.detail ?? p.title }, e.status);
      }
      return reply.redirect(`/admin/questionari/${req.params.surveyId}?fatto=${done}`, 303);
    });
  act('/admin/questionari/:surveyId/domande/:surveyQuestionId/sposta', 'spostata', (req) =>
    svc.moveQuestion(db, req.params.surveyId, req.params.surveyQuestionId, formText(req.body ?? {}, 'direction') === 'up' ? 'up' : 'down'),
  );
  act('/admin/questionari/:surveyId/domande/:surveyQuestionId/elimina', 'eliminata', (req) =>
    svc.removeQuestion(db, req.params.surveyId, req.params.surveyQuestionId),
  );

  registerResults(app, deps);
};

/** The results for staff: charts and tables by group, and the CSV. */
function registerResults(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const access = surveyAccess(deps);
  app.get<SurveyRoute>('/admin/questionari/:surveyId/risultati', { config: { access: access.survey } }, async (req, reply) => {
    const survey = await svc.getSurvey(db, req.params.surveyId);
    const o = await orgRef(db, survey.organisation);
    const filter = filterOf(req.query.gruppo);
    const results = await surveyResults(db, survey.id, { lang: req.lang, filter, staff: true });
    const filters = await filterChoices(db, survey, req.lang);
    const csv = `/admin/questionari/${survey.id}/risultati.csv${req.query.gruppo ? `?gruppo=${encodeURIComponent(req.query.gruppo)}` : ''}`;
    return sendPage(reply, StaffResultsPage({ ctx: pageContext(req, reply, o.name), organisation: o, survey, results, filters, csv }));
  });

  app.get<SurveyRoute>('/admin/questionari/:surveyId/risultati.csv', { config: { access: access.survey } }, async (req, reply) => {
    const results = await surveyResults(db, req.params.surveyId, { lang: req.lang, filter: filterOf(req.query.gruppo), staff: true });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="questionario-${results.survey.id}.csv"`)
      .send(resultsCsv(results, req.lang));
  });
}

/** The organisation's surveys and the form that makes a new one. */
function registerList(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const access = surveyAccess(deps);
  const processesOf = (organisationId: string) =>
    db.k
      .selectFrom('participation_processes')
      .select(['id', 'title'])
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .execute();

  app.get<OrgRoute>('/admin/organisations/:organisationId/questionari', { config: { access: access.organisation } }, async (req, reply) => {
    const o = await orgRef(db, req.params.organisationId);
    const [surveys, processes] = await Promise.all([svc.listSurveys(db, o.id), processesOf(o.id)]);
    return sendPage(reply, SurveyListPage({ ctx: pageContext(req, reply, o.name), organisation: o, surveys, processes }));
  });

  app.post<OrgRoute>(
    '/admin/organisations/:organisationId/questionari',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const o = await orgRef(db, req.params.organisationId);
      const body = req.body ?? {};
      return staffForm(
        req,
        reply,
        async () => {
          const s = await svc.createSurvey(db, {
            organisation: o.id,
            title: formText(body, 'title'),
            intro: formText(body, 'intro') || null,
            process: formText(body, 'process') || null,
          });
          return `/admin/questionari/${s.id}?fatto=creato`;
        },
        async (errors, status) => {
          const [surveys, processes] = await Promise.all([svc.listSurveys(db, o.id), processesOf(o.id)]);
          const page = SurveyListPage({ ctx: pageContext(req, reply, o.name), organisation: o, surveys, processes, values: body, errors });
          return sendPage(reply, page, status);
        },
      );
    },
  );
}
