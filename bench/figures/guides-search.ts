import { sql } from 'kysely';
import { DEMO_SHEETS } from '../../src/modules/guides/demo.js';
import { SheetContent } from '../../src/modules/guides/schemas.js';
import { insertBatch, type NewSheet } from '../../src/modules/guides/service.js';
import { bundledMunicipalities } from '../../src/modules/organisations/municipalities.js';
import { type BenchContext, defineFigure } from '../types.js';

/** How many published sheets the catalogue holds during the figures. */
export const GUIDE_SHEETS = 10_000;

/** The queries of the search figure, one per request in turn: phrases, synonyms, stems. */
const QUERIES = ['carta identita', 'pagare tari', 'iscrizione scuola', 'identità digitale', 'fascicolo sanitario', 'bollo auto'];
/** Typos: every request goes through the vocabulary to find the closest word. */
const TYPOS = ['sipd', 'pagoap', 'fascicolo sanitrio', 'passaprto'];

const filled = new Map<string, Promise<void>>();

function prepare(ctx: BenchContext): Promise<void> {
  let done = filled.get(ctx.databaseUrl);
  if (!done) {
    done = fill(ctx);
    filled.set(ctx.databaseUrl, done);
  }
  return done;
}

/**
 * 10,000 published sheets through the guides service (in batches of 250, one transaction each):
 * the thirty demo sheets rewritten for the comuni of Italy, as if every municipality explained the
 * same services in its own words, so the index holds many near-duplicates and a vocabulary of
 * thousands of place names, the hard case for ranking and for the typo fallback.
 */
async function fill(ctx: BenchContext): Promise<void> {
  const organisations = Object.values(ctx.demo.organisations);
  const comuni = bundledMunicipalities().map((m) => m.name);
  const actor = { userId: null, name: 'Bench' };
  const batch = 250;
  for (let start = 0; start < GUIDE_SHEETS; start += batch) {
    const byOrg = new Map<string, NewSheet[]>();
    for (let i = start; i < Math.min(GUIDE_SHEETS, start + batch); i++) {
      const d = DEMO_SHEETS[i % DEMO_SHEETS.length];
      const place = comuni[(i * 7919) % comuni.length];
      const other = comuni[(i * 104_729) % comuni.length];
      const content = SheetContent.parse({
        name: `${d.name} a ${place}`,
        slug: `${d.slug}-${i}`,
        summary: `${d.summary} Servizio per chi vive a ${place}.`,
        audience: d.audience,
        body: `${d.body}\n\nA ${place} e a ${other} ti aiutano gli sportelli del Comune e gli incontri di facilitazione digitale.`,
        category: d.category,
        access: d.access,
        url: d.url,
        cost: d.cost,
        times: d.times,
        lifeEvents: d.lifeEvents,
        faqs: d.faqs.map(([question, answer]) => ({ question, answer })),
        contacts: d.contacts,
        topics: d.topics,
        deskServices: d.desk,
        steps: d.steps.map((text) => ({ text })),
      }) as NewSheet['content'];
      const org = organisations[i % organisations.length];
      byOrg.set(org, [...(byOrg.get(org) ?? []), { content, status: 'published' }]);
    }
    for (const [org, items] of byOrg) await insertBatch(ctx.db, actor, org, items);
  }
  // Planner statistics, as a running database has them.
  await sql`analyze`.execute(ctx.db.k);
}

/** One request after another through the queries (each request builds its own path). */
function load(queries: string[]) {
  let n = 0;
  const path = (q: string) => `/api/v1/services?q=${encodeURIComponent(q)}`;
  return {
    path: path(queries[0]),
    headers: { accept: 'application/json' },
    requests: [
      {
        method: 'GET' as const,
        setupRequest: <R extends { path?: string }>(req: R): R => ({ ...req, path: path(queries[n++ % queries.length]) }),
      },
    ],
  };
}

/** GET /api/v1/services?q=… over 10,000 published sheets: Italian full-text search, 20 best results. */
export const guidesSearch = defineFigure({
  name: 'guides search',
  prepare,
  requests: () => load(QUERIES),
});

/** The same search with a typo in every query: the closest word of the vocabulary replaces it first. */
export const guidesSearchTypo = defineFigure({
  name: 'guides search typo',
  prepare,
  requests: () => load(TYPOS),
});

/**
 * Every request a search nobody made before (a query of the first figure and a comune's name, in
 * turn through the ~8,000 comuni): what a search costs when the process has not kept it
 * (guides/search-cache.ts), beside the first figure, where the six queries are kept after their first time.
 */
export const guidesSearchUnseen = defineFigure({
  name: 'guides search unseen',
  prepare,
  requests: () => {
    const comuni = bundledMunicipalities().map((m) => m.name);
    let n = 0;
    const path = () => {
      const q = `${QUERIES[n % QUERIES.length]} ${comuni[Math.floor(n / QUERIES.length) % comuni.length]}`;
      n++;
      return `/api/v1/services?q=${encodeURIComponent(q)}`;
    };
    return {
      path: path(),
      headers: { accept: 'application/json' },
      requests: [{ method: 'GET' as const, setupRequest: <R extends { path?: string }>(req: R): R => ({ ...req, path: path() }) }],
    };
  },
});
