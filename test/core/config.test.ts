import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestApp, DIALECTS, runCli, type TestApp } from '../helpers.js';

// Strong values, as `openssl rand -base64 32` gives (fixed here so that runs repeat).
const SECRET = 'Jq3v9XhT0bLrWm2ZsK7eYc4NdPa8Gf1uQiVo6EtRyH5=';
const DATA_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 73 + 11) % 256)).toString('base64');
const PRODUCTION = { NODE_ENV: 'production', SESSION_SECRET: SECRET, DATA_KEY };

/** Child processes start slowly on a busy machine: a generous time limit where tests run the CLI. */
const CHILD_PROCESS_TIMEOUT = 180_000;

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration from the environment', () => {
  it('has working defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: 'sqlite:data/ponte.db',
      baseUrl: 'http://localhost:3000',
      production: false,
      secureCookies: false,
      seedDemo: true,
      smtpUrl: null,
      redisUrl: null,
    });
    expect(c.rateLimitMax).toBeGreaterThan(0);
    expect(loadConfig({ RATE_LIMIT_MAX: '0' }).rateLimitMax).toBe(0);
    expect(loadConfig({ BASE_URL: 'https://ponte.comune.example/' })).toMatchObject({
      baseUrl: 'https://ponte.comune.example',
      secureCookies: true,
    });
  });

  it('refuses production without a session secret, in one line', () => {
    expect(configError({ NODE_ENV: 'production', DATA_KEY })).toMatch(/SESSION_SECRET/);
    expect(configError({ NODE_ENV: 'production', SESSION_SECRET: 'corto', DATA_KEY })).toMatch(/SESSION_SECRET/);
    expect(configError({ NODE_ENV: 'production', SESSION_SECRET: SECRET })).toMatch(/DATA_KEY/);
    expect(configError({ NODE_ENV: 'production', SESSION_SECRET: SECRET, DATA_KEY: 'bm9uLWJhc3Rh' })).toMatch(/DATA_KEY/);
    const prod = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, DATA_KEY });
    expect(prod).toMatchObject({ production: true, seedDemo: false, sessionSecret: SECRET });
    // Production never seeds demo users, whatever SEED_DEMO says.
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, DATA_KEY, SEED_DEMO: 'true' }).seedDemo).toBe(false);
  });

  it('takes any NODE_ENV but development or test, in any case, as production', () => {
    for (const value of ['production', 'Production', 'PRODUCTION', ' production ', 'prod', 'staging', 'produzione']) {
      expect(loadConfig({ ...PRODUCTION, NODE_ENV: value }).production, value).toBe(true);
      // So the production checks hold whatever the spelling.
      expect(configError({ NODE_ENV: value, DATA_KEY }), value).toMatch(/SESSION_SECRET is required in production/);
    }
    for (const value of [undefined, '', 'development', 'Development', 'test', 'TEST']) {
      const c = loadConfig({ NODE_ENV: value });
      expect(c.production, String(value)).toBe(false);
      expect(c.seedDemo).toBe(true);
    }
  });

  it('refuses weak secrets in production, in one line naming the variable', () => {
    const weak: [Record<string, string>, RegExp][] = [
      [{ SESSION_SECRET: 's'.repeat(40) }, /^Invalid configuration: SESSION_SECRET repeats one byte/],
      [{ SESSION_SECRET: 'abcd'.repeat(10) }, /^Invalid configuration: SESSION_SECRET has less than 112 bits of entropy/],
      [{ SESSION_SECRET: 'ponte-development-secret-not-for-production' }, /SESSION_SECRET is the published development value/],
      [{ DATA_KEY: Buffer.alloc(32).toString('base64') }, /^Invalid configuration: DATA_KEY is all zeros/],
      [{ DATA_KEY: Buffer.alloc(32, 7).toString('base64') }, /^Invalid configuration: DATA_KEY repeats one byte/],
      [{ DATA_KEY: Buffer.from('0123'.repeat(8)).toString('base64') }, /^Invalid configuration: DATA_KEY has less than/],
      [{ DATA_KEY_PREVIOUS: Buffer.alloc(32).toString('base64') }, /^Invalid configuration: DATA_KEY_PREVIOUS is all zeros/],
      [{ DATA_KEY_PREVIOUS: `${DATA_KEY},${Buffer.alloc(32, 9).toString('base64')}` }, /DATA_KEY_PREVIOUS repeats one byte/],
      [{ METRICS_TOKEN: 'metrics' }, /^Invalid configuration: METRICS_TOKEN has fewer than 32 bytes/],
      [{ METRICS_TOKEN: '0'.repeat(64) }, /^Invalid configuration: METRICS_TOKEN repeats one byte/],
    ];
    for (const [env, expected] of weak) {
      expect(configError({ ...PRODUCTION, ...env }), JSON.stringify(env)).toMatch(expected);
      // Development keeps its fixed values and accepts what it is given.
      expect(loadConfig({ ...env, SESSION_SECRET: env.SESSION_SECRET ?? SECRET }).production).toBe(false);
    }
    const strong = loadConfig({
      ...PRODUCTION,
      DATA_KEY_PREVIOUS: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 151 + 3) % 256)).toString('base64'),
      METRICS_TOKEN: 'c0ffee5a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccd',
    });
    expect(strong).toMatchObject({ production: true, metricsToken: expect.stringMatching(/^c0ffee/) });
  });

  it('reads where and how the metrics are served', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: null, metricsListen: null });
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsListen).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metricsListen).toEqual({ host: '10.0.0.5', port: 9464 });
    expect(configError({ METRICS_PORT: 'novemila' })).toMatch(/METRICS_PORT/);
  });

  it('refuses a malformed DATABASE_URL', () => {
    for (const url of ['mysql://x', 'sqlite:', 'postgres://', 'postgres://[bad', 'ponte.db', '']) {
      expect(configError({ DATABASE_URL: url }), url).toMatch(/DATABASE_URL/);
    }
    expect(loadConfig({ DATABASE_URL: 'postgres://ponte@db.example:5432/ponte' }).databaseUrl).toBe(
      'postgres://ponte@db.example:5432/ponte',
    );
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/ponte/ponte.db' }).databaseUrl).toBe('sqlite:/var/lib/ponte/ponte.db');
  });

  it('refuses a PORT that is not a port number', () => {
    for (const port of ['abc', '-1', '70000', '3.5']) {
      expect(configError({ PORT: port }), port).toMatch(/PORT/);
    }
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });

  it('refuses other malformed values with the variable named', () => {
    expect(configError({ BASE_URL: 'ponte.example' })).toMatch(/BASE_URL/);
    expect(configError({ SMTP_URL: 'mail.example:25' })).toMatch(/SMTP_URL/);
    expect(configError({ REDIS_URL: 'localhost:6379' })).toMatch(/REDIS_URL/);
    expect(configError({ RATE_LIMIT_MAX: 'tanti' })).toMatch(/RATE_LIMIT_MAX/);
    expect(configError({ LOG_LEVEL: 'chiacchierone' })).toMatch(/LOG_LEVEL/);
    expect(configError({ TRUST_PROXY: 'il proxy di casa' })).toMatch(/TRUST_PROXY/);
  });

  it('trusts no proxy unless told which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });
});

describe('start-up with a bad configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ponte-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'exits non-zero with one readable line, no stack trace',
    async () => {
      const notADatabase = join(dir, 'appunti.txt');
      writeFileSync(notADatabase, 'non sono un database\n');
      const cases: [Record<string, string>, RegExp][] = [
        [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with sqlite: or postgres:\/\//],
        [{ NODE_ENV: 'production', DATA_KEY, DATABASE_URL: `sqlite:${join(dir, 'p.db')}` }, /SESSION_SECRET is required/],
        [
          { NODE_ENV: 'Production', SESSION_SECRET: 'x'.repeat(40), DATA_KEY, DATABASE_URL: `sqlite:${join(dir, 'p.db')}` },
          /^Invalid configuration: SESSION_SECRET repeats one byte/,
        ],
        [{ PORT: 'abc' }, /PORT/],
        [{ DATABASE_URL: `sqlite:${notADatabase}` }, /^Cannot open the database sqlite:.*appunti\.txt: file is not a database$/],
        [
          { DATABASE_URL: 'postgres://ponte:segreto@127.0.0.1:1/ponte' },
          /^Cannot open the database postgres:\/\/ponte@127\.0\.0\.1:1\/ponte: .*ECONNREFUSED/,
        ],
      ];
      const results = await Promise.all(cases.map(([env]) => runCli(['serve'], env)));
      results.forEach((res, i) => {
        const [env, expected] = cases[i];
        const label = JSON.stringify(env);
        expect(res.code, label).not.toBe(0);
        const lines = res.stderr.trim().split('\n');
        expect(lines, label).toHaveLength(1);
        expect(lines[0], label).toMatch(expected);
        expect(res.stderr, label).not.toMatch(/\n\s+at /);
        // A password in the address is never printed.
        expect(res.stderr).not.toContain('segreto');
      });
    },
    CHILD_PROCESS_TIMEOUT,
  );
});

describe.each(DIALECTS)('health, readiness, metrics and the API description (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('/healthz answers ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks and names the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: dialect });
  });

  it('/metrics is Prometheus text counting requests by route and status', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    await t.app.inject({ method: 'GET', url: '/api/v1/venues/nessuna' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE ponte_http_requests_total counter');
    expect(res.body).toMatch(/ponte_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/);
    expect(res.body).toMatch(/ponte_http_requests_total\{method="GET",route="\/api\/v1\/venues\/:venueId",status="404"\} 1/);
    expect(res.body).toContain('ponte_http_request_duration_seconds_bucket');
  });

  it('/api/v1/openapi.json is an OpenAPI 3.1 document describing the routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.paths['/api/v1/organisations']).toHaveProperty('post');
    expect(doc.paths['/api/v1/venues/{venueId}']).toHaveProperty('patch');
    expect(doc.paths['/api/v1/venues/{venueId}']).toHaveProperty('delete');
    const create = doc.paths['/api/v1/organisations/{organisationId}/venues'].post;
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'organisationId', in: 'path', required: true }));
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'address', 'municipality']));
    expect(schema.properties.name).toMatchObject({ type: 'string', maxLength: 200 });
    expect(doc.paths['/api/v1/municipalities'].get.parameters.map((p: { name: string }) => p.name)).toContain('q');
    // Every API route of the route table is described, and nothing else.
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const apiRoutes = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && r.openapi)
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(described.sort()).toEqual([...new Set(apiRoutes)].sort());
  });
});
