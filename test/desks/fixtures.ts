import { DateTime } from 'luxon';
import type { Config } from '../../src/config.js';
import { createApiToken } from '../../src/core/auth.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as desks from '../../src/modules/desks/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

export const BASE_URL = 'http://ponte.test';
export const PASSWORD = 'una-password-lunga';

export const SPID = {
  code: 'spid',
  name: 'Attivazione SPID',
  durationMinutes: 30,
  bring: ["documento d'identità valido", 'tessera sanitaria', 'il proprio telefono cellulare', 'il proprio indirizzo e-mail'],
};
export const PAGOPA = { code: 'pagopa', name: 'Pagamenti PagoPA', durationMinutes: 20, bring: ['avviso di pagamento'] };

export const everyDay = (start = '09:00', end = '12:30', operators = 1) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end, operators }));

/** The first date at least `minDays` ahead (Rome) that is no holiday, optionally on a weekday (1 = Monday). */
export function openDate(minDays = 2, weekday?: number): string {
  let d = DateTime.now().setZone('Europe/Rome').startOf('day').plus({ days: minDays });
  while (desks.holidayName(d.toISODate()!) || (weekday && d.weekday !== weekday)) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

/** A Rome wall-clock time on a date as ISO 8601 with its offset. */
export function at(date: string, hhmm: string): string {
  return DateTime.fromISO(`${date}T${hhmm}`, { zone: 'Europe/Rome' }).toISO({ suppressMilliseconds: true })!;
}

export interface World {
  t: TestApp;
  smtp: TestSmtp;
  prato: string;
  firenze: string;
  consorzio: string;
  coiano: string;
  galciana: string;
  murate: string;
  crema: string;
  pandino: string;
  staff: ReturnType<typeof bearer>;
  staffUserId: string;
  facilitator: ReturnType<typeof bearer>;
  outsider: ReturnType<typeof bearer>;
  /** A desk of Prato at Coiano, open every day 9:00–12:30 with one operator, unless overridden. */
  desk(overrides?: Record<string, unknown>): Promise<string>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function world(dialect: Dialect, overrides: Partial<Config> = {}): Promise<World> {
  const smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const t = await createTestApp(dialect, { smtpUrl, baseUrl: BASE_URL, rateLimitMax: 0, ...overrides });
  const prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
  const consorzio = (
    await createOrganisation(t.db, {
      name: 'Consorzio.it',
      type: 'consorzio',
      municipality: '019035',
      memberMunicipalities: ['019035', '019067', '019062'],
    })
  ).id;
  const venue = async (org: string, name: string, municipality: string) =>
    (await createVenue(t.db, org, { name, address: 'Via Roma 1', municipality, stepFree: true })).id;
  const coiano = await venue(prato, 'Circolo Arci di Coiano', '100005');
  const galciana = await venue(prato, 'Circolo Acli di Galciana', '100005');
  const murate = await venue(firenze, 'Le Murate', '048017');
  const crema = await venue(consorzio, 'Sala Ricevimenti', '019035');
  const pandino = await venue(consorzio, 'Sala Civica di Pandino', '019067');
  const user = async (email: string, org: string, role: 'staff' | 'facilitator') => {
    const { id } = await createUser(t.db, { email, name: email.split('@')[0], role, organisation: org, password: PASSWORD });
    return { id, client: bearer(t.app, await createApiToken(t.db, id, 'test')) };
  };
  const s = await user('staff@prato.example', prato, 'staff');
  const f = await user('facilitatore@prato.example', prato, 'facilitator');
  const o = await user('staff@firenze.example', firenze, 'staff');
  return {
    t,
    smtp,
    prato,
    firenze,
    consorzio,
    coiano,
    galciana,
    murate,
    crema,
    pandino,
    staff: s.client,
    staffUserId: s.id,
    facilitator: f.client,
    outsider: o.client,
    desk: async (over = {}) =>
      (
        await desks.createDesk(t.db, {
          organisation: prato,
          venue: coiano,
          name: 'Sportello SPID di Coiano',
          services: [SPID, PAGOPA],
          openingHours: everyDay(),
          ...over,
        })
      ).id,
    counts: async () => {
      const n = async (table: 'desk_appointments' | 'desk_holds' | 'jobs' | 'desks' | 'desk_exceptions' | 'desk_operators') =>
        Number(
          (
            await t.db.k
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const used = await t.db.k
        .selectFrom('desk_slot_usage')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('used'), eb.lit(0)).as('n'))
        .executeTakeFirstOrThrow();
      return {
        appointments: await n('desk_appointments'),
        holds: await n('desk_holds'),
        jobs: await n('jobs'),
        desks: await n('desks'),
        exceptions: await n('desk_exceptions'),
        operators: await n('desk_operators'),
        used: Number(used.n),
      };
    },
    close: async () => {
      await t.close();
      await smtp.stop();
    },
  };
}

/** Runs due jobs until none is left (a confirmation job queues its e-mail, which runs next). */
export async function deliver(w: World): Promise<void> {
  for (let i = 0; i < 10 && (await w.t.app.deps.jobs.runDue()) > 0; i++);
}

/** Free places of a slot (0 when it is not listed). */
export async function freeAt(w: World, deskId: string, service: string, start: string): Promise<number> {
  const date = start.slice(0, 10);
  const res = await w.t.app.inject({ url: `/api/v1/desks/${deskId}/slots?service=${service}&from=${date}&to=${date}` });
  const item = (res.json().items as { start: string; free: number }[]).find((s) => s.start === start);
  return item?.free ?? 0;
}
