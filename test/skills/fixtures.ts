import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { createApiToken } from '../../src/core/auth.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as events from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import * as skills from '../../src/modules/skills/service.js';
import { bearer, createTestApp, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

export const BASE_URL = 'http://ponte.test';
export const PASSWORD = 'una-password-lunga';

/** A small world for the self-assessment: Prato and Firenze, staff and a facilitator, a venue, a real SMTP server. */
export interface World {
  t: TestApp;
  smtp: TestSmtp;
  prato: string;
  firenze: string;
  coiano: string;
  programme: string;
  staff: ReturnType<typeof bearer>;
  outsider: ReturnType<typeof bearer>;
  /** A published event of Prato at Coiano (programme "Agenda digitale"), in `days` days. */
  event(overrides?: Record<string, unknown>, days?: number): Promise<string>;
  close(): Promise<void>;
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

export async function world(dialect: Dialect, overrides: Partial<Config> = {}): Promise<World> {
  const smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const t = await createTestApp(dialect, { smtpUrl, baseUrl: BASE_URL, rateLimitMax: 0, ...overrides });
  const prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
  const coiano = (await createVenue(t.db, prato, { name: 'Circolo di Coiano', address: 'Via di Coiano 12', municipality: '100005' })).id;
  const year = new Date().getUTCFullYear();
  const programme = (
    await createProgramme(t.db, null, {
      organisation: prato,
      name: 'Agenda digitale',
      start: `${year - 1}-01-01`,
      end: `${year + 1}-12-31`,
    })
  ).id;
  const user = async (email: string, role: 'staff' | 'facilitator', org: string) => {
    const { id } = await createUser(t.db, { email, name: email.split('@')[0], role, organisation: org, password: PASSWORD });
    return bearer(t.app, await createApiToken(t.db, id, 'test'));
  };
  const staff = await user('staff@prato.example', 'staff', prato);
  const outsider = await user('staff@firenze.example', 'staff', firenze);
  await user('facilitatore@prato.example', 'facilitator', prato);
  return {
    t,
    smtp,
    prato,
    firenze,
    coiano,
    programme,
    staff,
    outsider,
    event: async (over = {}, days = 10) => {
      const start = inDays(days);
      const { id } = await events.createEvent(t.app.deps, null, {
        organisation: prato,
        programme,
        title: 'Incontro sullo SPID',
        description: 'Come attivare e usare SPID, passo per passo.',
        type: 'incontro',
        format: 'in_presenza',
        venue: coiano,
        capacity: 30,
        maxSeatsPerBooking: 4,
        bookingRequired: true,
        status: 'published',
        audiences: ['tutti'],
        topics: ['spid'],
        sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
        ...over,
      });
      return id;
    },
    close: async () => {
      await t.close();
      await smtp.stop();
    },
  };
}

/** The items of the version the public gets (with their right answers, which the API never shows). */
export async function bank(t: TestApp, variant: skills.Variant, organisation?: string): Promise<skills.BankItem[]> {
  const version = await skills.currentVersion(t.db, organisation);
  return skills.variantItems(await skills.versionItems(t.db, version.id), variant);
}

export type Strategy = 'best' | 'worst' | ((item: skills.BankItem) => number);

/** The right answer, or "I could teach it"; the worst: a wrong answer, or "never". */
export function pick(item: skills.BankItem, strategy: Strategy): number {
  if (typeof strategy === 'function') return strategy(item);
  if (item.kind === 'self') return strategy === 'best' ? 3 : 0;
  return strategy === 'best' ? (item.correct as number) : ((item.correct as number) + 1) % item.options.length;
}

export function answersFor(items: skills.BankItem[], strategy: Strategy): { item: string; value: number }[] {
  return items.map((i) => ({ item: i.id, value: pick(i, strategy) }));
}

export function respond(t: TestApp, variant: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/v1/assessments/${variant}/responses`, payload: body as object, headers });
}

export async function counts(t: TestApp): Promise<{ results: number; answers: number; attempts: number }> {
  const n = async (table: 'skill_results' | 'skill_answers' | 'skill_attempts') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { results: await n('skill_results'), answers: await n('skill_answers'), attempts: await n('skill_attempts') };
}

export function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };
  expect(body.detail ?? body.title).toBeTruthy();
  return body;
}
