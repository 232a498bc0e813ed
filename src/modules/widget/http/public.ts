import type { FastifyInstance, FastifyReply } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { framedPageCsp } from '../../../core/security-headers.js';
import { renderPage } from '../../../web/layout.js';
import { EMBED_SCRIPT, FRAME_SCRIPT } from '../scripts.js';
import { originsOfNamed, type WidgetQuery, type WidgetView, widgetEvents } from '../service.js';
import { WidgetPage } from '../views.js';

/** A script other websites load (`/widget.js`) or the frame loads: cached an hour, loadable from any origin. */
function sendScript(reply: FastifyReply, body: string): FastifyReply {
  return reply
    .type('text/javascript; charset=utf-8')
    .header('cache-control', 'public, max-age=3600')
    .header('cross-origin-resource-policy', 'cross-origin')
    .send(body);
}

/**
 * The widget: the events page made for an iframe on the organisation's own website, the script
 * that puts it there, and the one that tells the page how tall the frame is.
 */
export async function widgetPublicRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;

  /**
   * Only this page may be framed, and only by the organisation's listed sites (and Ponte itself,
   * for the settings page's preview). X-Frame-Options cannot name another origin: it goes, so
   * browsers follow the policy's frame-ancestors.
   */
  const allowFraming = (reply: FastifyReply, origins: string[]) => {
    reply.header('content-security-policy', framedPageCsp(config, origins));
    reply.removeHeader('x-frame-options');
    reply.header('cross-origin-resource-policy', 'cross-origin');
  };

  app.get<{ Querystring: WidgetQuery }>('/widget/eventi', { config: { access: PUBLIC } }, async (req, reply) => {
    let view: WidgetView;
    try {
      view = await widgetEvents(db, req.query);
    } catch (err) {
      // A snippet with a wrong filter shows its message inside the organisation's own site,
      // rather than a frame the browser refuses; an unknown organisation has no sites to name.
      const origins = await originsOfNamed(db, req.query.organisation);
      if (origins) allowFraming(reply, origins);
      throw err;
    }
    allowFraming(reply, view.origins);
    // Kept a minute by browsers and shared caches: the list changes with bookings, the allowed sites
    // rarely. The language comes from the address, the cookie or the browser.
    reply.header('cache-control', 'public, max-age=60');
    reply.header('vary', 'Accept-Language, Cookie');
    return reply.type('text/html; charset=utf-8').send(renderPage(WidgetPage({ lang: req.lang, view })));
  });

  app.get('/widget.js', { config: { access: PUBLIC } }, async (_req, reply) => sendScript(reply, EMBED_SCRIPT));
  app.get('/widget/frame.js', { config: { access: PUBLIC } }, async (_req, reply) => sendScript(reply, FRAME_SCRIPT));
}
