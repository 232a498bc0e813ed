import { basename, dirname, resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
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
  await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
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
