// Where sign-in leads: `next` is followed only to a path of this site, re-encoded, and no value of
// it, however crafted, makes the sign-in answer anything but a redirect.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';
const EMAIL = 'staff@prato.example';

/** A Location that a browser resolves to this site: one leading slash, nothing it would read as a host. */
function isSameSitePath(location: string): boolean {
  if (!location.startsWith('/') || location.startsWith('//') || location.startsWith('/\\')) return false;
  // Only printable ASCII: what a browser would otherwise strip or reinterpret is percent-encoded.
  if (!/^[\x21-\x7e]+$/.test(location)) return false;
  return new URL(location, 'https://ponte.example').origin === 'https://ponte.example';
}

describe.each(DIALECTS)('the page after sign-in (%s)', (dialect) => {
  let t: TestApp;
  let csrf: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 100_000 });
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    await createUser(t.db, { email: EMAIL, name: 'Marco Rossi', role: 'staff', organisation: org.id, password: PASSWORD });
    browser = new Browser(t.app);
    csrf = await browser.csrf('/login');
  });
  afterAll(() => t.close());

  const signIn = (next: string) => browser.post('/login', { email: EMAIL, password: PASSWORD, next }, { csrf });

  it('a path with a letter outside ASCII is followed, percent-encoded, and never answers 500', async () => {
    // An ideographic space is a space: refused like a tab, not a 500 as it once was.
    const res = await signIn('/\u3000/x');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const accented = await signIn('/admin/organisations?q=città#sezione');
    expect(accented.statusCode).toBe(303);
    expect(accented.headers.location).toBe('/admin/organisations?q=citt%C3%A0#sezione');
  });

  it('anything that could lead off the site lands on the back office', async () => {
    for (const next of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/.//evil.example',
      '/./\\evil.example',
      'javascript:alert(1)',
      '/\u0085/x',
      '',
    ]) {
      const res = await signIn(next);
      expect(res.statusCode, JSON.stringify(next)).toBe(303);
      expect(res.headers.location, JSON.stringify(next)).toBe('/admin');
    }
  });

  it('for any string, sign-in redirects (never a 5xx) to a path of this site', async () => {
    const next = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc
        .tuple(fc.constantFrom('/', '//', '/\\', '/./', '/../', '\\', '/%2f', 'http:'), fc.string({ unit: 'binary', maxLength: 30 }))
        .map(([a, b]) => a + b),
    );
    await fc.assert(
      fc.asyncProperty(next, async (value) => {
        const res = await signIn(value);
        if (value.includes('\u0000')) {
          // Refused before any handler runs, as for every route: a 400, never a 5xx.
          expect(res.statusCode).toBe(400);
          return;
        }
        expect(res.statusCode).toBe(303);
        expect(isSameSitePath(String(res.headers.location)), JSON.stringify([value, res.headers.location])).toBe(true);
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
