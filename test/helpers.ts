import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { newId } from '../src/core/ids.js';
import type { DemoContext } from '../src/core/module.js';
import { createDb, type Db, type Dialect, dropSchema, ensureSchema } from '../src/db/index.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { ensureMunicipalities } from '../src/modules/organisations/municipalities.js';
import { copyPgDemo, copyPgTemplate, copySqliteDemo, copySqliteTemplate, demoTemplate } from './db-templates.js';

/** The dialects every integration test runs on: SQLite always, PostgreSQL when PG_TEST_URL is set (test/global-setup.ts sets it when the local server answers). */
export const DIALECTS: Dialect[] = process.env.PG_TEST_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb {
  db: Db;
  url: string;
  /** For PostgreSQL, the schema this run owns. */
  schema?: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database of the dialect, with the comuni loaded; nothing shared with other files
 * or runs. A copy of the run's template (test/db-templates.ts) when there is one.
 */
export async function createTestDb(dialect: Dialect): Promise<TestDb> {
  return openTestDb(dialect, null);
}

/** A database of its own holding the demo programme (src/demo/seed.ts), with what seeding it returned. */
export interface DemoTestDb extends TestDb {
  demo: DemoContext;
}

/**
 * A fresh database with the demo programme in it, as `seedDemo` leaves a new database: a copy of
 * the run's demo template (test/db-templates.ts), seeded once per run and dialect.
 */
export async function createDemoDb(dialect: Dialect): Promise<DemoTestDb> {
  const template = await demoTemplate(dialect, process.env.PG_TEST_URL, async (url) => {
    const db = createDb(url);
    try {
      return await seedDemo(db);
    } finally {
      await db.destroy();
    }
  });
  if (!template) {
    const tdb = await openTestDb(dialect, null);
    return { ...tdb, demo: await seedDemo(tdb.db) };
  }
  const tdb = await openTestDb(dialect, template);
  return { ...tdb, demo: { ids: template.ids, logins: template.logins } };
}

async function openTestDb(dialect: Dialect, demo: Awaited<ReturnType<typeof demoTemplate>>): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-test-'));
    const url = `sqlite:${demo ? copySqliteDemo(demo, dir) : (copySqliteTemplate(dir) ?? join(dir, 'test.db'))}`;
    const db = createDb(url);
    await migrate(db);
    await ensureMunicipalities(db);
    return {
      db,
      url,
      cleanup: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.PG_TEST_URL;
  if (!base) throw new Error('PG_TEST_URL is not set');
  // On a copy of the run's template, migrating and loading the comuni find nothing left to do.
  const { url, schema, drop } = demo ? await copyPgDemo(base, demo) : ((await copyPgTemplate(base)) ?? (await freshSchema(base)));
  const db = createDb(url);
  await migrate(db);
  await ensureMunicipalities(db);
  return {
    db,
    url,
    schema,
    cleanup: async () => {
      await db.destroy();
      await drop();
    },
  };
}

/** An empty schema of its own on the PostgreSQL database at `base`. */
async function freshSchema(base: string): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = `t_${newId().replace(/-/g, '').slice(-20)}`;
  await ensureSchema(base, schema);
  return {
    url: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`,
    schema,
    drop: () => dropSchema(base, schema),
  };
}

export function testConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: 'silent', WORKERS: 'false', SEED_DEMO: 'false', ...env }),
    ...overrides,
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestApp> {
  return appOver(await createTestDb(dialect), overrides);
}

/** The application over a database holding the demo programme (createDemoDb). */
export async function createDemoApp(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestApp & { demo: DemoContext }> {
  const tdb = await createDemoDb(dialect);
  return { ...(await appOver(tdb, overrides)), demo: tdb.demo };
}

async function appOver(tdb: TestDb, overrides: Partial<Config>): Promise<TestApp> {
  const config = testConfig({ databaseUrl: tdb.url, ...overrides });
  const app = await buildApp({ config, db: tdb.db, logger: false });
  await app.ready();
  return {
    ...tdb,
    app,
    config,
    close: async () => {
      await app.close();
      await tdb.cleanup();
    },
  };
}

/** Cookie jar for inject(): keeps what the server sets, sends it back. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(private app: FastifyInstance) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } });
    this.remember(res);
    return res;
  }

  /** Reads the CSRF token a page's forms carry. */
  async csrf(url = '/login'): Promise<string> {
    const res = await this.get(url);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return m[1];
  }

  /** Submits a form like a browser would (urlencoded), with the CSRF token unless told otherwise. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    opts: { csrf?: string | false; from?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const token = opts.csrf === false ? undefined : (opts.csrf ?? (await this.csrf(opts.from ?? '/login')));
    const body = new URLSearchParams();
    if (token) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(res);
    return res;
  }

  /** A JSON API call riding on the session cookie (with the CSRF header writes need). */
  async api(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { cookie: this.cookieHeader, accept: 'application/json' };
    if (method !== 'GET') headers['x-csrf-token'] = await this.csrf('/login');
    const res = await this.app.inject({ method, url, headers: { ...headers, cookie: this.cookieHeader }, payload: payload as object });
    this.remember(res);
    return res;
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    const res = await this.post('/login', { email, password });
    if (res.statusCode !== 303) throw new Error(`sign-in of ${email} failed with ${res.statusCode}`);
    return res;
  }
}

/** A bearer-token API client. */
export function bearer(app: FastifyInstance, token: string) {
  return (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, payload: payload as object });
}

export interface CliResult {
  /** Exit code (non-zero also when the process was killed). */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bin/ponte.mjs` (what `npm run ponte -- …` runs: the compiled build, which the run's global
 * setup brought up to date with the sources) as a child process with a clean environment: only
 * PATH, HOME and what the test passes, so the test runner's own variables cannot leak in.
 */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const root = join(import.meta.dirname, '..');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/ponte.mjs', ...args],
      { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
