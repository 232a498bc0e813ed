import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccessTo } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getOrganisation } from '../../organisations/service.js';
import { organisationOfProgramme } from '../../programmes/service.js';
import { decideSignup, setNoShowLimit } from '../approval.js';
import { MessageCreate, sendMessage, sentMessages } from '../broadcast.js';
import { organisationOfVolunteer } from '../certificate.js';
import * as svc from '../service.js';
import { addTraining, setTrainee, TraineeBody, TrainingCreate, volunteerProfile } from '../training.js';
import { MessagePage, VolunteerPage } from '../views-training.js';
import { staffAccess } from './common.js';

/**
 * Staff's side of training and sign-up rules: a volunteer's page (courses, "in affiancamento"),
 * the answer to a pending sign-up, a programme's no-shows limit, messages to volunteers.
 */
export const volunteerTrainingRoutes: RoutePlugin = async (app, deps) => {
  registerApi(app, deps);
  registerPages(app, deps);
};

const volunteerAccess = (deps: Deps) => orgAccessTo(deps.db, 'volunteerId', ORG_STAFF, organisationOfVolunteer);

const TrainingOut = z.object({ id: z.string(), event: z.string().nullable(), title: z.string(), date: z.string(), hours: z.number() });
const VolunteerParam = z.object({ volunteerId: z.string() });
const VolunteerOut = z.object({
  id: z.string(),
  organisation: z.string(),
  userId: z.string(),
  name: z.string(),
  municipality: z.string().describe('ISTAT code of the comune'),
  skills: z.array(z.string()),
  trainee: z.boolean().describe('In affiancamento: signs up only for shifts an experienced volunteer is on'),
  noShows: z.number().int(),
  trainings: z.array(TrainingOut),
});

function registerApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const access = staffAccess(deps);
  const api = apiRouter(app, { tags: ['volunteers'] });
  const volunteerRoutes = api.under('/api/v1/volunteers/:volunteerId', { access: volunteerAccess(deps), params: VolunteerParam });
  volunteerRoutes.get(
    '',
    { summary: 'A volunteer (staff): comune, skills, whether in affiancamento, no-shows, courses done', ok: VolunteerOut },
    async ({ params }) => volunteerProfile(db, params.volunteerId),
  );
  volunteerRoutes.post(
    '/trainings',
    {
      summary:
        'Record a course done: an event of the organisation the volunteer was checked in at (title, day and hours from the door), or an outside course (title, date, hours). 422 names the field.',
      body: TrainingCreate,
      created: { description: 'Recorded', schema: TrainingOut },
    },
    async ({ req, params }) => addTraining(db, req.principal, params.volunteerId, req.body),
  );
  volunteerRoutes.post(
    '/trainee',
    {
      summary: 'Set or clear "in affiancamento": a trainee signs up only for shifts an experienced volunteer is on',
      body: TraineeBody,
      ok: { description: 'Saved', schema: z.object({ id: z.string(), trainee: z.boolean() }) },
    },
    async ({ req, params, body }) => setTrainee(db, req.principal, params.volunteerId, body.trainee),
  );
  api.post(
    '/api/v1/shifts/:shiftId/decisions',
    {
      access: access.shift,
      summary: 'Confirm or refuse a pending sign-up (staff); the volunteer is e-mailed the answer',
      params: z.object({ shiftId: z.string() }),
      body: z.object({ signup: z.string(), approve: z.boolean() }),
      ok: { description: 'Answered', schema: z.object({ id: z.string(), status: z.enum(['confirmed', 'refused']) }) },
    },
    async ({ req, params, body }) => decideSignup(db, req.principal, params.shiftId, body.signup, body.approve),
  );
  api.put(
    '/api/v1/programmes/:programmeId/volunteer-rules',
    {
      access: orgAccessTo(db, 'programmeId', ORG_STAFF, organisationOfProgramme),
      summary: "The programme's no-shows limit: from that many absences on, a volunteer's sign-ups wait for staff approval (default 2)",
      params: z.object({ programmeId: z.string() }),
      body: z.object({
        noShowLimit: z
          .number()
          .int('volunteers.check.noShowLimit')
          .min(1, 'volunteers.check.noShowLimit')
          .max(20, 'volunteers.check.noShowLimit'),
      }),
      ok: { description: 'Saved', schema: z.object({ programme: z.string(), noShowLimit: z.number() }) },
    },
    async ({ req, params, body }) => setNoShowLimit(db, req.principal, params.programmeId, req.targetOrganisationId!, body.noShowLimit),
  );
  api.post(
    '/api/v1/organisations/:organisationId/volunteer-messages',
    {
      access: access.organisation,
      summary:
        'Write to the organisation’s volunteers, all or by role (trainee, experienced), skill or shift: by SMS to those who asked for SMS or have a mobile and no e-mail, by e-mail to the others; the message is stored; answers how many it went to by each',
      params: z.object({ organisationId: z.string() }),
      body: MessageCreate,
      ok: { description: 'Sent', schema: z.object({ id: z.string(), recipients: z.number(), email: z.number(), sms: z.number() }) },
    },
    async ({ req }) => sendMessage(deps, req.principal, req.targetOrganisationId!, req.body),
  );
}

type VolunteerRoute = { Params: { volunteerId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };
type OrgRoute = { Params: { organisationId: string }; Body: FormBody | undefined };

function registerPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const access = staffAccess(deps);
  const profilePage = async (req: FastifyRequest, reply: FastifyReply, more: object = {}, status = 200) => {
    const profile = await volunteerProfile(db, (req.params as { volunteerId: string }).volunteerId);
    const org = await getOrganisation(db, profile.organisation);
    return sendPage(
      reply,
      VolunteerPage({ ctx: pageContext(req, reply, org.name), organisation: { id: org.id, name: org.name }, profile, ...more }),
      status,
    );
  };
  app.get<VolunteerRoute>('/admin/volontari/:volunteerId', { config: { access: volunteerAccess(deps) } }, async (req, reply) =>
    profilePage(req, reply, { saved: req.query.fatto === '1' }),
  );
  app.post<VolunteerRoute>(
    '/admin/volontari/:volunteerId/affiancamento',
    { config: { access: volunteerAccess(deps) } },
    async (req, reply) => {
      await setTrainee(db, req.principal, req.params.volunteerId, formText(req.body ?? {}, 'trainee') === '1');
      return reply.redirect(`/admin/volontari/${req.params.volunteerId}?fatto=1`, 303);
    },
  );
  app.post<VolunteerRoute>('/admin/volontari/:volunteerId/corsi', { config: { access: volunteerAccess(deps) } }, async (req, reply) => {
    const body = req.body ?? {};
    const hours = formText(body, 'hours').replace(',', '.');
    const input = formText(body, 'event')
      ? { event: formText(body, 'event') }
      : { title: formText(body, 'title'), date: formText(body, 'date'), hours: hours ? Number(hours) : null };
    return formAction(
      async () => {
        await addTraining(db, req.principal, req.params.volunteerId, input);
        return reply.redirect(`/admin/volontari/${req.params.volunteerId}?fatto=1`, 303);
      },
      async (errors, status) => profilePage(req, reply, { values: body, errors }, status === 400 ? 422 : status),
      req.lang,
    );
  });
  app.post<{ Params: { shiftId: string }; Body: FormBody | undefined }>(
    '/admin/shifts/:shiftId/approvazioni',
    { config: { access: access.shift } },
    async (req, reply) => {
      const body = req.body ?? {};
      await decideSignup(db, req.principal, req.params.shiftId, formText(body, 'signup'), formText(body, 'approve') === '1');
      return reply.redirect(`/admin/shifts/${req.params.shiftId}?fatto=1`, 303);
    },
  );
  const messagePage = async (req: FastifyRequest, reply: FastifyReply, orgId: string, more: object = {}, status = 200) => {
    const org = await getOrganisation(db, orgId);
    const shifts = await svc.shiftsOfOrganisation(db, orgId);
    const history = await sentMessages(deps, orgId);
    return sendPage(
      reply,
      MessagePage({ ctx: pageContext(req, reply, org.name), organisation: { id: org.id, name: org.name }, shifts, history, ...more }),
      status,
    );
  };
  app.get<OrgRoute>(
    '/admin/organisations/:organisationId/volontari/messaggio',
    { config: { access: access.organisation } },
    async (req, reply) => messagePage(req, reply, req.targetOrganisationId!),
  );
  app.post<OrgRoute>(
    '/admin/organisations/:organisationId/volontari/messaggio',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const body = req.body ?? {};
      const orgId = req.targetOrganisationId!;
      return formAction(
        async () => {
          const sent = await sendMessage(deps, req.principal, orgId, {
            subject: formText(body, 'subject'),
            body: formText(body, 'body'),
            role: formText(body, 'role') || 'all',
            skill: formText(body, 'skill') || null,
            shift: formText(body, 'shift') || null,
          });
          return messagePage(req, reply, orgId, { sent: sent.recipients, byChannel: sent });
        },
        async (errors, status) => messagePage(req, reply, orgId, { values: body, errors }, status === 400 ? 422 : status),
        req.lang,
      );
    },
  );
}
