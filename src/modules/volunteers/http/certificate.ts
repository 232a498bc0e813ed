import type { FastifyReply, FastifyRequest } from 'fastify';
import { orgAccessTo, PUBLIC, SIGNED_IN } from '../../../core/access.js';
import type { RoutePlugin } from '../../../core/module.js';
import { refuse } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { certificateOf, certificatePdf, organisationOfVolunteer, ownVolunteer, periodOf } from '../certificate.js';
import { accountOfFeedToken, shiftsCalendar } from '../feed.js';

type Period = { from?: string; to?: string };

/**
 * The certificate of hours (PDF), for staff from the back office and for the volunteer from
 * "I miei turni", and the volunteer's private calendar of shifts.
 */
export const volunteerCertificateRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;

  const sendCertificate = async (req: FastifyRequest, reply: FastifyReply, volunteerId: string, query: Period) => {
    const period = periodOf(query);
    const pdf = await certificatePdf(await certificateOf(db, volunteerId, period), req.lang);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="attestato-volontariato-${period.from}-${period.to}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  };

  app.get<{ Params: { volunteerId: string }; Querystring: Period }>(
    '/admin/volontari/:volunteerId/attestato.pdf',
    {
      config: {
        access: orgAccessTo(db, 'volunteerId', ORG_STAFF, organisationOfVolunteer),
      },
    },
    async (req, reply) => sendCertificate(req, reply, req.params.volunteerId, req.query),
  );

  app.get<{ Querystring: Period & { volontario?: string } }>(
    '/turni/attestato.pdf',
    { config: { access: SIGNED_IN } },
    async (req, reply) => sendCertificate(req, reply, await ownVolunteer(db, req.principal!.userId, req.query.volontario), req.query),
  );

  app.get<{ Params: { file: string } }>('/volontariato/turni/:file', { config: { access: PUBLIC } }, async (req, reply) => {
    const file = req.params.file;
    const userId = file.endsWith('.ics') ? await accountOfFeedToken(db, deps.config, file.slice(0, -4)) : undefined;
    if (!userId) throw refuse(404, 'volunteers.error.feedNotFound');
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('x-robots-tag', 'noindex')
      .send(await shiftsCalendar(db, userId, deps.config.baseUrl, req.lang));
  });
};
