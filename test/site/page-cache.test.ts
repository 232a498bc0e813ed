import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { acceptsGzip } from '../../src/web/page-cache.js';
import { type World, world } from '../events/booking-fixtures.js';
import { Browser } from '../helpers.js';

/**
 * The home page and the catalogue are kept a few seconds for visitors who are not signed in: a new
 * event shows up for them within seconds, at once for signed-in staff.
 */
describe('pages kept a few seconds for anonymous visitors', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('sqlite');
  });
  afterAll(() => w.close());
  afterEach(() => vi.restoreAllMocks());

  for (const path of ['/', '/eventi']) {
    it(`${path}: the same page for seconds to visitors, fresh for staff, fresh again after the few seconds`, async () => {
      const visitor = async () => w.t.app.inject({ method: 'GET', url: path });
      const first = await visitor();
      expect(first.statusCode).toBe(200);
      // Nothing to post there for a visitor: no CSRF cookie is handed out.
      expect(String(first.headers['set-cookie'] ?? '')).not.toContain('ponte_csrf');
      const title = `Incontro appena pubblicato ${path}`;
      await w.event({ title }, 1);

      expect((await visitor()).body).not.toContain(title);
      const staff = new Browser(w.t.app);
      expect((await staff.signIn('staff@prato.example', 'una-password-lunga')).statusCode).toBe(303);
      const fresh = await staff.get(path);
      expect(fresh.statusCode).toBe(200);
      expect(fresh.body).toContain(title);

      const later = Date.now() + 6_000;
      vi.spyOn(Date, 'now').mockReturnValue(later);
      expect((await visitor()).body).toContain(title);
    });
  }

  for (const path of ['/', '/eventi']) {
    it(`${path}: gzipped for browsers that accept it, made or kept, the same page; plain for those that do not`, async () => {
      const get = (encoding?: string) =>
        w.t.app.inject({ method: 'GET', url: path, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });
      // Past what earlier tests kept: the first request makes the page, the second answers from
      // the cache; both compressed.
      vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);
      for (const round of ['made', 'kept']) {
        const zipped = await get('gzip, deflate, br');
        expect(zipped.statusCode, round).toBe(200);
        expect(zipped.headers['content-encoding'], round).toBe('gzip');
        expect(zipped.headers.vary, round).toContain('Accept-Encoding');
        const html = gunzipSync(zipped.rawPayload).toString('utf8');
        expect(html, round).toContain('<html lang="it"');
        expect(zipped.rawPayload.length, round).toBeLessThan(Buffer.byteLength(html) / 2);
        const plain = await get();
        expect(plain.headers['content-encoding'], round).toBeUndefined();
        expect(plain.headers.vary, round).toContain('Accept-Encoding');
        expect(plain.body, round).toBe(html);
      }
      expect((await get('gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();
      // A client that takes brotli only gets the page brotli-compressed as it is sent.
      const br = await get('br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toContain('<html lang="it"');
    });
  }
});

describe('Accept-Encoding and gzip', () => {
  it('accepts gzip when named or covered by *, with a weight above zero', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip(['br', 'gzip'])).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0.0, *')).toBe(false);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=abc')).toBe(false);
  });
});
