import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers.js';

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: Record<string, unknown> }>; $ref?: string }>;
}

const REDOCLY = join(import.meta.dirname, '../../node_modules/.bin/redocly');

/** Runs the installed Redocly CLI with its recommended rules; resolves with the exit code and its JSON report. */
function redoclyLint(file: string): Promise<{ code: number; totals: { errors: number; warnings: number }; problems: unknown[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      REDOCLY,
      ['lint', '--extends', 'recommended', '--format', 'json', '--max-problems', '1000', file],
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 120_000 },
      (err, stdout) => {
        try {
          const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, ...report });
        } catch (parseError) {
          reject(parseError);
        }
      },
    );
  });
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { baseUrl: 'https://ponte.comune.prato.it' });
    doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    dir = mkdtempSync(join(tmpdir(), 'ponte-openapi-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ label: `${method.toUpperCase()} ${path}`, path, method, op })),
    );

  it('passes Redocly’s recommended rules with no error', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const report = await redoclyLint(file);
    expect(report.problems.filter((p) => (p as { severity: string }).severity === 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(report.code).toBe(0);
  }, 150_000);

  it('gives every operation a unique operationId and the security its access rule implies', () => {
    const ids = new Set<string>();
    const accessOf = new Map(t.app.routeTable.map((r) => [`${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`, r.access.kind]));
    for (const { label, op } of operations()) {
      expect(op.operationId, label).toMatch(/^[a-z]+[A-Za-z0-9]+$/);
      expect(ids.has(op.operationId as string), label).toBe(false);
      ids.add(op.operationId as string);
      const kind = accessOf.get(label);
      expect(kind, label).toBeDefined();
      if (kind === 'public') expect(op.security, label).toEqual([]);
      else expect(op.security, label).toEqual([{ bearer: [] }, { cookie: [] }]);
    }
    expect(ids.size).toBeGreaterThan(100);
    expect(doc.paths['/api/v1/municipalities'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/desks'].post.security).toEqual([{ bearer: [] }, { cookie: [] }]);
  });

  it('describes each answer: a success body with its media type, 204 without, every 4xx a Problem', () => {
    for (const { label, op } of operations()) {
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        label,
      ).toBe(true);
      for (const [status, res] of Object.entries(op.responses)) {
        if (status.startsWith('4')) {
          const ref = res.$ref ?? (res.content?.['application/problem+json']?.schema.$ref as string | undefined);
          expect([`#/components/responses/Problem`, '#/components/schemas/Problem'], `${label} ${status}`).toContain(ref);
        } else if (status === '204') {
          expect(res.content, `${label} ${status}`).toBeUndefined();
        } else if (status.startsWith('2')) {
          expect(Object.keys(res.content ?? {}).length, `${label} ${status}`).toBeGreaterThan(0);
        }
      }
      if (op.security?.length) expect(statuses, label).toEqual(expect.arrayContaining(['401', '403']));
      if (op.requestBody) expect(statuses, label).toEqual(expect.arrayContaining(['400', '413', '415']));
    }
    const mediaOf = (path: string, method = 'get', status = '200') => Object.keys(doc.paths[path][method].responses[status].content ?? {});
    expect(mediaOf('/api/v1/registrations/{registrationId}/ics')).toEqual(['text/calendar']);
    expect(mediaOf('/api/v1/opendata/facilitations.csv')).toEqual(['text/csv']);
    expect(mediaOf('/api/v1/organisations/{organisationId}/services/export.csv')).toEqual(['text/csv']);
    expect(mediaOf('/api/v1/opendata/facilitations')).toEqual(['application/ld+json']);
    expect(mediaOf('/api/v1/assessments/{variant}')).toEqual(['application/json']);
    // One status, three media types chosen by `format`: each with its own schema or text.
    const reports = '/api/v1/organisations/{organisationId}/connectivity-reports';
    expect(mediaOf(reports)).toEqual(['application/json', 'text/csv', 'application/geo+json']);
    expect(doc.paths[reports].get.responses['200'].content?.['application/geo+json'].schema).toMatchObject({
      properties: { type: { const: 'FeatureCollection' } },
    });
    expect(doc.paths['/api/v1/venues/{venueId}'].delete.responses['204'].content).toBeUndefined();
    expect(Object.keys(doc.paths['/api/v1/programmes/{programmeId}/facilitations/import'].post.requestBody?.content ?? {})).toEqual([
      'text/csv',
    ]);
    expect(doc.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status'] });
  });

  it('gives every JSON answer its shape: no success falls back to an object of any fields', () => {
    const vague = operations().flatMap(({ label, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, res]) =>
          Object.entries(res.content ?? {})
            .filter(([type, media]) => type.includes('json') && media.schema.description === 'See the description')
            .map(([type]) => `${label} ${status} ${type}`),
        ),
    );
    expect(vague).toEqual([]);
  });

  it('carries the required lists and enums of the code', () => {
    const variant = doc.paths['/api/v1/assessments/{variant}'].get.parameters.find((p) => p.name === 'variant');
    expect(variant).toMatchObject({ in: 'path', required: true, schema: { enum: ['short', 'full'] } });
    const token = doc.paths['/api/v1/registrations/{registrationId}/ics'].get.parameters.find((p) => p.name === 'token');
    expect(token).toMatchObject({ in: 'query', required: true });
    const items = doc.paths['/api/v1/assessments/{variant}'].get.responses['200'].content?.['application/json'].schema as {
      required: string[];
    };
    expect(items.required).toEqual(['items']);
  });
});
