import type { Db } from '../../db/index.js';
import { FIRENZE_SHEETS } from './demo-firenze.js';
import { OTHER_SHEETS } from './demo-others.js';
import type { DemoSheet } from './demo-sheet.js';
import { SheetContent } from './schemas.js';
import { insertBatch, type NewSheet } from './service.js';

/**
 * Demo service sheets: thirty national and local online services explained in plain Italian,
 * with links to the official sites. Most belong to the Comune di Firenze (as in Firenze digitale);
 * the others to Prato, Consorzio.it, the Unione Valnure e Valchero and Gussago.
 * Topics use the events' codes and desk services the desks' codes, so sheets show the meetings
 * and help desks about them.
 */
export const DEMO_SHEETS: DemoSheet[] = [...FIRENZE_SHEETS, ...OTHER_SHEETS];

function toNew(d: DemoSheet): NewSheet {
  return {
    status: 'published',
    content: SheetContent.parse({
      name: d.name,
      slug: d.slug,
      summary: d.summary,
      audience: d.audience,
      body: d.body,
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
