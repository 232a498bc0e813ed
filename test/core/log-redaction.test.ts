import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { PUBLIC } from '../../src/core/access.js';
import { newId } from '../../src/core/ids.js';
import { redactUrl } from '../../src/core/logging.js';
import { createTestDb, DIALECTS, type TestDb, testConfig } from '../helpers.js';

const TOKEN = 'Zk9sEgR3tVq7LmN2pXc4';

describe.each(DIALECTS)('secrets in the log at level info (%s)', (dialect) => {
  let tdb: TestDb;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const lines: string[] = [];
  beforeAll(async () => {
    tdb = await createTestDb(dialect);
    const config = testConfig({ databaseUrl: tdb.url, logLevel: 'info' });
    app = await buildApp({ config, db: tdb.db, logStream: { write: (line) => void lines.push(line) } });
    // Routes of the shape a password-reset or sign-in link takes: one names its secret, one lists it.
    app.get('/prova-reimposta/:resetToken', { config: { access: PUBLIC } }, async () => 'ok');
    app.get('/prova-invito/:code/accetta', { config: { access: PUBLIC, secretParams: ['code'] } }, async () => 'ok');
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await tdb.cleanup();
  });

  /** The log lines of one request, after making it. */
  async function logOf(method: 'GET' | 'POST', url: string): Promise<string> {
    lines.length = 0;
    await app.inject({ method, url, headers: { accept: 'text/html' } });
    const logged = lines.join('');
    expect(logged).toContain('incoming request');
    return logged;
  }

  it('never writes a manage link token, wherever it sits in the address', async () => {
    const id = newId();
    const cases: [string, string[]][] = [
      [`/prenotazioni/${id}?token=${TOKEN}`, [`/prenotazioni/${id}?token=[REDACTED]`]],
      [`/appuntamenti/${id}?token=${TOKEN}&esito=annullato`, [`/appuntamenti/${id}?token=[REDACTED]&esito=annullato`]],
      [`/appuntamenti/${id}/sposta?lang=en&token=${TOKEN}`, [`/appuntamenti/${id}/sposta?lang=en&token=[REDACTED]`]],
      [`/api/v1/appointments/${id}?token=${TOKEN}`, [`/api/v1/appointments/${id}?token=[REDACTED]`]],
      [`/competenze/prova/${TOKEN}`, ['/competenze/prova/[REDACTED]']],
      [`/password/reset/${TOKEN}`, ['/password/reset/[REDACTED]']],
      [`/prova-reimposta/${TOKEN}?lang=it`, ['/prova-reimposta/[REDACTED]?lang=it']],
      [`/prova-invito/${TOKEN}/accetta`, ['/prova-invito/[REDACTED]/accetta']],
      // An unknown address too, and the parameters of an identity provider's answer.
      [`/nessuna-pagina?password=${TOKEN}`, ['/nessuna-pagina?password=[REDACTED]']],
      [`/login/oidc/callback?code=${TOKEN}&state=${TOKEN}x`, ['/login/oidc/callback?code=[REDACTED]&state=[REDACTED]']],
    ];
    for (const [url, expected] of cases) {
      const logged = await logOf('GET', url);
      expect(logged, url).not.toContain(TOKEN);
      for (const part of expected) expect(logged, url).toContain(part);
    }
    // A form post to a manage link, too.
    const logged = await logOf('POST', `/appuntamenti/${id}/annulla?token=${encodeURIComponent(TOKEN)}`);
    expect(logged).not.toContain(TOKEN);
    expect(logged).toContain(`/appuntamenti/${id}/annulla?token=[REDACTED]`);
  });

  it('keeps addresses without secrets as they are', async () => {
    const logged = await logOf('GET', '/eventi?q=corso%20base&comune=001272');
    expect(logged).toContain('/eventi?q=corso%20base&comune=001272');
  });
});

describe('redactUrl', () => {
  it('redacts by parameter name, however the name is encoded', () => {
    expect(redactUrl('/x?%74oken=abc&a=1')).toBe('/x?%74oken=[REDACTED]&a=1');
    expect(redactUrl('/x?access_token=abc&api_key=d&a')).toBe('/x?access_token=[REDACTED]&api_key=[REDACTED]&a');
    expect(redactUrl('/x?%E0%A4%A=1')).toBe('/x?%E0%A4%A=1');
    expect(redactUrl('/a/b/c', '/a/:attemptToken/c')).toBe('/a/[REDACTED]/c');
    expect(redactUrl('/cal/001272.ics', '/cal/:code.ics')).toBe('/cal/001272.ics');
    expect(redactUrl('/s/abc.ics', '/s/:secretId.ics')).toBe('/s/[REDACTED]');
    expect(redactUrl('/static/x/y', '/static/*')).toBe('/static/x/y');
  });
});
