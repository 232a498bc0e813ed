import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../../core/access.js';
import type { Deps } from '../../core/deps.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { listCatalogue } from '../events/catalogue.js';
import { listOrganisations } from '../organisations/service.js';
import { AccessibilityPage, HomePage, PrivacyPage } from './views.js';

/** The public pages every portal has: home, privacy notice, accessibility statement. */
export async function registerSiteRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/', { config: { access: PUBLIC } }, async (req, reply) => {
    const [organisations, upcoming] = await Promise.all([listOrganisations(deps.db), listCatalogue(deps.db, {}, { limit: 5 })]);
    return sendPage(reply, HomePage({ ctx: pageContext(req, reply), organisations, events: upcoming.items }));
  });
  app.get('/privacy', { config: { access: PUBLIC } }, async (req, reply) => sendPage(reply, PrivacyPage({ ctx: pageContext(req, reply) })));
  app.get('/accessibilita', { config: { access: PUBLIC } }, async (req, reply) =>
    sendPage(reply, AccessibilityPage({ ctx: pageContext(req, reply) })),
  );
}
