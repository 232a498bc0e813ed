import { z } from 'zod';
import { type ApiRecordRouter, type ApiRouter, apiRouter } from '../../../../core/api.js';
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
  const api = apiRouter(app, { tags: ['participation'] });
  const access = meetingAccess(deps);
  const meeting = api.under('/api/v1/meetings/:meetingId', { access: access.meeting, params: MeetingParam, out: MeetingOut });
  const routes = { api, access, meeting, db: deps.db };
  registerMeetings(routes);
  registerPolls(routes);
};

/** What both groups of routes stand on: the router, the access rules and the routes under one meeting. */
interface MeetingRoutes {
  api: ApiRouter;
  access: ReturnType<typeof meetingAccess>;
  meeting: ApiRecordRouter<typeof MeetingParam>;
  db: Deps['db'];
}

function registerMeetings({ api, access, meeting, db }: MeetingRoutes): void {
  const process = api.under('/api/v1/processes/:processId/meetings', { access: access.process, params: ProcessParam, out: MeetingOut });
  process.post(
    '',
    {
      summary: "Link an event of the organisation's catalogue to the process as a meeting, with its agenda (409 if already linked)",
      body: MeetingCreate,
      created: 'Linked',
    },
    process.calls(db, svc.linkMeeting),
  );
  process.get(
    '',
    { summary: "The process's meetings, minutes and polls included (staff)", ok: z.object({ items: z.array(MeetingOut) }) },
    async ({ params }) => ({ items: await svc.meetingsOfProcess(db, params.processId) }),
  );

  meeting.patch(
    '',
    {
      summary:
        "Write the agenda, the minutes, the decisions, and the proposals of the process the minutes link (422 for another process's)",
      body: MeetingPatch,
      ok: 'Saved',
    },
    meeting.calls(db, svc.updateMeeting),
  );
  meeting.post(
    '/publish',
    {
      summary: 'Publish the minutes, with the attendance counted at the door (422 without minutes)',
      ok: 'Published',
    },
    meeting.calls(db, svc.publishMinutes),
  );
}

function registerPolls({ api, access, meeting, db }: MeetingRoutes): void {
  meeting.post(
    '/polls',
    {
      summary: 'Open a live poll: a question and 2–8 options, answered from phones at its short address (/v/<code>)',
      body: PollCreate,
      created: { description: 'Open', schema: PollOut },
    },
    meeting.calls(db, svc.openPoll),
  );

  const poll = api.under('/api/v1/polls/:pollId', { access: access.poll, params: PollParam, out: PollOut });
  poll.get('', { summary: "A poll's results so far: answers from phones and hands counted, per option", ok: PollOut }, async ({ params }) =>
    svc.getPoll(db, params.pollId),
  );
  poll.post(
    '/hands',
    {
      summary: 'Enter the hands counted in the room, by option id (replaces the earlier count)',
      body: HandsBody,
      ok: 'Counted',
    },
    poll.calls(db, svc.enterHands),
  );
  poll.post(
    '/close',
    { summary: 'Close the poll: no more answers; its results go with the minutes', ok: 'Closed' },
    poll.calls(db, svc.closePoll),
  );
}
