import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/index.js';
import { type AccessMethod, type Category, type LifeEvent, SheetContent } from './schemas.js';
import { insertBatch, type NewSheet } from './service.js';

/** A demo service sheet as written in demo-sheets.json: plain Italian, links to the official sites. */
export interface DemoSheet {
  org: string;
  slug: string;
  name: string;
  summary: string;
  audience: string;
  category: Category;
  access: AccessMethod[];
  url: string;
  cost: string;
  times: string;
  lifeEvents: LifeEvent[];
  topics: string[];
  desk: string[];
  /** The Markdown text, a line an item. */
  body: string[];
  steps: string[];
  faqs: [question: string, answer: string][];
  contacts: string;
}

/**
 * Demo service sheets: thirty national and local online services explained in plain Italian,
 * with links to the official sites. Most belong to the Comune di Firenze (as in Firenze digitale);
 * the others to Prato, Consorzio.it, the Unione Valnure e Valchero and Gussago.
 * Topics use the events' codes and desk services the desks' codes, so sheets show the meetings
 * and help desks about them. The sheets are data (demo-sheets.json), checked by the sheets' schema
 * when seeded.
 */
export const DEMO_SHEETS: DemoSheet[] = JSON.parse(readFileSync(join(import.meta.dirname, 'demo-sheets.json'), 'utf8'));

function toNew(d: DemoSheet): NewSheet {
  return {
    status: 'published',
    content: SheetContent.parse({
      name: d.name,
      slug: d.slug,
      summary: d.summary,
      audience: d.audience,
      body: d.body.join('\n'),
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
    }) as NewSheet['content'],
  };
}

/** Seeds the demo sheets, published, and returns their ids by slug. */
export async function seedDemoGuides(db: Db, ids: { organisations: Record<string, string> }): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const actor = { userId: null, name: 'Redazione demo' };
  const byOrg = new Map<string, DemoSheet[]>();
  for (const d of DEMO_SHEETS) byOrg.set(d.org, [...(byOrg.get(d.org) ?? []), d]);
  for (const [org, sheets] of byOrg) {
    const organisationId = ids.organisations[org];
    if (!organisationId) continue;
    const created = await insertBatch(db, actor, organisationId, sheets.map(toNew));
    sheets.forEach((s, i) => {
      out[s.slug] = created[i];
    });
  }
  return out;
}
