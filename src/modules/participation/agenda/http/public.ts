import { PUBLIC } from '../../../../core/access.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { CSV_TYPE } from '../../../events/service.js';
import { publicProcessPage } from '../../meetings/http/public-process-page.js';
import { proposalPage, publicProcessRef } from '../../meetings/process-link.js';
import * as svc from '../service.js';
import { AgendaPage } from '../views.js';

type ProcessRoute = { Params: { processId: string } };

/** The public tracker of a process's agenda, and the agenda as CSV. */
export const agendaPublicRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;

  app.get<ProcessRoute>(
    '/partecipa/processi/:processId/agenda',
    { config: { access: PUBLIC } },
    publicProcessPage(db, AgendaPage, async (processId) => {
      const actions = await svc.actionsOfProcess(db, processId);
      return { actions, overall: svc.overallProgress(actions), meetingsPage: `/partecipa/processi/${processId}/incontri`, proposalPage };
    }),
  );

  app.get<ProcessRoute>('/partecipa/processi/:processId/agenda.csv', { config: { access: PUBLIC } }, async (req, reply) => {
    const process = await publicProcessRef(db, req.params.processId);
    return reply
      .type(CSV_TYPE)
      .header('content-disposition', 'attachment; filename="agenda.csv"')
      .send(svc.agendaCsv(await svc.actionsOfProcess(db, process.id)));
  });
};
