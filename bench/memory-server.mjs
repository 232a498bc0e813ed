// bench/build-server.mjs for the memory probe, from a build directory given by PONTE_DIST (a copy
// of dist/ kept apart, so that a rebuild of dist/ meanwhile does not change the server measured).
// It must sit below the project's directory for the packages to resolve, e.g. node_modules/.cache/.
import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { BENCH_SERVER_SETTINGS, listen } from './build-listen.mjs';

const dist = pathToFileURL(`${resolve(process.env.PONTE_DIST ?? new URL('../dist', import.meta.url).pathname)}/`);
const { buildApp } = await import(new URL('app.js', dist).href);
const { loadConfig } = await import(new URL('config.js', dist).href);
const { createDb } = await import(new URL('db/index.js', dist).href);

const config = loadConfig({ ...process.env, ...BENCH_SERVER_SETTINGS });
const db = createDb(config.databaseUrl, { checkpointInBackground: true });
const app = await buildApp({ config, db });
// On SIGUSR2, what the process holds by V8's count, into MEMORY_REPORT: the rest of its resident
// memory is code, native allocations and threads. Set before listening: the probe may ask as soon
// as it reads "ready", and a signal without a handler would end the process.
if (process.env.MEMORY_REPORT) {
  process.on('SIGUSR2', () => {
    const mib = (n) => Math.round(n / 1048576);
    const u = process.memoryUsage();
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mib(s.space_size)]));
    // With --expose-gc, also what is still reachable after a full collection.
    globalThis.gc?.();
    const live = globalThis.gc ? mib(process.memoryUsage().heapUsed) : undefined;
    const report = { heapTotal: mib(u.heapTotal), heapUsed: mib(u.heapUsed), live, external: mib(u.external), spaces };
    // Whole or not at all: the probe reads it as soon as it exists.
    writeFileSync(`${process.env.MEMORY_REPORT}.part`, JSON.stringify(report));
    renameSync(`${process.env.MEMORY_REPORT}.part`, process.env.MEMORY_REPORT);
  });
}

await listen(app, () => db.destroy());
