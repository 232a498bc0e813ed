import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chosenEncoding, registerCompression } from '../../src/web/static-files.js';

const PAGE = `<!doctype html><html><body>${'<p>Incontro gratuito per imparare SPID.</p>'.repeat(200)}</body></html>`;

describe('answers made in memory are compressed in one call', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await registerCompression(app);
    app.get('/page', (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
    app.get('/tiny', (_req, reply) => reply.type('text/html; charset=utf-8').send('<p>ok</p>'));
    app.get('/png', (_req, reply) => reply.type('image/png').send(Buffer.alloc(4096, 1)));
    app.get('/stream', (_req, reply) => reply.type('text/csv; charset=utf-8').send(Readable.from([PAGE, PAGE])));
  });
  afterAll(() => app.close());

  const get = (url: string, encoding?: string) =>
    app.inject({ method: 'GET', url, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

  it('sends brotli to a browser that accepts it, gzip to one that takes only gzip, the same bytes either way', async () => {
    const br = await get('/page', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(PAGE);
    expect(br.rawPayload.length).toBeLessThan(PAGE.length / 10);

    const gz = await get('/page', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(PAGE);
  });

  it('sends the page as it is when the client refuses both, or names no encoding', async () => {
    for (const encoding of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await get('/page', encoding);
      expect(res.headers['content-encoding'], encoding).toBeUndefined();
      expect(res.body).toBe(PAGE);
    }
  });

  it('leaves tiny answers and already compressed types alone, and still compresses streams', async () => {
    expect((await get('/tiny', 'br')).headers['content-encoding']).toBeUndefined();
    expect((await get('/png', 'br')).headers['content-encoding']).toBeUndefined();
    const stream = await get('/stream', 'gzip');
    expect(stream.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(stream.rawPayload).toString('utf8')).toBe(PAGE + PAGE);
  });

  it('reads Accept-Encoding with its weights', () => {
    expect(chosenEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chosenEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chosenEncoding('x-gzip')).toBe('gzip');
    expect(chosenEncoding('*')).toBe('br');
    expect(chosenEncoding('*;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chosenEncoding(['deflate', 'GZIP'])).toBe('gzip');
    expect(chosenEncoding('deflate')).toBeNull();
    expect(chosenEncoding(undefined)).toBeNull();
    expect(chosenEncoding('br;q=abc')).toBeNull();
  });
});
