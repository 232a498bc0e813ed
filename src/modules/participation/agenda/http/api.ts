import { z } from 'zod';
import { apiRoute } from '../../../../core/api.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { ActionCreate, ActionOut, ActionParam, ActionPatch, ProcessParam, UpdateCreate } from '../schemas.js';
import * as svc from '../service.js';
import { agendaAccess } from './access.js';

/** The staff API of a process's agenda: actions, their changes and their dated updates. */
export const agendaApiRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = agendaAccess(deps);
  apiRoute(
    app,
    'POST',
    '/api/v1/processes/:processId/actions',
    {
      access: access.process,
      summary:
        "Add an action to the process's agenda: owner, deadline, status, progress 0–100, the proposals and meetings it comes from (of this process: 422 otherwise, nothing written); its proposals become accepted",
      tags: ['participation'],
      params: ProcessParam,
      body: ActionCreate,
      responses: { 201: { description: 'Added', schema: ActionOut } },
    },
    async ({ req, reply, params }) => reply.code(201).send(await svc.createAction(db, req.principal, params.processId, req.body)),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/processes/:processId/actions',
    {
      access: access.process,
      summary: "The process's agenda with each action's origins and updates, and the overall progress",
      tags: ['participation'],
      params: ProcessParam,
      responses: { 200: { description: 'OK', schema: z.object({ progress: z.number(), items: z.array(ActionOut) }) } },
    },
    async ({ params }) => {
      const items = await svc.actionsOfProcess(db, params.processId);
      return { progress: svc.overallProgress(items), items };
    },
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/actions/:actionId',
    {
      access: access.action,
      summary: 'Change an action: title, description, owner, deadline, status, progress, origins (new proposals become accepted)',
      tags: ['participation'],
      params: ActionParam,
      body: ActionPatch,
      responses: { 200: { description: 'Saved', schema: ActionOut } },
    },
    async ({ req, params }) => svc.updateAction(db, req.principal, params.actionId, req.body),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/actions/:actionId/updates',
    {
      access: access.action,
      summary: "A dated update of an action (today by default); its progress and status, when given, become the action's",
      tags: ['participation'],
      params: ActionParam,
      body: UpdateCreate,
      responses: { 201: { description: 'Added', schema: ActionOut } },
    },
    async ({ req, reply, params }) => reply.code(201).send(await svc.addUpdate(db, req.principal, params.actionId, req.body)),
  );
};
