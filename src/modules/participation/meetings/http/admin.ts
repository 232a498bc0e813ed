import { t } from '../../../../core/i18n.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { fieldError, refuse } from '../../../../core/problems.js';
import type { Errors } from '../../../../web/forms.js';
import { type FormBody, formList, formText } from '../../../../web/forms.js';
import { organisationEvents } from '../../../events/service.js';
import { staffForm, staffFormRoute } from '../../http/forms.js';
import { processPage, processRecordPage } from '../../http/process-page.js';
import { proposalsOfProcess } from '../process-link.js';
import * as svc from '../service.js';
import { StaffMeetingPage, StaffMeetingsPage } from '../views-staff.js';
import { meetingAccess } from './access.js';

type ProcessRoute = { Params: { processId: string }; Body: FormBody | undefined };
type MeetingRoute = { Params: { meetingId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };
type PollRoute = { Params: { pollId: string }; Body: FormBody | undefined };

/** Errors of a list's items (`options.2`) shown on the list's one field. */
const onFields = (errors: Errors): Errors => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/\.\d+$/, ''), v]));

/** The back office's meetings of a process: link an event, write agenda and minutes, publish, run polls. */
export const meetingAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = meetingAccess(deps);

  const listPage = processPage(db, StaffMeetingsPage, async (process) => {
    const [meetings, events] = await Promise.all([svc.meetingsOfProcess(db, process.id), organisationEvents(db, process.organisationId)]);
    return { meetings, events: [...events.upcoming, ...events.past].map((e) => ({ id: e.id, title: e.title, start: e.start })) };
  });

  app.get<ProcessRoute>('/admin/processes/:processId/incontri', { config: { access: access.process } }, (req, reply) =>
    listPage(req, reply, req.params.processId),
  );

  staffFormRoute<ProcessRoute>(
    app,
    '/admin/processes/:processId/incontri',
    access.process,
    async (req, body) => {
      const m = await svc.linkMeeting(db, req.principal, req.params.processId, {
        event: formText(body, 'event'),
        agenda: formText(body, 'agenda') || null,
      });
      return `/admin/meetings/${m.id}`;
    },
    (req, reply, values, errors, status) => listPage(req, reply, req.params.processId, { values, errors }, status),
  );

  const meetingPage = processRecordPage(
    db,
    StaffMeetingPage,
    (id) => svc.getMeeting(db, id),
    async (process, meeting) => ({ meeting, proposals: await proposalsOfProcess(db, process.id), baseUrl: deps.config.baseUrl }),
  );

  app.get<MeetingRoute>('/admin/meetings/:meetingId', { config: { access: access.meeting } }, (req, reply) =>
    meetingPage(req, reply, req.params.meetingId, {
      notice: req.query.fatto === '1' ? t(req.lang, 'participation.staff.meeting.saved') : undefined,
    }),
  );

  staffFormRoute<MeetingRoute>(
    app,
    '/admin/meetings/:meetingId',
    access.meeting,
    async (req, body) => {
      const id = req.params.meetingId;
      // Publishing without minutes is refused before anything is saved.
      if (formText(body, 'step') === 'publish' && !formText(body, 'minutes').trim())
        throw refuse(422, 'participation.meetings.error.noMinutes', undefined, [
          fieldError('minutes', 'participation.meetings.check.required'),
        ]);
      await svc.updateMeeting(db, req.principal, id, {
        agenda: formText(body, 'agenda'),
        minutes: formText(body, 'minutes'),
        decisions: formText(body, 'decisions'),
        proposals: formList(body, 'proposals'),
      });
      if (formText(body, 'step') === 'publish') await svc.publishMinutes(db, req.principal, id);
      return `/admin/meetings/${id}?fatto=1`;
    },
    (req, reply, values, errors, status) => meetingPage(req, reply, req.params.meetingId, { values, errors: onFields(errors) }, status),
  );

  staffFormRoute<MeetingRoute>(
    app,
    '/admin/meetings/:meetingId/sondaggi',
    access.meeting,
    async (req, body) => {
      await svc.openPoll(db, req.principal, req.params.meetingId, {
        question: formText(body, 'question'),
        options: formText(body, 'options')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      return `/admin/meetings/${req.params.meetingId}?fatto=1`;
    },
    (req, reply, pollValues, errors, status) =>
      meetingPage(req, reply, req.params.meetingId, { pollValues, pollErrors: onFields(errors) }, status),
  );

  app.post<PollRoute>('/admin/polls/:pollId/mani', { config: { access: access.poll } }, async (req, reply) => {
    const body = req.body ?? {};
    const poll = await svc.getPoll(db, req.params.pollId);
    const hands = Object.fromEntries(
      poll.options.map((o) => {
        const raw = formText(body, `hands.${o.id}`);
        return [o.id, raw === '' ? 0 : Number(raw)];
      }),
    );
    return staffForm(
      req,
      reply,
      async () => {
        await svc.enterHands(db, req.principal, poll.id, { hands });
        return `/admin/meetings/${poll.meetingId}?fatto=1`;
      },
      async (errors, status) => meetingPage(req, reply, poll.meetingId, { errors: { _: Object.values(errors)[0] ?? '' } }, status),
    );
  });

  app.post<PollRoute>('/admin/polls/:pollId/chiudi', { config: { access: access.poll } }, async (req, reply) => {
    const poll = await svc.closePoll(db, req.principal, req.params.pollId);
    return reply.redirect(`/admin/meetings/${poll.meetingId}?fatto=1`, 303);
  });
};
