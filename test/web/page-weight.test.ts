import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript without types.
import { buildAssets } from '../../scripts/build-assets.mjs';
import { ASSET_PREFIX, buildTable } from '../../src/web/assets.js';
import { registerCompression, registerStaticFiles } from '../../src/web/static-files.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');

function linkedStylesheets(html: string): string[] {
  return [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1] as string);
}

describe.each(DIALECTS)('compressed answers and hashed static files (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('sends pages compressed to a browser that accepts it, plain to one that does not', async () => {
    // The sign-in page is made afresh for each visitor (brotli); the home page may come gzipped
    // from the page cache.
    for (const [url, encodings] of [
      ['/login', ['br']],
      ['/', ['br', 'gzip']],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(res.statusCode).toBe(200);
      expect(encodings).toContain(res.headers['content-encoding']);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      const html = (res.headers['content-encoding'] === 'br' ? brotliDecompressSync : gunzipSync)(res.rawPayload).toString('utf8');
      expect(html).toContain('<html');
    }

    const plain = await t.app.inject({ method: 'GET', url: '/' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('<html');
  });

  it('links stylesheets under hashed names, cached a year as immutable and served compressed', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const sheets = linkedStylesheets(page.body);
    expect(sheets.length).toBeGreaterThanOrEqual(3);
    for (const href of sheets) {
      expect(href).toMatch(/^\/static\/v\/[a-z-]+\.[0-9a-f]{10}\.css$/);
      const res = await t.app.inject({ method: 'GET', url: href, headers: { 'accept-encoding': 'br;q=1, gzip;q=0.5' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/css/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      if (res.rawPayload.length > 1024) expect(res.headers['content-encoding']).toBe('br');
      const css = res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload) : res.rawPayload;
      expect(css.toString('utf8')).toMatch(/[{}]/);
      const gz = await t.app.inject({ method: 'GET', url: href, headers: { 'accept-encoding': 'gzip' } });
      if (gz.headers['content-encoding'] === 'gzip') expect(gunzipSync(gz.rawPayload).equals(css)).toBe(true);
    }
  });

  it('keeps plain addresses working, without the immutable promise', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/static/ponte.css' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).not.toMatch(/immutable/);
    const missing = await t.app.inject({ method: 'GET', url: '/static/v/ponte.0000000000.css' });
    expect(missing.statusCode).toBeGreaterThanOrEqual(400);
    expect(missing.statusCode).toBeLessThan(500);
  });

  it('streams a CSV export gzipped, whole', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/opendata/facilitations.csv', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const csv = gunzipSync(res.rawPayload).toString('utf8');
    const plain = await t.app.inject({ method: 'GET', url: '/api/v1/opendata/facilitations.csv' });
    expect(csv).toBe(plain.body);
  });

  it('does not compress a tiny answer', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/livez', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe('the build of the static files', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'ponte-assets-'));
    await buildAssets(ROOT, out);
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes each file under its hash with brotli and gzip copies of the same bytes', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'asset-manifest.json'), 'utf8'));
    for (const file of Object.values(manifest.files) as string[]) {
      const data = readFileSync(join(out, 'public', file));
      expect(brotliDecompressSync(readFileSync(join(out, 'public', `${file}.br`))).equals(data)).toBe(true);
      expect(gunzipSync(readFileSync(join(out, 'public', `${file}.gz`))).equals(data)).toBe(true);
    }
  });

  it('keeps only the Bootstrap Italia rules the views use, and the classes they build from variables', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'asset-manifest.json'), 'utf8'));
    const css = readFileSync(join(out, 'public', manifest.files['bootstrap-italia.css']), 'utf8');
    const original = readFileSync(join(ROOT, 'node_modules/bootstrap-italia/dist/css/bootstrap-italia.min.css'), 'utf8');
    expect(css.length).toBeLessThan(original.length / 5);
    for (const kept of ['.btn-primary', '.form-control', '.alert-danger', '.alert-warning', '.visually-hidden-focusable', '.is-invalid']) {
      expect(css).toContain(kept);
    }
    expect(css).not.toContain('.carousel-');
  });

  it('points fonts.css at hashed copies of the fonts it loads', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'asset-manifest.json'), 'utf8'));
    const css = readFileSync(join(out, 'public', manifest.files['fonts.css']), 'utf8');
    const urls = [...css.matchAll(/url\("([^"]+)"\)/g)].map((m) => m[1] as string);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).toMatch(/^\/static\/v\/titillium-web-[a-z0-9_-]+\.[0-9a-f]{10}\.woff2$/);
      expect(readFileSync(join(out, 'public', url.slice('/static/v/'.length))).length).toBeGreaterThan(1000);
    }
  });

  it('serves each asset from the build while its source is unchanged, from the source once edited or without a build', () => {
    const built = buildTable(ROOT, out);
    expect(built.builtDir).toBe(join(out, 'public'));
    expect(built.sources.size).toBe(0);

    const manifestPath = join(out, 'asset-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, sources: { ...manifest.sources, 'ponte.css': '0000000000' } }));
    const edited = buildTable(ROOT, out);
    expect([...edited.sources.values()]).toEqual([join(ROOT, 'src/web/static/ponte.css')]);
    expect(edited.files['ponte.css']).toMatch(/^ponte\.[0-9a-f]{10}\.css$/);
    expect(edited.files['bootstrap-italia.css']).toBe(manifest.files['bootstrap-italia.css']);

    const none = buildTable(ROOT, join(out, 'nowhere'));
    expect(none.builtDir).toBeUndefined();
    expect(none.sources.size).toBe(Object.keys(manifest.files).length);
    expect(none.sources.get(none.files['bootstrap-italia.css'])).toBe(
      join(ROOT, 'node_modules/bootstrap-italia/dist/css/bootstrap-italia.min.css'),
    );
  });

  it('without a build, serves the sources under their hashed names, compressed as they are sent', async () => {
    const app = Fastify();
    await registerCompression(app);
    const table = buildTable(ROOT, join(out, 'nowhere'));
    await registerStaticFiles(app, table);
    try {
      const res = await app.inject({
        method: 'GET',
        url: ASSET_PREFIX + table.files['bootstrap-italia.css'],
        headers: { 'accept-encoding': 'br' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-encoding']).toBe('br');
      const original = readFileSync(join(ROOT, 'node_modules/bootstrap-italia/dist/css/bootstrap-italia.min.css'));
      expect(brotliDecompressSync(res.rawPayload).equals(original)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
