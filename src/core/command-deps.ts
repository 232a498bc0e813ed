import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Deps } from './deps.js';
import { JobQueue } from './jobs.js';

/**
 * What a command-line command gives the services: commands send no mail, so a mailer that refuses
 * keeps the mail library out of the process.
 */
export function commandDeps(config: Config, db: Db): Deps {
  const mailer = {
    send: async () => {
      throw new Error('the command line sends no mail');
    },
    close: () => {},
  };
  return { config, db, jobs: new JobQueue(db), mailer };
}
