import { z } from 'zod';
import { apiRouter } from '../../../../core/api.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { ActionCreate, ActionOut, ActionParam, ActionPatch, ProcessParam, UpdateCreate } from '../schemas.js';
import * as svc from '../service.js';
import { agendaAccess } from './access.js';

/** The staff API of a process's agenda: actions, their changes and their dated updates. */
export const agendaApiRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = agendaAccess(deps);
  const api = apiRouter(app, { tags: ['participation'] });
  const process = api.under('/api/v1/processes/:processId/actions', { access: access.process, params: ProcessParam, out: ActionOut });
  const action = api.under('/api/v1/actions/:actionId', { access: access.action, params: ActionParam, out: ActionOut });

  process.post(
    '',
    {
      summary:
        "Add an action to the process's agenda: owner, deadline, status, progress 0–100, the proposals and meetings it comes from (of this process: 422 otherwise, nothing written); its proposals become accepted",
      body: ActionCreate,
      created: 'Added',
    },
    process.calls(db, svc.createAction),
  );

  process.get(
    '',
    {
      summary: "The process's agenda with each action's origins and updates, and the overall progress",
      ok: z.object({ progress: z.number(), items: z.array(ActionOut) }),
    },
    async ({ params }) => {
      const items = await svc.actionsOfProcess(db, params.processId);
      return { progress: svc.overallProgress(items), items };
    },
  );

  action.patch(
    '',
    {
      summary: 'Change an action: title, description, owner, deadline, status, progress, origins (new proposals become accepted)',
      body: ActionPatch,
      ok: 'Saved',
    },
    action.calls(db, svc.updateAction),
  );

  action.post(
    '/updates',
    {
      summary: "A dated update of an action (today by default); its progress and status, when given, become the action's",
      body: UpdateCreate,
      created: 'Added',
    },
    action.calls(db, svc.addUpdate),
  );
};
