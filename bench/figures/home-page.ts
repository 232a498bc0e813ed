import { defineFigure } from '../types.js';
import { BROWSER_HEADERS } from './browser.js';

/** The public home page: HTML rendered on the server, with the list of organisations. */
export default defineFigure({
  name: 'home page',
  requests: () => ({ path: '/', headers: BROWSER_HEADERS }),
});
