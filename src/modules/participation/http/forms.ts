import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../../../core/access.js';
import { formAction } from '../../../web/form-action.js';
import type { Errors, FormBody } from '../../../web/forms.js';

/**
 * A form of participation's back office: `run` does what it asks and names the page to go on to
 * (303); a refusal shows the form again through `again`, a form the schema refuses (400) as 422.
 */
export function staffForm(
  req: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<string>,
  again: (errors: Errors, status: number) => Promise<unknown>,
): Promise<unknown> {
  return formAction(
    async () => reply.redirect(await run(), 303),
    (errors, status) => again(errors, status === 400 ? 422 : status),
    req.lang,
  );
}

/** A route of the back office with a path parameter and a form sent to it. */
export interface StaffFormRoute {
  Params: Record<string, string>;
  Querystring?: Record<string, string | undefined>;
  Body: FormBody | undefined;
}

/**
 * The route a back-office form is sent to, under an access rule: `run` does what the form asks with
 * its fields and names the page to go on to; `again` draws the form's page again with the fields
 * sent and the refusal (see staffForm).
 */
export function staffFormRoute<R extends StaffFormRoute>(
  app: FastifyInstance,
  url: string,
  access: Access,
  run: (req: FastifyRequest<R>, body: FormBody) => Promise<string>,
  again: (req: FastifyRequest<R>, reply: FastifyReply, body: FormBody, errors: Errors, status: number) => Promise<unknown>,
): void {
  // Registered with the common shape of these routes; each caller reads its own parameters.
  app.post<StaffFormRoute>(url, { config: { access } }, async (request, reply) => {
    const req = request as unknown as FastifyRequest<R>;
    const body = request.body ?? {};
    return staffForm(
      req,
      reply,
      () => run(req, body),
      (errors, status) => again(req, reply, body, errors, status),
    );
  });
}
