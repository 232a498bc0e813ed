import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { checkQuery, findManaged } from '../service.js';
import { ManagePage } from '../views.js';
import { countTry } from './limits.js';

/** GET and POST /gestisci: the form, then a redirect to the manage page the code and contact open. */
export async function registerManagePages(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/gestisci', { config: { access: PUBLIC } }, async (req, reply) =>
    sendPage(reply, ManagePage({ ctx: pageContext(req, reply), values: { code: '', contact: '' } })),
  );

  app.post<{ Body: FormBody }>('/gestisci', { config: { access: PUBLIC, publicWrite: true } }, async (req, reply) => {
    const values = { code: formText(req.body, 'code'), contact: formText(req.body, 'contact') };
    return formAction(
      async () => {
        await countTry(app, deps, req);
        const found = await findManaged(deps, checkQuery(values));
        return reply.redirect(found.path, 303);
      },
      async (errors, status) => sendPage(reply, ManagePage({ ctx: pageContext(req, reply), values, errors }), status),
      req.lang,
    );
  });
}
