import { defineFigure } from '../types.js';

/** The JSON search behind every municipality picker: a common prefix that matches many comuni. */
export default defineFigure({
  name: 'municipality search',
  requests: () => ({ path: '/api/v1/municipalities?q=san', headers: { accept: 'application/json' } }),
});
