/**
 * THE TENANCY MATRIX. It is generated from the application's route table: every route registered
 * with an organisation-scoped rule (`orgAccess(param, roles, owner)`) is called by the people of
 * organisation A on organisation B's records (refused: 403 or 404, and B's rows stay as they were),
 * by A's people on A's own records (allowed exactly when their role is in the rule), by a platform
 * admin on B's records (allowed) and by nobody at all (sent to sign in).
 *
 * Adding a route? Its path parameters are filled from the fixtures of the modules (`tenancy.ts`
 * beside each module's manifest, gathered here into FIXTURES), keyed by parameter name: a route
 * with a parameter that has no fixture fails here until one is added. Give writes a plausible body
 * in the module's `bodies`, so that a rule that wrongly let a request through would really change data.
 *
 * Each dialect's matrix is a test file of its own (matrix-sqlite.test.ts, matrix-postgres.test.ts),
 * so that the two, the longest files of the suite, run side by side on two workers.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/core/access.js';
import { createApiToken, createSession, SESSION_COOKIE } from '../../src/core/auth.js';
import type { RouteRecord } from '../../src/core/http.js';
import type { TenancyBody, TenancyFixture, TenancyWorld } from '../../src/core/module.js';
import type { Role } from '../../src/core/roles.js';
import type { Dialect } from '../../src/db/index.js';
import { createDb } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { MODULES } from '../../src/modules/index.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, type TestApp, testConfig } from '../helpers.js';

type Org = 'A' | 'B';

interface Person {
  label: string;
  role: Role;
  userId: string;
  token: string;
  /** A cookie jar holding this person's session and a CSRF secret. */
  browser: Browser;
  csrf: string;
}

interface World extends TenancyWorld {
  t: TestApp;
  people: Record<'adminA' | 'staffA' | 'facilitatorA' | 'partnerA' | 'adminB' | 'platform', Person>;
  /** A cookie jar with a CSRF secret and no session, for bearer and anonymous calls. */
  anonymous: Browser;
  anonymousCsrf: string;
  /** The database's tables, read once. */
  tables?: import('kysely').TableMetadata[];
}

let unique = 0;
const next = () => ++unique;

type Body = Record<string, unknown>;

/**
 * How to get a record of organisation `org` for each path parameter name, and plausible bodies for
 * writes keyed by "METHOD /route/:pattern" (JSON for the API, form fields for pages): each module's
 * `tenancy.ts`, gathered here. A name defined by two modules is a mistake, reported at once.
 * Writes without a body are still checked, with an empty one, and the allowed callers are then only
 * required not to be refused.
 */
async function gather(): Promise<{ fixtures: Record<string, TenancyFixture>; bodies: Record<string, TenancyBody> }> {
  const fixtures: Record<string, TenancyFixture> = {};
  const bodies: Record<string, TenancyBody> = {};
  const owner: Record<string, string> = {};
  for (const m of MODULES) {
    if (!m.tenancy) continue;
    const t = await m.tenancy();
    for (const [name, make] of Object.entries(t.fixtures)) {
      if (owner[`fixture ${name}`]) {
        throw new Error(`the path parameter "${name}" has a tenancy fixture in both ${owner[`fixture ${name}`]} and ${m.name}: keep one`);
      }
      owner[`fixture ${name}`] = m.name;
      fixtures[name] = make;
    }
    for (const [key, body] of Object.entries(t.bodies ?? {})) {
      if (owner[`body ${key}`]) throw new Error(`"${key}" has a tenancy body in both ${owner[`body ${key}`]} and ${m.name}: keep one`);
      owner[`body ${key}`] = m.name;
      bodies[key] = body;
    }
  }
  return { fixtures, bodies };
}

const { fixtures: FIXTURES, bodies: BODIES } = await gather();

/**
 * Query strings for routes that need one (a date range, a filter), keyed like BODIES, starting
 * with "?". Reads without an entry are called with none and must still succeed for allowed callers.
 */
const QUERIES: Record<string, (w: World, org: Org, ids: Record<string, string>) => string> = {
  'GET /api/v1/programmes/:programmeId/facilitations/precheck': () => '?from=2020-01-01&to=2026-12-31',
  'GET /api/v1/programmes/:programmeId/facilitations/export': () => '?from=2020-01-01&to=2026-12-31&format=csv',
};

const HINT = ' (a caller who may use the route was refused: does it need an entry in BODIES or QUERIES?)';

const isApi = (url: string) => url.startsWith('/api/');
const isWrite = (method: string) => method !== 'GET';
const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

function fillUrl(url: string, ids: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(ids[name]));
}

/** The address to call: the path with its parameters filled, and the route's query string if it has one. */
function target(w: World, route: RouteRecord, org: Org, ids: Record<string, string>): string {
  return fillUrl(route.url, ids) + (QUERIES[routeKey(route)]?.(w, org, ids) ?? '');
}

async function fixtures(w: World, route: RouteRecord, org: Org): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of paramsOf(route.url)) {
    const make = FIXTURES[name];
    if (!make) {
      throw new Error(
        `${routeKey(route)}: no fixture for the path parameter "${name}". Add one to the fixtures of the route's module ` +
          '(src/modules/<module>/tenancy.ts: a function that returns the id of a record of the given organisation).',
      );
    }
    ids[name] = await make(w, org, ids, route);
  }
  return ids;
}

type Via = 'session' | 'bearer' | 'anonymous';

/** Calls a route as a person, through their session (with the CSRF token) or their API token. */
async function call(
  app: FastifyInstance,
  w: World,
  route: RouteRecord,
  url: string,
  body: Body,
  who: Person | null,
  via: Via,
): Promise<LightMyRequestResponse> {
  const jar = via === 'session' && who ? who.browser : w.anonymous;
  const csrf = via === 'session' && who ? who.csrf : w.anonymousCsrf;
  const headers: Record<string, string> = { cookie: jar.cookieHeader };
  if (via === 'bearer' && who) headers.authorization = `Bearer ${who.token}`;
  let payload: string | undefined;
  if (isApi(route.url)) {
    headers.accept = 'application/json';
    if (isWrite(route.method)) {
      headers['x-csrf-token'] = csrf;
      if (route.method !== 'DELETE' || Object.keys(body).length > 0) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
    }
  } else if (isWrite(route.method)) {
    // Pages get the form's CSRF token, so that a refusal comes from the access rule, not from CSRF.
    const form = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, String(x));
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = form.toString();
  }
  return app.inject({ method: route.method as 'GET', url, headers, payload });
}

function describeCall(route: RouteRecord, who: string, via: Via, res: LightMyRequestResponse): string {
  return `${routeKey(route)} as ${who} via ${via} answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
}

type Read = { name: string; table: string; where: RawBuilder<unknown>; columns?: string[] };

/** The reads of every row that belongs to organisation `orgId`: found through each table's organisation_id column. */
async function readsOf(w: World, orgId: string): Promise<Read[]> {
  const db = w.t.db;
  w.tables ??= (await db.k.introspection.getTables()).filter((t) => db.dialect !== 'postgres' || t.schema === w.t.schema);
  // What is read, by name: the organisation's own rows of every table, the rows that hang off its
  // agreements, the partnerships that name it (those it asked for carry its organisation_id), and
  // every account (a refused call creates none).
  const reads: Read[] = [];
  for (const table of w.tables) {
    const columns = table.columns.map((c) => c.name);
    if (table.name === 'organisations') reads.push({ name: table.name, table: table.name, where: sql`id = ${orgId}` });
    else if (columns.includes('organisation_id'))
      reads.push({ name: table.name, table: table.name, where: sql`organisation_id = ${orgId}` });
  }
  reads.push(
    {
      name: 'agreement_partners_of_agreements',
      table: 'agreement_partners',
      where: sql`agreement_id in (select id from agreements where organisation_id = ${orgId})`,
    },
    { name: 'partnerships_naming', table: 'partnerships', where: sql`partner_id = ${orgId}` },
    { name: 'users', table: 'users', where: sql`true`, columns: ['id', 'email', 'name', 'password_hash', 'national_id', 'active'] },
  );
  return reads;
}

/** Each read's rows as JSON text: `select name, row` for PostgreSQL, one statement for all of them. */
const rowsAsJson = (reads: Read[]) =>
  sql.join(
    reads.map(
      (r) =>
        sql`select ${r.name}::text as name, to_jsonb(x)::text as row from (select ${sql.raw(r.columns?.join(', ') ?? '*')} from ${sql.table(r.table)} where ${r.where}) x`,
    ),
    sql` union all `,
  );

/** Every row that belongs to organisation `orgId` (readsOf), sorted, as JSON text by read. */
async function rowsOf(w: World, orgId: string): Promise<Record<string, string[]>> {
  const db = w.t.db;
  const reads = await readsOf(w, orgId);
  const out: Record<string, string[]> = Object.fromEntries(reads.map((r) => [r.name, []]));
  if (db.dialect === 'postgres') {
    // One statement for all of them: each table's rows as JSON text, tagged with the read's name
    // (seventy round trips a call made the PostgreSQL matrix wait on the network most of its time).
    const { rows } = await sql<{ name: string; row: string }>`${rowsAsJson(reads)}`.execute(db.k);
    for (const { name, row } of rows) out[name].push(row);
  } else {
    // better-sqlite3 answers at once: a statement a table costs no waiting.
    for (const r of reads) {
      const { rows } =
        await sql<unknown>`select ${sql.raw(r.columns?.join(', ') ?? '*')} from ${sql.table(r.table)} where ${r.where}`.execute(db.k);
      out[r.name] = rows.map((row) => JSON.stringify(row));
    }
  }
  for (const name of Object.keys(out)) out[name].sort();
  return out;
}

/**
 * A fingerprint of rowsOf's answer, read by read (how many rows and a hash of them): what a
 * refused call must leave as it was. On PostgreSQL the server hashes the rows (a sum of each row's
 * 64-bit hash, which needs no sorting), so the growing tables of the matrix's records do not travel
 * to the test for every call.
 */
async function digestOf(w: World, orgId: string): Promise<Record<string, string>> {
  if (w.t.db.dialect !== 'postgres') {
    const rows = Object.entries(await rowsOf(w, orgId));
    return Object.fromEntries(rows.map(([name, r]) => [name, `${r.length} ${createHash('md5').update(r.join('\n')).digest('hex')}`]));
  }
  const reads = await readsOf(w, orgId);
  const out: Record<string, string> = Object.fromEntries(reads.map((r) => [r.name, '0']));
  const { rows } = await sql<{ name: string; digest: string }>`select name, count(*) || ' ' || sum(hashtextextended(row, 0)) as digest
    from (${rowsAsJson(reads)}) r group by name`.execute(w.t.db.k);
  for (const { name, digest } of rows) out[name] = digest;
  return out;
}

/** The reads whose fingerprints differ. */
const changedReads = (before: Record<string, string>, after: Record<string, string>): string[] =>
  Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);

/** The application built over an empty in-memory database: enough to register every route. */
async function bareApp(): Promise<FastifyInstance> {
  const { buildApp } = await import('../../src/app.js');
  return buildApp({ config: testConfig(), db: createDb('sqlite::memory:'), logger: false });
}

/** Reads the route table once: it does not depend on the database dialect. */
async function routeTable(): Promise<RouteRecord[]> {
  const app = await bareApp();
  try {
    await app.ready();
    return app.routeTable.map((r) => ({ ...r }));
  } finally {
    await app.close();
    await app.deps.db.destroy();
  }
}

const ROUTES = await routeTable();
const ORG_ROUTES = ROUTES.filter((r) => r.access.kind === 'org');
const PLATFORM_ROUTES = ROUTES.filter((r) => r.access.kind === 'platform');
const SIGNED_IN_ROUTES = ROUTES.filter((r) => r.access.kind === 'signed-in');

async function buildWorld(dialect: Dialect): Promise<World> {
  const t = await createTestApp(dialect, { rateLimitMax: 0, loginRateLimitMax: 1000 });
  const db = t.db;
  const org = {
    A: (await createOrganisation(db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id,
    B: (
      await createOrganisation(db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081', memberMunicipalities: ['017081'] })
    ).id,
  };
  const partner = {
    A: (await createOrganisation(db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id,
    B: (await createOrganisation(db, { name: 'Biblioteca di Gussago', type: 'associazione', municipality: '017081' })).id,
  };
  const spare: string[] = [];
  let spareAt = 0;
  // The world grows as it is made: the venues are made by a fixture, and the authors of records
  // are the people made last.
  const w = {
    t,
    deps: t.app.deps,
    db,
    org,
    partner,
    venue: {} as World['venue'],
    author: {} as World['author'],
    next,
    spare: () => spare[spareAt++ % spare.length],
    fixture: (name: string, o: Org, ids: Record<string, string>) => FIXTURES[name](w, o, ids),
  } as World;
  w.venue = { A: await FIXTURES.venueId(w, 'A', {}), B: await FIXTURES.venueId(w, 'B', {}) };
  for (let i = 0; i < 24; i++) {
    spare.push((await createOrganisation(db, { name: `Scuola ${i + 1}`, type: 'scuola', municipality: '100005' })).id);
  }
  // Each organisation starts with an agreement, a programme and an event of its own.
  for (const o of ['A', 'B'] as Org[]) {
    await FIXTURES.agreementId(w, o, {});
    await FIXTURES.programmeId(w, o, {});
    await FIXTURES.eventId(w, o, {});
  }

  const anonymous = new Browser(t.app);
  const anonymousCsrf = await anonymous.csrf();
  const person = async (label: string, role: Role, organisation?: string): Promise<Person> => {
    const { id } = await createUser(db, {
      email: `${label.toLowerCase()}@matrice.example`,
      name: label,
      role,
      organisation,
      password: 'una-password-lunga',
    });
    const browser = new Browser(t.app);
    browser.cookies.set(SESSION_COOKIE, await createSession(db, id));
    const csrf = await browser.csrf();
    return { label, role, userId: id, token: await createApiToken(db, id, 'matrix'), browser, csrf };
  };
  const people = {
    adminA: await person('AdminA', 'org-admin', org.A),
    staffA: await person('StaffA', 'staff', org.A),
    facilitatorA: await person('FacilitatorA', 'facilitator', org.A),
    partnerA: await person('PartnerA', 'partner', org.A),
    adminB: await person('AdminB', 'org-admin', org.B),
    platform: await person('Platform', 'platform-admin'),
  };
  // Facilitation records are written by A's facilitator and B's admin.
  return Object.assign(w, { people, anonymous, anonymousCsrf, author: { A: people.facilitatorA.userId, B: people.adminB.userId } });
}

/** What the route table itself must hold; it does not depend on the dialect. */
export function routeTableTests(): void {
  describe('the route table', () => {
    it('gives every route one of the four kinds of access rule', () => {
      expect(ROUTES.length).toBeGreaterThan(20);
      for (const r of ROUTES) {
        expect(['public', 'signed-in', 'platform', 'org'], routeKey(r)).toContain(r.access.kind);
        if (r.access.kind === 'org') {
          const access = r.access as Extract<Access, { kind: 'org' }>;
          expect(paramsOf(r.url), `${routeKey(r)} names a target that is not one of its path parameters`).toContain(access.target);
          expect(access.roles.length, routeKey(r)).toBeGreaterThan(0);
        }
      }
      // The back office is never public.
      const publicAdmin = ROUTES.filter((r) => r.url.startsWith('/admin') && r.access.kind === 'public').map(routeKey);
      expect(publicAdmin).toEqual([]);
    });

    it('has a fixture for every path parameter of an organisation-scoped route', () => {
      const missing = ORG_ROUTES.flatMap((r) =>
        paramsOf(r.url)
          .filter((p) => !FIXTURES[p])
          .map((p) => `${routeKey(r)} → ${p}`),
      );
      expect(missing, 'add these parameters to the fixtures in src/modules/<module>/tenancy.ts').toEqual([]);
    });

    it('refuses to register a route that declares no access rule', async () => {
      const app = await bareApp();
      try {
        expect(() => app.get('/senza-regola', async () => 'aperta a tutti?')).toThrow(/declares no access rule/);
        expect(() => app.route({ method: 'POST', url: '/api/v1/senza-regola', handler: async () => ({}) })).toThrow(
          /declares no access rule/,
        );
      } finally {
        await app.close().catch(() => undefined);
        await app.deps.db.destroy();
      }
    });
  });
}

/** The matrix on one dialect. */
export function tenancyMatrix(dialect: Dialect): void {
  describe(`tenancy matrix (${dialect})`, () => {
    let w: World;
    beforeAll(async () => {
      w = await buildWorld(dialect);
    });
    afterAll(() => w.t.close());

    it('starts with two organisations that each hold records of their own', async () => {
      const a = await rowsOf(w, w.org.A);
      const b = await rowsOf(w, w.org.B);
      for (const table of ['venues', 'agreements', 'memberships']) {
        expect(a[table]?.length, table).toBeGreaterThan(0);
        expect(b[table]?.length, table).toBeGreaterThan(0);
      }
      expect(b.organisation_municipalities.length).toBeGreaterThan(0);
      expect(b.agreement_partners_of_agreements.length).toBeGreaterThan(0);
    });

    const bodyFor = (route: RouteRecord, org: Org, ids: Record<string, string>): Body =>
      isWrite(route.method) ? (BODIES[routeKey(route)]?.(w, org, ids) ?? {}) : {};

    // A write gets records of its own for every call, since a call that goes through may change
    // or remove them; a read leaves them as they were, so its calls share one set per organisation.
    const readIds = new Map<string, Promise<Record<string, string>>>();
    const idsFor = (route: RouteRecord, org: Org): Promise<Record<string, string>> => {
      if (isWrite(route.method)) return fixtures(w, route, org);
      const key = `${org} ${routeKey(route)}`;
      const kept = readIds.get(key);
      if (kept) return kept;
      const ids = fixtures(w, route, org);
      readIds.set(key, ids);
      return ids;
    };

    for (const route of ORG_ROUTES) {
      const access = route.access as Extract<Access, { kind: 'org' }>;

      it(`${routeKey(route)}: another organisation's staff are refused and change nothing; a platform admin is not`, async () => {
        // A's organisation admin, through the session and through an API token, and nobody signed in,
        // on one record of B: every call is refused and B's rows are the same afterwards.
        const ids = await idsFor(route, 'B');
        const url = target(w, route, 'B', ids);
        const before = await digestOf(w, w.org.B);
        for (const via of ['session', 'bearer'] as const) {
          const res = await call(w.t.app, w, route, url, bodyFor(route, 'B', ids), w.people.adminA, via);
          const label = describeCall(route, 'A’s org admin on B', via, res);
          expect([403, 404], label).toContain(res.statusCode);
          if (isApi(route.url)) expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
        }
        const anonymous = await call(w.t.app, w, route, url, bodyFor(route, 'B', ids), null, 'anonymous');
        if (!isApi(route.url) && route.method === 'GET') {
          expect(anonymous.statusCode, describeCall(route, 'nobody', 'anonymous', anonymous)).toBe(303);
          expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
        } else {
          expect(anonymous.statusCode, describeCall(route, 'nobody', 'anonymous', anonymous)).toBe(401);
        }
        expect(changedReads(before, await digestOf(w, w.org.B)), `${routeKey(route)}: a refused call changed B's rows in`).toEqual([]);

        // A platform admin acts on a record of B.
        const fresh = await idsFor(route, 'B');
        const res = await call(w.t.app, w, route, target(w, route, 'B', fresh), bodyFor(route, 'B', fresh), w.people.platform, 'bearer');
        const label = `${describeCall(route, 'the platform admin', 'bearer', res)}${HINT}`;
        expect([401, 403, 404], label).not.toContain(res.statusCode);
        expect(res.statusCode, label).toBeLessThan(BODIES[routeKey(route)] || !isWrite(route.method) ? 400 : 500);
      });

      it(`${routeKey(route)}: within the organisation, allowed exactly for ${access.roles.join(', ')}`, async () => {
        for (const who of [w.people.adminA, w.people.staffA, w.people.facilitatorA, w.people.partnerA]) {
          const ids = await idsFor(route, 'A');
          const res = await call(w.t.app, w, route, target(w, route, 'A', ids), bodyFor(route, 'A', ids), who, 'bearer');
          const label = `${describeCall(route, `A's ${who.role}`, 'bearer', res)}${HINT}`;
          if (access.roles.includes(who.role)) {
            expect([401, 403, 404], label).not.toContain(res.statusCode);
            expect(res.statusCode, label).toBeLessThan(BODIES[routeKey(route)] || !isWrite(route.method) ? 400 : 500);
          } else {
            expect(res.statusCode, label).toBe(403);
          }
        }
      });
    }

    for (const route of PLATFORM_ROUTES) {
      it(`${routeKey(route)}: only for platform admins`, async () => {
        const ids = await fixtures(w, route, 'B');
        const url = target(w, route, 'B', ids);
        for (const via of ['session', 'bearer'] as const) {
          const res = await call(w.t.app, w, route, url, {}, w.people.adminA, via);
          expect(res.statusCode, describeCall(route, 'A’s org admin', via, res)).toBe(403);
        }
        const anonymous = await call(w.t.app, w, route, url, {}, null, 'anonymous');
        expect(anonymous.statusCode, describeCall(route, 'nobody', 'anonymous', anonymous)).toBe(
          !isApi(route.url) && route.method === 'GET' ? 303 : 401,
        );
        const platform = await call(w.t.app, w, route, url, {}, w.people.platform, 'session');
        expect([401, 403, 404], describeCall(route, 'the platform admin', 'session', platform)).not.toContain(platform.statusCode);
        expect(platform.statusCode).toBeLessThan(500);
      });
    }

    for (const route of SIGNED_IN_ROUTES) {
      it(`${routeKey(route)}: needs a signed-in user`, async () => {
        const ids = await fixtures(w, route, 'A');
        const res = await call(w.t.app, w, route, target(w, route, 'A', ids), {}, null, 'anonymous');
        if (!isApi(route.url) && route.method === 'GET') {
          expect(res.statusCode, describeCall(route, 'nobody', 'anonymous', res)).toBe(303);
          expect(res.headers.location).toMatch(/^\/login\?next=/);
        } else {
          expect(res.statusCode, describeCall(route, 'nobody', 'anonymous', res)).toBe(401);
        }
      });
    }
  });
}
