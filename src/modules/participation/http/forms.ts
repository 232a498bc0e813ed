import type { FastifyReply, FastifyRequest } from 'fastify';
import { formAction } from '../../../web/form-action.js';
import type { Errors } from '../../../web/forms.js';

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
