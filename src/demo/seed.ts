import type { DemoIds, DemoLogin } from '../core/module.js';
import type { Db } from '../db/index.js';
import { MODULES } from '../modules/index.js';

export { DEMO_PASSWORD } from '../modules/accounts/demo.js';

export type { DemoIds, DemoLogin };

/**
 * The demo programme, drawn from the five seed programmes: Prato with its partner clubs, Firenze,
 * Consorzio.it with Cremasco municipalities, Unione Valnure e Valchero with its members, Gussago.
 * Each module adds its own part (organisations and venues, then accounts, then programmes…) through
 * its manifest's `seedDemo`, in the order of the module list.
 */
export async function seedDemo(db: Db): Promise<{ logins: DemoLogin[]; ids: DemoIds }> {
  const logins: DemoLogin[] = [];
  const ids: DemoIds = { organisations: {}, venues: {}, programmes: {}, more: {} };
  for (const m of MODULES) await m.seedDemo?.(db, { ids, logins });
  return { logins, ids };
}

/** Whether the database holds no organisation yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.k.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  return !row;
}
