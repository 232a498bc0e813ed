import { manyProposals } from '../participation-data.js';
import { type BenchContext, defineFigure } from '../types.js';

/**
 * The public list of a process's proposals: the demo's Unione Valnure e Valchero process grown to
 * 10,000 proposals with supports and comments, filtered by one comune and sorted by supports, 20 a
 * page. The page citizens open (kept a few seconds for visitors, web/page-cache.ts), and the same
 * list from the API, which reads the database every time.
 */
const prepare = async (ctx: BenchContext) => {
  const processId = ctx.demo.more['participation.process'];
  if (!processId) throw new Error('the demo has no participatory process');
  // Both figures share one database per dialect: the proposals are made once.
  const done = made.get(ctx.databaseUrl);
  if (done) return done;
  const data = manyProposals(ctx.db, processId, 10_000);
  made.set(ctx.databaseUrl, data);
  return data;
};
const made = new Map<string, ReturnType<typeof manyProposals>>();

export const proposalsPage = defineFigure({
  name: 'participation proposals list',
  prepare,
  requests: (_ctx, p) => ({ path: `/partecipa/processi/${p.processId}/proposte?municipality=${p.municipality}&sort=supports` }),
});

export const proposalsApi = defineFigure({
  name: 'participation proposals list, API (never cached)',
  prepare,
  requests: (_ctx, p) => ({
    path: `/api/v1/processes/${p.processId}/proposals?municipality=${p.municipality}&sort=supports`,
    headers: { accept: 'application/json' },
  }),
});
