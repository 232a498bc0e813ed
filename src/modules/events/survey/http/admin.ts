import type { RoutePlugin } from '../../../../core/module.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { eventStaff, programmeStaff } from '../../http-kit.js';
import * as svc from '../../service.js';
import { eventSurveyResults, programmeSurveyResults } from '../service.js';
import { EventSurveyPage, ProgrammeSurveyPage } from '../views.js';

/** The survey's results in the back office, per event and per programme. */
export const surveyAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;

  app.get<{ Params: { eventId: string } }>(
    '/admin/events/:eventId/gradimento',
    { config: { access: eventStaff(deps) } },
    async (req, reply) => {
      const results = await eventSurveyResults(db, req.params.eventId);
      const event = await svc.getEvent(db, results.event.id, { includeDrafts: true });
      const ctx = pageContext(req, reply, event.organisation.name);
      return sendPage(reply, EventSurveyPage({ ctx, organisation: event.organisation, results }));
    },
  );

  app.get<{ Params: { programmeId: string } }>(
    '/admin/programmes/:programmeId/gradimento',
    { config: { access: programmeStaff(deps) } },
    async (req, reply) => {
      const results = await programmeSurveyResults(db, req.params.programmeId);
      return sendPage(reply, ProgrammeSurveyPage({ ctx: pageContext(req, reply, results.programme.organisation.name), results }));
    },
  );
};
