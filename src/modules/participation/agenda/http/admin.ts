import type { RoutePlugin } from '../../../../core/module.js';
import { type FormBody, formList, formText } from '../../../../web/forms.js';
import { staffFormRoute } from '../../http/forms.js';
import { processPage, processRecordPage } from '../../http/process-page.js';
import { proposalsOfProcess } from '../../meetings/process-link.js';
import { meetingsOfProcess } from '../../meetings/service.js';
import * as svc from '../service.js';
import { StaffActionPage, StaffAgendaPage } from '../views-staff.js';
import { agendaAccess } from './access.js';

type ProcessRoute = { Params: { processId: string }; Body: FormBody | undefined };
type ActionRoute = { Params: { actionId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };

/** A number typed in a form: empty is left out, anything else goes to the schema as typed (a word is refused there). */
const numberOf = (raw: string) => (raw.trim() === '' ? undefined : /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw);

/** The form's fields as the API's body: one service checks both. */
function actionOf(body: FormBody) {
  return {
    title: formText(body, 'title'),
    description: formText(body, 'description') || null,
    owner: formText(body, 'owner'),
    deadline: formText(body, 'deadline') || null,
    status: formText(body, 'status') || undefined,
    progress: numberOf(formText(body, 'progress')) ?? 0,
    proposals: formList(body, 'proposals'),
    meetings: formList(body, 'meetings'),
  };
}

/** The back office's agenda of a process: add actions, change them, add their dated updates. */
export const agendaAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = agendaAccess(deps);

  const choices = async (processId: string) => {
    const [proposals, meetings] = await Promise.all([proposalsOfProcess(db, processId), meetingsOfProcess(db, processId)]);
    return {
      proposals: proposals.map((p) => ({ value: p.id, label: p.title })),
      meetings: meetings.map((m) => ({ value: m.id, label: m.event.title })),
    };
  };

  const listPage = processPage(db, StaffAgendaPage, async (process) => {
    const [actions, c] = await Promise.all([svc.actionsOfProcess(db, process.id), choices(process.id)]);
    return { actions, ...c };
  });

  app.get<ProcessRoute>('/admin/processes/:processId/agenda', { config: { access: access.process } }, (req, reply) =>
    listPage(req, reply, req.params.processId),
  );

  staffFormRoute<ProcessRoute>(
    app,
    '/admin/processes/:processId/agenda',
    access.process,
    async (req, body) => {
      const a = await svc.createAction(db, req.principal, req.params.processId, actionOf(body));
      return `/admin/actions/${a.id}?fatto=1`;
    },
    (req, reply, values, errors, status) => listPage(req, reply, req.params.processId, { values, errors }, status),
  );

  const actionPage = processRecordPage(
    db,
    StaffActionPage,
    (id) => svc.getAction(db, id),
    async (process, action) => ({ action, ...(await choices(process.id)) }),
  );

  app.get<ActionRoute>('/admin/actions/:actionId', { config: { access: access.action } }, (req, reply) =>
    actionPage(req, reply, req.params.actionId, { saved: req.query.fatto === '1' }),
  );

  staffFormRoute<ActionRoute>(
    app,
    '/admin/actions/:actionId',
    access.action,
    async (req, body) => {
      await svc.updateAction(db, req.principal, req.params.actionId, actionOf(body));
      return `/admin/actions/${req.params.actionId}?fatto=1`;
    },
    (req, reply, values, errors, status) => actionPage(req, reply, req.params.actionId, { values, errors }, status),
  );

  staffFormRoute<ActionRoute>(
    app,
    '/admin/actions/:actionId/aggiornamenti',
    access.action,
    async (req, body) => {
      await svc.addUpdate(db, req.principal, req.params.actionId, {
        day: formText(body, 'day') || undefined,
        body: formText(body, 'body'),
        progress: numberOf(formText(body, 'progress')),
        status: formText(body, 'status') || undefined,
      });
      return `/admin/actions/${req.params.actionId}?fatto=1`;
    },
    (req, reply, updateValues, updateErrors, status) => actionPage(req, reply, req.params.actionId, { updateValues, updateErrors }, status),
  );
};
