/**
 * Processor time per request of the event page and the catalogue on a cache miss, in one process:
 * the app built as bench/server.ts builds it, over the data the two figures prepare, driven through
 * `app.inject` in batches timed with `process.cpuUsage` (on a loaded machine rates say nothing).
 * Usage: [PG_TEST_URL=…] npx tsx bench/read-paths-cpu.ts [--dialect sqlite|postgres] [--batches 4] [--size 300] [--only event]
 *   [--profile out.cpuprofile] (a profile of the measured requests only)
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Dialect } from '../src/db/index.js';
import { BROWSER_HEADERS } from './figures/browser.js';
import { cataloguePage } from './figures/catalogue.js';
import eventPage from './figures/event-page.js';
import { createBenchDatabase } from './generators.js';
import type { BenchContext } from './types.js';

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    batches: { type: 'string', default: '4' },
    size: { type: 'string', default: '300' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const dialect = values.dialect as Dialect;
const batches = Number(values.batches);
const size = Number(values.size);

const bdb = await createBenchDatabase(dialect, process.env.PG_BENCH_URL || process.env.PG_TEST_URL);
try {
  const ctx: BenchContext = { dialect, db: bdb.db, databaseUrl: bdb.url, demo: bdb.demo };
  const eventId = await eventPage.prepare?.(ctx);
  const topic = await cataloguePage.prepare?.(ctx);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: bdb.url,
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'silent',
    WORKERS: 'false',
    SEED_DEMO: 'false',
  });
  const app = await buildApp({ config, db: bdb.db });
  let visit = 0;
  const paths: Record<string, () => string> = {
    'event page': () => `/eventi/${eventId}`,
    'catalogue miss': () => `/eventi?topic=${topic}&visita=${++visit}`,
  };
  for (const [name, path] of Object.entries(paths)) {
    if (values.only && !name.includes(values.only)) continue;
    const once = async () => {
      const res = await app.inject({ method: 'GET', url: path(), headers: BROWSER_HEADERS });
      if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode}`);
      return res.rawPayload.length;
    };
    for (let i = 0; i < 200; i++) await once();
    const session = values.profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const runs: string[] = [];
    let bytes = 0;
    for (let b = 0; b < batches; b++) {
      const cpu = process.cpuUsage();
      for (let i = 0; i < size; i++) bytes = await once();
      const used = process.cpuUsage(cpu);
      runs.push(((used.user + used.system) / 1000 / size).toFixed(2));
    }
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${values.profile}.${name.replace(/ /g, '-')}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    }
    process.stdout.write(`${dialect} ${name}: ${runs.join(' ')} ms of processor time a request (${bytes} bytes sent)\n`);
  }
  await app.close();
} finally {
  await bdb.cleanup();
}
