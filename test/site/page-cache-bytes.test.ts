import Fastify from 'fastify';
import { h } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { PageCache } from '../../src/web/page-cache.js';

describe('the page cache keeps at most its bytes', () => {
  it('forgets the oldest pages once new addresses would pass the bound, and still serves each address', async () => {
    const cache = new PageCache(60_000, 1_000, 100_000);
    const app = Fastify();
    let renders = 0;
    app.get('/eventi', async (req, reply) => {
      const hit = cache.serve(req, reply);
      if (hit) return hit;
      renders++;
      return cache.keepAndSend(req, reply, h('p', null, `pagina ${req.url} ${'x'.repeat(10_000)}`));
    });
    try {
      for (let i = 0; i < 50; i++) {
        const res = await app.inject({ method: 'GET', url: `/eventi?visita=${i}`, headers: { 'accept-encoding': 'gzip' } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-encoding']).toBe('gzip');
      }
      expect(cache.size.bytes).toBeLessThanOrEqual(100_000);
      expect(cache.size.pages).toBeGreaterThan(0);
      expect(cache.size.pages).toBeLessThan(50);
      // The newest is kept, the oldest was forgotten and is made again.
      expect(renders).toBe(50);
      expect((await app.inject({ method: 'GET', url: '/eventi?visita=49' })).body).toContain('pagina /eventi?visita=49');
      expect(renders).toBe(50);
      expect((await app.inject({ method: 'GET', url: '/eventi?visita=0' })).body).toContain('pagina /eventi?visita=0');
      expect(renders).toBe(51);
    } finally {
      await app.close();
    }
  });

  it('sends a page larger than the whole bound without keeping it', async () => {
    const cache = new PageCache(60_000, 1_000, 1_000);
    const app = Fastify();
    app.get('/', (req, reply) => cache.keepAndSend(req, reply, h('p', null, 'y'.repeat(5_000))));
    try {
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.body).toContain('yyyy');
      expect(cache.size).toEqual({ pages: 0, bytes: 0 });
    } finally {
      await app.close();
    }
  });

  it('forgets the pages past their time when it keeps the next one, and makes an old address again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T10:00:00Z'));
    const cache = new PageCache(5_000, 1_000, 1_000_000);
    const app = Fastify();
    let renders = 0;
    app.get('/eventi', async (req, reply) => {
      const hit = cache.serve(req, reply);
      if (hit) return hit;
      renders++;
      return cache.keepAndSend(req, reply, h('p', null, `pagina ${req.url}`));
    });
    try {
      for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: `/eventi?visita=${i}` });
      expect(cache.size.pages).toBe(3);
      vi.setSystemTime(new Date('2026-12-07T10:00:06Z'));
      expect((await app.inject({ method: 'GET', url: '/eventi?visita=9' })).body).toContain('pagina /eventi?visita=9');
      expect(cache.size.pages).toBe(1);
      expect((await app.inject({ method: 'GET', url: '/eventi?visita=0' })).body).toContain('pagina /eventi?visita=0');
      expect(renders).toBe(5);
    } finally {
      vi.useRealTimers();
      await app.close();
    }
  });
});
