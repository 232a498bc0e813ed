import { basename, dirname, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ASSET_PREFIX, type AssetTable, assetTable } from './assets.js';

const ROOT = resolve(import.meta.dirname, '../..');
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Every answer of a compressible type (pages, JSON, CSV, text, stylesheets) compressed with brotli or
 * gzip as the client accepts, streams included. Bodies under 1 KB are sent as they are (compressing
 * them saves nothing), and so are files already compressed (fonts, images) and answers that arrive
 * compressed (the page cache's gzipped pages, the pre-compressed static files).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // On each route, as the plugin does, and before the plugin's own hook, which then lets the body pass.
  app.addHook('onRoute', (route) => {
    route.onSend = [compressInMemory, ...(route.onSend ? [route.onSend].flat() : [])];
  });
  await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'], threshold: 1024, brotliOptions: { params: BROTLI } });
}

/**
 * Brotli at quality 4 over a 256 KiB window: a page is at most a few tens of KB, and the default
 * window of 4 MiB made each page's compression cost three times as much for the same bytes.
 */
const BROTLI = {
  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  [constants.BROTLI_PARAM_QUALITY]: 4,
  [constants.BROTLI_PARAM_LGWIN]: 18,
};
const COMPRESSIBLE = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)xml(?:;|$)/;

/**
 * A body made in memory (a page, a JSON answer) is compressed in one synchronous call: the plugin
 * turns it into a stream piped through a compressor on the thread pool and sends it in chunks,
 * which cost an event page more than rendering it. Streams and files stay with the plugin.
 * Callback style, since it runs for every answer: an async hook costs a promise even when, as for
 * a client that accepts no compression or a small answer, it has nothing to do.
 */
function compressInMemory(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  done(null, compressedOrAsIs(req, reply, payload));
}

function compressedOrAsIs(req: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  if (req.headers['accept-encoding'] === undefined || req.headers['x-no-compression'] !== undefined) return payload;
  if (reply.hasHeader('content-encoding')) return payload;
  if (Buffer.byteLength(payload) < 1024 || !COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? 'application/json')))
    return payload;
  const encoding = chosenEncoding(req.headers['accept-encoding']);
  if (!encoding) return payload;
  reply.header('vary', varyWith(reply.getHeader('vary'))).header('content-encoding', encoding);
  reply.removeHeader('content-length');
  return encoding === 'br'
    ? brotliCompressSync(payload, { params: { ...BROTLI, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(payload) } })
    : gzipSync(payload);
}

function varyWith(vary: unknown): string {
  const now = Array.isArray(vary) ? vary.join(', ') : vary ? String(vary) : '';
  return /accept-encoding|\*/i.test(now) ? now : now ? `${now}, Accept-Encoding` : 'Accept-Encoding';
}

/** brotli when the client accepts it, else gzip, else nothing: named or `*`, with a weight above zero. */
export function chosenEncoding(header: string | string[] | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0);
  }
  const accepts = (name: string) => (weights.get(name) ?? weights.get('*') ?? 0) > 0;
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
}

/**
 * Static files. The stylesheets, scripts and icons pages link live under /static/v/ with a content
 * hash in their name, cached for a year as immutable: from the build, pre-compressed (the .br or .gz
 * beside each file, chosen by Accept-Encoding); without a build, or for a file edited since, from
 * its source (compressed as it is sent). The plain
 * addresses (/static/…, /static/bi/…) stay for everything else, cached for a while only.
 */
export async function registerStaticFiles(app: FastifyInstance, assets: AssetTable = assetTable()): Promise<void> {
  await app.register(fastifyStatic, {
    root: resolve(ROOT, 'node_modules/bootstrap-italia/dist'),
    prefix: '/static/bi/',
    maxAge: '7d',
  });
  await app.register(fastifyStatic, {
    root: resolve(ROOT, 'src/web/static'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  // Exact addresses of the files served from their sources win over the build's folder below.
  for (const [file, source] of assets.sources) {
    app.get(ASSET_PREFIX + file, (_req, reply) => reply.sendFile(basename(source), dirname(source), { maxAge: YEAR_MS, immutable: true }));
  }
  if (assets.builtDir) {
    await app.register(fastifyStatic, {
      root: assets.builtDir,
      prefix: ASSET_PREFIX,
      decorateReply: false,
      preCompressed: true,
      maxAge: YEAR_MS,
      immutable: true,
    });
  }
}
