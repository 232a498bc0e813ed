import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { Problem } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { type Errors, type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { type ConfirmOutcome, confirmByCode, confirmByToken } from '../confirm/service.js';
import { CodePage, ConfirmedPage } from '../confirm/views.js';

/** A dictionary key in the request's language. */
function messageOf(req: FastifyRequest, key: string): string {
  return t(req.lang, key);
}

/** The page of a confirmation made: what it confirmed, and where to go on. */
function sendConfirmed(req: FastifyRequest, reply: FastifyReply, done: ConfirmOutcome) {
  return sendPage(
    reply,
    ConfirmedPage({ ctx: pageContext(req, reply), status: done.status, message: messageOf(req, done.message), link: done.link }),
  );
}

/** A refusal (4xx) in the request's language, shown on the page; anything else goes to the error page. */
function refusalOf(req: FastifyRequest, e: unknown): Problem {
  if (!(e instanceof Problem) || e.status >= 500) throw e;
  return e.inLanguage(req.lang);
}

/** The pages of a confirmation: the e-mail's link, and the form for the SMS code. */
export function registerConfirmationPages(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { token: string } }>('/partecipa/conferma/:token', { config: { access: PUBLIC } }, async (req, reply) => {
    try {
      const done = await confirmByToken(deps, req.params.token);
      return sendConfirmed(req, reply, done);
    } catch (e) {
      const err = refusalOf(req, e);
      return sendPage(
        reply,
        ConfirmedPage({ ctx: pageContext(req, reply), status: 'refused', message: err.detail ?? err.title }),
        err.status,
      );
    }
  });

  app.get('/partecipa/conferma', { config: { access: PUBLIC } }, async (req, reply) =>
    sendPage(reply, CodePage({ ctx: pageContext(req, reply) })),
  );

  app.post<{ Body: FormBody | undefined }>('/partecipa/conferma', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const body = req.body ?? {};
    try {
      if (formText(body, 'website'))
        throw new Problem(422, 'honeypot', undefined, [{ field: 'website', message: messageOf(req, 'participation.check.honeypot') }]);
      const done = await confirmByCode(deps, formText(body, 'phone'), formText(body, 'code'));
      return sendConfirmed(req, reply, done);
    } catch (e) {
      const err = refusalOf(req, e);
      const errors: Errors = err.errors?.length
        ? Object.fromEntries(err.errors.map((x) => [x.field, x.message]))
        : { _: err.detail ?? err.title };
      return sendPage(reply, CodePage({ ctx: pageContext(req, reply), values: body, errors }), err.status);
    }
  });
}
