import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { formlessPageContext, pageContext, sendPage } from '../../../web/layout.js';
import { PageCache } from '../../../web/page-cache.js';
import { listCatalogue } from '../../events/service.js';
import { listOrganisations } from '../../organisations/service.js';
import { AccessibilityPage, HomePage, PrivacyPage } from '../views.js';

/** The public pages every portal has: home, privacy notice, accessibility statement. */
export async function registerSitePages(app: FastifyInstance, deps: Deps): Promise<void> {
  // The home page is the same for every visitor who is not signed in, and the next events on it
  // may be a few seconds old: kept a few seconds, like the catalogue.
  const homeCache = new PageCache();
  app.get('/', { config: { access: PUBLIC } }, async (req, reply) => {
    const cached = homeCache.serve(req, reply);
    if (cached) return cached;
    const [organisations, upcoming] = await Promise.all([listOrganisations(deps.db), listCatalogue(deps.db, {}, { limit: 5 })]);
    return homeCache.keepAndSend(req, reply, HomePage({ ctx: formlessPageContext(req, reply), organisations, events: upcoming.items }));
  });
  // Browsers and feed readers ask for /favicon.ico without being told, on every page of the site.
  const favicon = readFileSync(resolve(import.meta.dirname, '../../../web/static/favicon.ico'));
  app.get('/favicon.ico', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('image/x-icon').header('cache-control', 'public, max-age=86400').send(favicon),
  );
  app.get('/privacy', { config: { access: PUBLIC } }, async (req, reply) => sendPage(reply, PrivacyPage({ ctx: pageContext(req, reply) })));
  app.get('/accessibilita', { config: { access: PUBLIC } }, async (req, reply) =>
    sendPage(reply, AccessibilityPage({ ctx: pageContext(req, reply) })),
  );
}
