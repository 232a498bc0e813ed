import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { enqueueJob } from '../../src/core/jobs.js';
import { prettyLine } from '../../src/core/logging.js';
import { MAIL_JOB } from '../../src/core/mail.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';

const EMAIL = 'giulia.ferri@prato.example';

/** An SMTP server that refuses every recipient, quoting the address as real servers do. */
async function refusingSmtp(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => callback(new Error(`Casella <${address.address}> inesistente`)),
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, stop: () => new Promise((ok) => server.close(() => ok())) };
}

/**
 * The log is JSON lines that say which request caused which job, and never the personal data or
 * secrets that pass through: what a request or a job's error quotes of a person is masked.
 */
describe.each(DIALECTS)('log lines (%s)', (dialect) => {
  let t: TestDb;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof refusingSmtp>>;
  const lines: string[] = [];
  const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    t = await createTestDb(dialect);
    smtp = await refusingSmtp();
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    await createUser(t.db, { email: EMAIL, name: 'Giulia Ferri', role: 'staff', organisation: org.id, password: 'una-password-lunga' });
    const config = testConfig({ databaseUrl: t.url, logLevel: 'debug', smtpUrl: smtp.url, loginRateLimitMax: 1000 });
    app = await buildApp({ config, db: t.db, logStream: { write: (l) => lines.push(...l.split('\n').filter(Boolean)) } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await smtp.stop();
    await t.cleanup();
  });

  it("a job enqueued during a request carries the request's id into its own log lines", async () => {
    const res = await new Browser(app).post('/password/forgot', { email: EMAIL }, { from: '/password/forgot' });
    expect(res.statusCode).toBeLessThan(400);
    const request = entries().find((e) => {
      const req = e.req as { method: string; url: string } | undefined;
      return e.msg === 'incoming request' && req?.method === 'POST' && req.url === '/password/forgot';
    });
    expect(request?.reqId).toBeTruthy();
    const job = await t.db.k
      .selectFrom('jobs')
      .select(['id', 'request_id'])
      .where('kind', '=', 'accounts.password-link')
      .executeTakeFirstOrThrow();
    expect(job.request_id).toBe(request?.reqId);

    await app.deps.jobs.runDue();
    // The mail server refuses the address: the job's failure is logged under the request's id, the address masked.
    const jobLines = entries().filter((e) => e.job === job.id);
    expect(jobLines.length).toBeGreaterThan(0);
    for (const e of jobLines) expect(e.reqId).toBe(request?.reqId);
    expect(jobLines[0]).toMatchObject({ msg: 'job failed', kind: 'accounts.password-link' });
    expect(String(jobLines[0].error)).toContain('[REDACTED]');
    // Every line is JSON, and none holds the address, the password-reset link's token or the password.
    expect(lines.join('\n')).not.toContain(EMAIL);
    expect(lines.join('\n')).not.toContain('una-password-lunga');
  });

  it('a job enqueued outside any request has no request id, and a finished one is logged at debug', async () => {
    await t.db.k.deleteFrom('jobs').execute();
    await enqueueJob(t.db.k, MAIL_JOB, { to: 'x', subject: 'Prova', text: 'Prova' });
    const row = await t.db.k.selectFrom('jobs').select(['id', 'request_id']).executeTakeFirstOrThrow();
    expect(row.request_id).toBeNull();
    app.deps.jobs.register('ops.noop', async () => {});
    await enqueueJob(t.db.k, 'ops.noop', {});
    await app.deps.jobs.runDue();
    const done = entries().find((e) => e.msg === 'job done' && e.kind === 'ops.noop');
    expect(done).toMatchObject({ level: 20 });
    expect(done?.reqId).toBeUndefined();
  });
});

describe('LOG_FORMAT', () => {
  it('pretty turns a JSON line into a short readable one; json is the default; anything else is refused', async () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 0, 5, 9, 30, 15),
      pid: 1,
      hostname: 'h',
      reqId: 'req-7',
      msg: 'incoming request',
    });
    expect(prettyLine(line)).toBe('09:30:15 INFO  incoming request reqId=req-7\n');
    expect(prettyLine('not json')).toBe('not json');
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);

    const t = await createTestDb('sqlite');
    const written: string[] = [];
    const app = await buildApp({
      config: testConfig({ databaseUrl: t.url, logLevel: 'info', logFormat: 'pretty' }),
      db: t.db,
      logStream: { write: (l) => written.push(l) },
    });
    try {
      await app.inject({ method: 'GET', url: '/healthz' });
      expect(written.join('')).toMatch(/^\d\d:\d\d:\d\d INFO {2}incoming request reqId=req-\w+ req=/m);
    } finally {
      await app.close();
      await t.cleanup();
    }
  });
});
