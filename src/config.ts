import { z } from 'zod';
import { weakSecretReason } from './core/secret-strength.js';
import { type SmsConfig, smsConfigOf } from './core/sms-config.js';

/** Typed configuration read from the environment, validated once at start-up. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  baseUrl: string;
  sessionSecret: string;
  smtpUrl: string | null;
  redisUrl: string | null;
  /** Requests per minute per client address on public write routes; 0 disables the limit. */
  rateLimitMax: number;
  /** Login attempts per minute per client address (always on). */
  loginRateLimitMax: number;
  production: boolean;
  /** Whether the session cookie carries the Secure flag (https deployments). */
  secureCookies: boolean;
  /** Key material for encrypting sensitive personal data, base64 of 32 bytes. */
  dataKey: string;
  /** Older data keys (after a rotation), still used to decrypt and match data written with them. */
  dataKeysPrevious: string[];
  /** Days during which facilitators may correct or delete their own facilitation records (a programme may set its own). */
  facilitationEditDays: number;
  /** Whether webhooks may post to loopback and private addresses (local receivers; off in production by default). */
  webhookAllowPrivate: boolean;
  logLevel: string;
  /** `json` (one JSON object a line) or `pretty` (readable lines, for development). */
  logFormat: 'json' | 'pretty';
  /** Sender of every e-mail. */
  mailFrom: string;
  /** Where mail goes when no SMTP_URL is set. */
  outboxDir: string;
  /** SMS_URL, SMS_TOKEN, SMS_FROM (core/sms-config.ts). */
  sms: SmsConfig;
  /** Run background job workers inside the web process. */
  workers: boolean;
  /** Seed the demo programme when the database is empty (never in production). */
  seedDemo: boolean;
  /**
   * Which proxies may tell the client's address in X-Forwarded-For (rate limits and audit use it):
   * false (none, the default), true (any), a number of hops, or a list of addresses/CIDRs.
   */
  trustProxy: boolean | number | string[];
  /** Bearer token that /metrics requires; null leaves it open in development and closed in production. */
  metricsToken: string | null;
  /** A listen address of their own for the metrics (then never served on the public port). */
  metricsListen: { host: string; port: number } | null;
  /** The map tiles (MAP_TILES_URL, a {z}/{x}/{y} template) and their attribution; null: no map is shown, lists only. */
  mapTiles: { url: string; attribution: string } | null;
}

export class ConfigError extends Error {}

const DEV_SECRET = 'ponte-development-secret-not-for-production';

const port = z.coerce.number({ message: 'deve essere un numero' }).int().min(0).max(65535, 'deve essere una porta tra 0 e 65535');

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().default('sqlite:data/ponte.db'),
  BASE_URL: z.string().url('deve essere un indirizzo http(s) completo').optional(),
  SESSION_SECRET: z.string().optional(),
  SMTP_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(20),
  NODE_ENV: z.string().optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  DATA_KEY: z.string().optional(),
  DATA_KEY_PREVIOUS: z.string().optional(),
  FACILITATION_EDIT_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  OUTBOX_DIR: z.string().default('data/outbox'),
  MAIL_FROM: z.string().min(3).default('Ponte <noreply@ponte.localhost>'),
  WORKERS: z.enum(['true', 'false']).default('true'),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  TRUST_PROXY: z.string().optional(),
  METRICS_TOKEN: z.string().min(1).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port.optional(),
  MAP_TILES_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+\/\S*\{z\}\S*\{x\}\S*\{y\}\S*$/, 'deve essere un indirizzo http(s) con {z}, {x} e {y}')
    .optional(),
  MAP_TILES_ATTRIBUTION: z.string().min(1).max(300).default('© OpenStreetMap contributors'),
});

/**
 * Production unless NODE_ENV says development or test (in any case); unset stays development so
 * that `npm start` runs with demo data. A typo such as "Production" or "prod" must never turn the
 * production checks off.
 */
export function isProduction(nodeEnv: string | undefined): boolean {
  const value = (nodeEnv ?? '').trim().toLowerCase();
  return value !== '' && value !== 'development' && value !== 'test';
}

/** In production, refuses a guessable secret in one line that names the variable. */
function refuseWeakSecret(name: string, secret: Buffer | string | undefined): void {
  if (secret === undefined) return;
  const reason = weakSecretReason(secret);
  if (reason) {
    throw new ConfigError(`Invalid configuration: ${name} ${reason}; in production use at least 32 random bytes (openssl rand -base64 32)`);
  }
}

/** TRUST_PROXY: unset or "false", "true", a number of hops, or addresses/CIDRs separated by commas. */
function trustProxyOf(value: string | undefined): boolean | number | string[] {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (list.some((a) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(a))) {
    throw new ConfigError(
      'Invalid configuration: TRUST_PROXY must be true, false, a number of hops, or IP addresses/CIDRs separated by commas',
    );
  }
  return list;
}

/** Checks that a DATABASE_URL names a dialect Ponte speaks. */
export function checkDatabaseUrl(url: string): string | null {
  if (url.startsWith('sqlite:')) {
    return url.length > 'sqlite:'.length ? null : 'DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/ponte.db';
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      const parsed = new URL(url);
      if (!parsed.hostname) return 'DATABASE_URL postgres:// needs a host';
      return null;
    } catch {
      return 'DATABASE_URL is not a valid postgres:// address';
    }
  }
  return 'DATABASE_URL must start with sqlite: or postgres://';
}

/** Reads the configuration; throws ConfigError with one readable line when something is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const e = parsed.data;
  const production = isProduction(e.NODE_ENV);
  const dbProblem = checkDatabaseUrl(e.DATABASE_URL);
  if (dbProblem) throw new ConfigError(`Invalid configuration: ${dbProblem}`);
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET is required in production (NODE_ENV not development or test)');
  }
  if (e.SESSION_SECRET !== undefined && e.SESSION_SECRET.length < 32) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET must be at least 32 characters');
  }
  if (production && !e.DATA_KEY) {
    throw new ConfigError('Invalid configuration: DATA_KEY (base64 of 32 random bytes) is required in production');
  }
  if (e.DATA_KEY && Buffer.from(e.DATA_KEY, 'base64').length !== 32) {
    throw new ConfigError('Invalid configuration: DATA_KEY must be base64 of exactly 32 bytes');
  }
  const previousKeys = (e.DATA_KEY_PREVIOUS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (previousKeys.some((k) => Buffer.from(k, 'base64').length !== 32)) {
    throw new ConfigError('Invalid configuration: DATA_KEY_PREVIOUS must list base64 keys of exactly 32 bytes, separated by commas');
  }
  if (production) {
    refuseWeakSecret('SESSION_SECRET', e.SESSION_SECRET);
    refuseWeakSecret('DATA_KEY', e.DATA_KEY && Buffer.from(e.DATA_KEY, 'base64'));
    for (const key of previousKeys) refuseWeakSecret('DATA_KEY_PREVIOUS', Buffer.from(key, 'base64'));
    refuseWeakSecret('METRICS_TOKEN', e.METRICS_TOKEN);
  }
  if (e.SMTP_URL && !/^smtps?:\/\//.test(e.SMTP_URL)) {
    throw new ConfigError('Invalid configuration: SMTP_URL must start with smtp:// or smtps://');
  }
  if (e.REDIS_URL && !/^rediss?:\/\//.test(e.REDIS_URL)) {
    throw new ConfigError('Invalid configuration: REDIS_URL must start with redis://');
  }
  const sms = smsConfigOf(env, production);
  if (typeof sms === 'string') throw new ConfigError(`Invalid configuration: ${sms}`);
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    baseUrl,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    smtpUrl: e.SMTP_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    rateLimitMax: e.RATE_LIMIT_MAX,
    loginRateLimitMax: e.LOGIN_RATE_LIMIT_MAX,
    production,
    secureCookies: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : baseUrl.startsWith('https://'),
    // A fixed development key keeps demo data readable across restarts; production must set its own.
    dataKey: e.DATA_KEY ?? Buffer.alloc(32, 7).toString('base64'),
    dataKeysPrevious: previousKeys,
    facilitationEditDays: e.FACILITATION_EDIT_DAYS,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE ? e.WEBHOOK_ALLOW_PRIVATE === 'true' : !production,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    outboxDir: e.OUTBOX_DIR,
    sms,
    mailFrom: e.MAIL_FROM,
    workers: e.WORKERS === 'true',
    seedDemo: !production && e.SEED_DEMO === 'true',
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsListen: e.METRICS_PORT === undefined ? null : { host: e.METRICS_HOST, port: e.METRICS_PORT },
    mapTiles: e.MAP_TILES_URL ? { url: e.MAP_TILES_URL, attribution: e.MAP_TILES_ATTRIBUTION } : null,
  };
}
