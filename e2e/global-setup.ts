import { buildTemplates } from '../test/db-templates.js';

/**
 * The browser tests run on SQLite alone: the run migrates one database, loads the comuni and seeds
 * the demo programme once (test/db-templates.ts), and each file's server starts from a copy.
 */
export default async function setup(): Promise<() => Promise<void>> {
  return buildTemplates(undefined);
}
