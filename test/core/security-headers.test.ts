import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers.js';

/** What a browser receives with every answer: pages may load the site's own files only; the API nothing. */
describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('gives pages a policy that allows the site’s own scripts, styles and images, and no framing', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/eventi' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Bootstrap Italia's inline data: font, and nothing broader.
    expect(csp.split(';')).toContain("font-src 'self' data:");
    expect(csp.split(';').filter((d) => d.includes('data:'))).toEqual(["img-src 'self' data:", "font-src 'self' data:"]);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('gives API answers, errors included, the strictest policy: nothing may load or frame them', async () => {
    for (const url of ['/api/v1/events', '/api/v1/events/not-an-id', '/api/v1/nothing-here']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });

  it('keeps the headers on error pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/pagina-che-non-esiste' });
    expect(res.statusCode).toBe(404);
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
