import { defineFigure } from '../types.js';

/** The public list of an organisation's venues (Comune di Prato in the demo programme, three venues). */
export default defineFigure({
  name: 'organisation venues',
  prepare: (ctx) => ctx.demo.organisations.prato,
  requests: (_ctx, organisationId) => ({
    path: `/api/v1/organisations/${organisationId}/venues`,
    headers: { accept: 'application/json' },
  }),
});
