import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PUBLIC } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { checkQuery, findManaged } from '../service.js';
import { countTry } from './limits.js';

const ManageBody = z.object({
  code: z.string().max(200).describe("The booking's ticket code (ABCDE-FGHJK) or the appointment's code (ABCD-EFGH)"),
  contact: z.string().max(300).describe('The mobile number (any usual form) or the e-mail address given when booking'),
});

const ManageLink = z.object({
  kind: z.enum(['booking', 'appointment']),
  link: z.string().describe('The private link of the manage page'),
});

/** POST /api/v1/manage: the manage link of a booking or appointment from its code and contact. */
export async function registerManageApi(app: FastifyInstance, deps: Deps): Promise<void> {
  apiRoute(
    app,
    'POST',
    '/api/v1/manage',
    {
      access: PUBLIC,
      publicWrite: true,
      summary:
        'The manage link of a booking or desk appointment, from its code and the phone or e-mail it was made with. Whatever does not match answers the same 404; 5 tries per code and 10 per client address in 15 minutes, then 429.',
      tags: ['manage'],
      body: ManageBody,
      responses: {
        200: { description: 'The manage link', schema: ManageLink },
        404: { description: 'No booking with this code and this contact' },
      },
    },
    async ({ req, body }) => {
      await countTry(app, deps, req);
      const found = await findManaged(deps, checkQuery(body));
      return { kind: found.kind, link: `${deps.config.baseUrl}${found.path}` };
    },
  );
}
