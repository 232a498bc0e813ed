import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SIGNED_IN } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem } from '../../../core/problems.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formList as list, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getProgramme, type Programme } from '../../programmes/service.js';
import { recordFormChoices } from '../form-choices.js';
import { IsoDate } from '../schemas.js';
import * as svc from '../service.js';
import * as views from '../views.js';
import { accessRules } from './common.js';
import { registerEventGroupPages } from './group.js';
import { flatErrors, recordInputFromForm } from './record-form.js';

type RecordParams = { Params: { recordId: string } };

/** The facilitator's pages: a new record, one's records, correcting one; and group training from an event. */
export const adminRoutes: RoutePlugin = async (app, deps) => {
  registerNewRecordPages(app, deps);
  registerMyRecordsPage(app, deps);
  registerEditPages(app, deps);
  registerEventGroupPages(app, deps);
};

/** The form's first values: what the link asks for, else the facilitator's usual choices. */
async function newRecordDefaults(
  deps: Deps,
  req: FastifyRequest<{ Querystring: FormBody }>,
  choices: views.FormChoices,
): Promise<FormBody> {
  const q = req.query;
  const defaults = await svc.defaultsFor(deps, req.principal!);
  return {
    programme: str(q, 'programme') || defaults.programme || (choices.programmes.length === 1 ? choices.programmes[0].id : ''),
    venue: str(q, 'venue') || defaults.venue || '',
    date: str(q, 'date') || svc.todayInRome(),
    duration: str(q, 'duration') || defaults.duration || '00:30',
    kinds: list(q, 'kinds').length ? list(q, 'kinds') : (defaults.kinds ?? ['A']),
    services: list(q, 'services'),
    competences: list(q, 'competences'),
    details: str(q, 'details'),
    consentChannel: 'CARTACEO',
    consentDate: svc.todayInRome(),
  };
}

interface NewRecordExtra {
  values?: FormBody;
  errors?: Errors;
  lookup?: svc.Lookup | null;
  saved?: views.SavedNotice | null;
}

async function newRecordPage(deps: Deps, req: FastifyRequest, reply: FastifyReply, extra: NewRecordExtra, status = 200) {
  const choices = await recordFormChoices(deps, req.principal!);
  const values = extra.values ?? (await newRecordDefaults(deps, req as FastifyRequest<{ Querystring: FormBody }>, choices));
  return sendPage(
    reply,
    views.RecordFormPage({
      ctx: pageContext(req, reply),
      mode: 'new',
      choices,
      values,
      errors: extra.errors ?? {},
      lookup: extra.lookup ?? null,
      saved: extra.saved ?? null,
    }),
    status,
  );
}

/** "Look up" on the new-record form: the returning citizen's last profile fills the empty fields. */
async function lookupAction(deps: Deps, req: FastifyRequest, reply: FastifyReply, body: FormBody) {
  const programme = str(body, 'programme');
  let lookup: svc.Lookup | null = null;
  const errors: Errors = {};
  if (!str(body, 'fiscalCode') && !str(body, 'identifier')) errors.fiscalCode = t(req.lang, 'fac.err.lookup.cf');
  else if (!programme) errors.programme = t(req.lang, 'fac.err.lookup.programme');
  else {
    try {
      lookup = await svc.lookupCitizen(
        deps,
        req.principal,
        {
          programme,
          fiscalCode: str(body, 'fiscalCode') || undefined,
          identifier: str(body, 'identifier') || undefined,
          date: IsoDate.safeParse(str(body, 'date')).success ? str(body, 'date') : undefined,
        },
        req.lang,
      );
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      const said = err.inLanguage(req.lang);
      errors.programme = said.detail ?? said.title;
    }
  }
  if (lookup?.error) errors.fiscalCode = lookup.error;
  const values = { ...body };
  if (lookup?.profile) {
    for (const k of ['education', 'employment', 'citizenship', 'province'] as const) {
      if (lookup.profile[k] && !str(body, k)) values[k] = lookup.profile[k] ?? '';
    }
  }
  return newRecordPage(deps, req, reply, { values, errors, lookup }, Object.keys(errors).length ? 422 : 200);
}

function registerNewRecordPages(app: FastifyInstance, deps: Deps): void {
  app.get<{ Querystring: { saved?: string; new?: string } }>(
    '/admin/facilitazioni/nuova',
    { config: { access: SIGNED_IN } },
    async (req, reply) => {
      const q = req.query;
      let saved: views.SavedNotice | null = null;
      if (q.saved && typeof q.saved === 'string') {
        try {
          const r = await svc.getRecord(deps, req.principal, q.saved);
          saved = { id: r.id, isNew: q.new === '1', ageBand: r.citizen.ageBand, gender: r.citizen.gender };
        } catch {
          saved = null;
        }
      }
      return newRecordPage(deps, req, reply, { saved });
    },
  );

  app.post<{ Body: FormBody | undefined }>('/admin/facilitazioni/nuova', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const body = req.body ?? {};
    if (str(body, 'action') === 'lookup') return lookupAction(deps, req, reply, body);
    return formAction(
      async () => {
        const res = await svc.createRecord(deps, req.principal, recordInputFromForm(body), 'form');
        return reply.redirect(`/admin/facilitazioni/nuova?saved=${res.id}&new=${res.citizen.new ? 1 : 0}`, 303);
      },
      (errors, status) => newRecordPage(deps, req, reply, { values: body, errors: flatErrors(errors) }, status),
    );
  });
}

function registerMyRecordsPage(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  app.get<{ Querystring: { after?: string; deleted?: string } }>(
    '/admin/facilitazioni',
    { config: { access: SIGNED_IN } },
    async (req, reply) => {
      const q = req.query;
      const page = await svc.listRecords(deps, req.principal!, {
        mine: true,
        limit: 50,
        after: typeof q.after === 'string' ? q.after : undefined,
      });
      const venueIds = [...new Set(page.items.map((r) => r.venue))];
      const programmeIds = [...new Set(page.items.map((r) => r.programme))];
      const [venues, programmes] = await Promise.all([
        svc.venueNames(deps, venueIds),
        Promise.all(programmeIds.map((id) => getProgramme(db, id).catch(() => null))),
      ]);
      const programmeNames = new Map(programmes.filter((p): p is Programme => !!p).map((p) => [p.id, p.name]));
      return sendPage(
        reply,
        views.MyRecordsPage({
          ctx: pageContext(req, reply),
          items: page.items,
          next: page.next,
          venues,
          programmes: programmeNames,
          deleted: q.deleted === '1',
          now: new Date().toISOString(),
        }),
      );
    },
  );
}

/** The edit form's values from the record as it is. */
function editValues(view: svc.RecordView, fiscalCode: string | null | undefined): FormBody {
  return {
    programme: view.programme,
    venue: view.venue,
    date: view.date,
    duration: view.duration,
    kinds: view.kinds,
    competences: view.competences.map(String),
    services: view.services,
    details: view.details ?? '',
    fiscalCode: fiscalCode ?? '',
    education: view.citizen.education ?? '',
    employment: view.citizen.employment ?? '',
    citizenship: view.citizen.citizenship ?? '',
    province: view.citizen.province ?? '',
    gender: view.citizen.hasFiscalCode ? '' : (view.citizen.gender ?? ''),
    ageBand: view.citizen.hasFiscalCode ? '' : (view.citizen.ageBand ?? ''),
    consentChannel: view.citizen.consent.channel ?? '',
    consentDate: view.citizen.consent.date ?? '',
    facilitator: view.facilitator,
  };
}

async function editPage(
  deps: Deps,
  req: FastifyRequest<RecordParams>,
  reply: FastifyReply,
  extra: { values?: FormBody; errors?: Errors; notice?: string | null },
  status = 200,
) {
  const { view, fiscalCode, right } = await svc.recordForEdit(deps, req.principal!, req.params.recordId);
  const choices = await recordFormChoices(deps, req.principal!);
  const values = extra.values ?? editValues(view, fiscalCode);
  if (!choices.programmes.some((p) => p.id === view.programme)) {
    const p = await getProgramme(deps.db, view.programme);
    choices.programmes.push({ id: p.id, name: p.name, organisation: p.organisation.name, nationalReporting: p.nationalReporting });
  }
  return sendPage(
    reply,
    views.RecordFormPage({
      ctx: pageContext(req, reply),
      mode: 'edit',
      record: view,
      right,
      choices,
      values,
      errors: extra.errors ?? {},
      lookup: null,
      saved: null,
      notice: extra.notice ?? null,
    }),
    status,
  );
}

/** The record's changes from the edit form: an empty codice fiscale means "unchanged" unless cleared on purpose. */
function recordPatchFromForm(body: FormBody): Record<string, unknown> {
  const { programme: _p, citizen, ...rest } = recordInputFromForm(body) as { programme: string; citizen: Record<string, unknown> };
  const patchCitizen = { ...citizen };
  if (!('fiscalCode' in patchCitizen) && str(body, 'clearFiscalCode') !== '1') delete patchCitizen.fiscalCode;
  if (str(body, 'clearFiscalCode') === '1') patchCitizen.fiscalCode = '';
  return { ...rest, citizen: patchCitizen };
}

function registerEditPages(app: FastifyInstance, deps: Deps): void {
  const access = { config: { access: accessRules(deps).facilitatorsOfRecord } };

  app.get<RecordParams & { Querystring: { saved?: string; sent?: string } }>(
    '/admin/facilitazioni/:recordId',
    access,
    async (req, reply) => {
      const q = req.query;
      return editPage(deps, req, reply, { notice: q.saved === '1' ? 'saved' : q.sent === '1' ? 'sent' : null });
    },
  );

  app.post<RecordParams & { Body: FormBody | undefined }>('/admin/facilitazioni/:recordId', access, async (req, reply) => {
    const body = req.body ?? {};
    const id = req.params.recordId;
    return formAction(
      async () => {
        await svc.updateRecord(deps, req.principal, id, recordPatchFromForm(body));
        return reply.redirect(`/admin/facilitazioni/${id}?saved=1`, 303);
      },
      (errors, status) => editPage(deps, req, reply, { values: body, errors: flatErrors(errors) }, status),
    );
  });

  app.post<RecordParams>('/admin/facilitazioni/:recordId/elimina', access, async (req, reply) => {
    return formAction(
      async () => {
        await svc.deleteRecord(deps, req.principal, req.params.recordId);
        return reply.redirect('/admin/facilitazioni?deleted=1', 303);
      },
      (errors, status) => editPage(deps, req, reply, { errors }, status),
    );
  });

  app.post<RecordParams & { Body: FormBody | undefined }>('/admin/facilitazioni/:recordId/questionario', access, async (req, reply) => {
    const id = req.params.recordId;
    const body = req.body ?? {};
    return formAction(
      async () => {
        await svc.sendQuestionnaire(deps, req.principal, id, { email: str(body, 'questionnaireEmail') });
        return reply.redirect(`/admin/facilitazioni/${id}?sent=1`, 303);
      },
      (errors, status) =>
        editPage(deps, req, reply, { errors: { questionnaireEmail: errors.email ?? errors._ ?? Object.values(errors)[0] } }, status),
    );
  });
}
