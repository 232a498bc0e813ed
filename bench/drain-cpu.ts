// Processor time per confirmation job: book N, run the queue, reset the confirmation jobs, run again.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../src/db/index.js';
import * as events from '../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../src/modules/organisations/service.js';
import { createTestApp } from '../test/helpers.js';

const dialect = (process.argv[2] ?? 'sqlite') as Dialect;
const N = Number(process.argv[3] ?? 300);
const RUNS = Number(process.argv[4] ?? 3);
const outbox = mkdtempSync(join(tmpdir(), 'drain-outbox-'));
const t = await createTestApp(dialect, { outboxDir: outbox, smtpUrl: undefined, baseUrl: 'http://ponte.test', rateLimitMax: 0 } as never);
const prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
const venue = (
  await createVenue(t.db, prato, {
    name: 'Circolo di Coiano',
    address: 'Via di Coiano 12',
    municipality: '100005',
    stepFree: true,
    latitude: 43.89,
    longitude: 11.07,
    accessibility: 'Bagno accessibile.',
  })
).id;
const ids: string[] = [];
for (let e = 0; e < 4; e++) {
  const start = new Date(Date.now() + 10 * 86_400_000).toISOString();
  const { id } = await events.createEvent(t.app.deps, null, {
    organisation: prato,
    title: `Incontro sullo SPID ${e}`,
    description: 'Come attivare e usare SPID, passo per passo.',
    type: 'incontro',
    format: 'in_presenza',
    venue,
    capacity: 100000,
    maxSeatsPerBooking: 4,
    bookingRequired: true,
    status: 'published',
    audiences: ['anziani'],
    topics: ['spid'],
    sessions: [{ start, end: new Date(Date.parse(start) + 7_200_000).toISOString() }],
  } as never);
  ids.push(id);
}
for (let i = 0; i < N; i++) {
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/events/${ids[i % ids.length]}/registrations`,
    payload: { name: `Persona ${i}`, email: `persona-${i}@example.org`, seats: 1 },
  });
  if (r.statusCode >= 300) throw new Error(r.body);
}
const kindRows = await t.db.k.selectFrom('jobs').select(['kind', 'run_at']).execute();
const nowIso = new Date().toISOString();
const dueKinds = new Set(kindRows.filter((r) => r.run_at <= nowIso).map((r) => r.kind));
/** The main thread's own processor time in ms (Linux: /proc, in clock ticks of 10 ms); the process's includes the side thread. */
const mainCpu = (): number => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const out: number[] = [];
const main: number[] = [];
const wall: number[] = [];
// PROFILE=file.cpuprofile: the runs (not the set-up) profiled through the inspector.
const { Session } = await import('node:inspector/promises');
const session = process.env.PROFILE ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
for (let run = 0; run <= RUNS; run++) {
  if (run > 0)
    await t.db.k
      .updateTable('jobs')
      .set({ status: 'pending', attempts: 0, locked_by: null, locked_until: null, finished_at: null })
      .where('kind', 'in', [...dueKinds])
      .execute();
  const cpu = process.cpuUsage();
  const m0 = mainCpu();
  const t0 = performance.now();
  let n = 0;
  for (;;) {
    const k = await t.app.deps.jobs.runDue();
    n += k;
    if (k === 0) break;
  }
  const d = process.cpuUsage(cpu);
  const m1 = mainCpu();
  // the first run warms up
  if (run > 0) {
    out.push((d.user + d.system) / 1000 / n);
    main.push((m1 - m0) / n);
    wall.push((performance.now() - t0) / n);
  }
  if (run === 0) console.error(`jobs ${n} kinds ${[...dueKinds]}`);
}
if (session) {
  const { profile } = await session.post('Profiler.stop');
  (await import('node:fs')).writeFileSync(process.env.PROFILE as string, JSON.stringify(profile));
}
const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
console.log(`${dialect} ms/job: processor ${f(out)} | main thread ${f(main)} | wall ${f(wall)}`);
await t.close();
process.exit(0);
