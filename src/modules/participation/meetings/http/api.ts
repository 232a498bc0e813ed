import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../../../../core/api.js';
import type { Deps } from '../../../../core/deps.js';
import type { RoutePlugin } from '../../../../core/module.js';
import {
  HandsBody,
  MeetingCreate,
  MeetingOut,
  MeetingParam,
  MeetingPatch,
  PollCreate,
  PollOut,
  PollParam,
  ProcessParam,
} from '../schemas.js';
import * as svc from '../service.js';
import { meetingAccess } from './access.js';

/** The staff API of meetings (events of the catalogue linked to a process), their minutes and live polls. */
export const meetingApiRoutes: RoutePlugin = async (app, deps) => {
  registerMeetings(app, deps);
  registerPolls(app, deps);
};

function registerMeetings(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const access = meetingAccess(deps);
  apiRoute(
    app,
    'POST',
    '/api/v1/processes/:processId/meetings',
    {
      access: access.process,
      summary: "Link an event of the organisation's catalogue to the process as a meeting, with its agenda (409 if already linked)",
      tags: ['participation'],
      params: ProcessParam,
      body: MeetingCreate,
      responses: { 201: { description: 'Linked', schema: MeetingOut } },
    },
    async ({ req, reply, params }) => reply.code(201).send(await svc.linkMeeting(db, req.principal, params.processId, req.body)),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/processes/:processId/meetings',
    {
      access: access.process,
      summary: "The process's meetings, minutes and polls included (staff)",
      tags: ['participation'],
      params: ProcessParam,
      responses: { 200: { description: 'OK' } },
    },
    async ({ params }) => ({ items: await svc.meetingsOfProcess(db, params.processId) }),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/meetings/:meetingId',
    {
      access: access.meeting,
      summary:
        "Write the agenda, the minutes, the decisions, and the proposals of the process the minutes link (422 for another process's)",
      tags: ['participation'],
      params: MeetingParam,
      body: MeetingPatch,
      responses: { 200: { description: 'Saved', schema: MeetingOut } },
    },
    async ({ req, params }) => svc.updateMeeting(db, req.principal, params.meetingId, req.body),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/meetings/:meetingId/publish',
    {
      access: access.meeting,
      summary: 'Publish the minutes, with the attendance counted at the door (422 without minutes)',
      tags: ['participation'],
      params: MeetingParam,
      responses: { 200: { description: 'Published', schema: MeetingOut } },
    },
    async ({ req, params }) => svc.publishMinutes(db, req.principal, params.meetingId),
  );
}

function registerPolls(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const access = meetingAccess(deps);
  apiRoute(
    app,
    'POST',
    '/api/v1/meetings/:meetingId/polls',
    {
      access: access.meeting,
      summary: 'Open a live poll: a question and 2–8 options, answered from phones at its short address (/v/<code>)',
      tags: ['participation'],
      params: MeetingParam,
      body: PollCreate,
      responses: { 201: { description: 'Open', schema: PollOut } },
    },
    async ({ req, reply, params }) => reply.code(201).send(await svc.openPoll(db, req.principal, params.meetingId, req.body)),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/polls/:pollId',
    {
      access: access.poll,
      summary: "A poll's results so far: answers from phones and hands counted, per option",
      tags: ['participation'],
      params: PollParam,
      responses: { 200: { description: 'OK', schema: PollOut } },
    },
    async ({ params }) => svc.getPoll(db, params.pollId),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/polls/:pollId/hands',
    {
      access: access.poll,
      summary: 'Enter the hands counted in the room, by option id (replaces the earlier count)',
      tags: ['participation'],
      params: PollParam,
      body: HandsBody,
      responses: { 200: { description: 'Counted', schema: PollOut } },
    },
    async ({ req, params }) => svc.enterHands(db, req.principal, params.pollId, req.body),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/polls/:pollId/close',
    {
      access: access.poll,
      summary: 'Close the poll: no more answers; its results go with the minutes',
      tags: ['participation'],
      params: PollParam,
      responses: { 200: { description: 'Closed', schema: PollOut } },
    },
    async ({ req, params }) => svc.closePoll(db, req.principal, params.pollId),
  );
}
