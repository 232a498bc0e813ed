import { defineFigure } from '../types.js';
import { BROWSER_HEADERS } from './browser.js';
import { cataloguePage } from './catalogue.js';

/**
 * The events widget as a comune's home page shows it: GET /widget/eventi for Prato, its first 20
 * events among the catalogue figures' 5,000, with the organisation's allowed sites read for the
 * policy. No page cache on the server (browsers and proxies keep it a minute), so every request
 * runs the catalogue query, the lookups and the rendering.
 */
export const widgetPage = defineFigure({
  name: 'widget page',
  prepare: async (ctx) => {
    await cataloguePage.prepare!(ctx);
    return ctx.demo.organisations.prato;
  },
  requests: (_ctx, prato) => ({ path: `/widget/eventi?organisation=${prato}&audience=anziani`, headers: BROWSER_HEADERS }),
});

export default widgetPage;
