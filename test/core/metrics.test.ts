import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { listenMetrics } from '../../src/core/metrics.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const METRICS_TOKEN = 'mT4x9Qe2LpVz7RbK1cWn8YsHd3JgFa6U0oXiEtMq5Nr=';

describe.each(DIALECTS)('/metrics outside development (%s)', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('is not served on the public port in production without a token', async () => {
    t = await createTestApp(dialect, { production: true });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('ponte_http_requests_total');
  });

  it('requires METRICS_TOKEN as a bearer token when one is set', async () => {
    t = await createTestApp(dialect, { production: true, metricsToken: METRICS_TOKEN });
    const refused = [
      {},
      { authorization: 'Bearer sbagliato' },
      { authorization: `Basic ${METRICS_TOKEN}` },
      { authorization: `Bearer ${METRICS_TOKEN}x` },
    ];
    for (const headers of refused) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toContain('ponte_http_requests_total');
    }
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('# TYPE ponte_http_requests_total counter');
    // The refusals were counted like any other answer.
    expect(res.body).toMatch(/ponte_http_requests_total\{method="GET",route="\/metrics",status="401"\} 4/);
  });

  it('with METRICS_PORT, is served only on its own address, with the token when one is set', async () => {
    t = await createTestApp(dialect, { metricsListen: { host: '127.0.0.1', port: 0 }, metricsToken: METRICS_TOKEN });
    const publicPort = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(publicPort.statusCode).toBe(404);
    expect(publicPort.body).not.toContain('ponte_http_requests_total');
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const { port, close } = await listenMetrics(t.app, t.config, { host: '127.0.0.1', port: 0 });
    onTestFinished(close);
    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/ponte_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    expect((await fetch(`http://127.0.0.1:${port}/altro`)).status).toBe(404);
  });

  it('with METRICS_PORT and no token, its own address answers anyone who can reach it', async () => {
    t = await createTestApp(dialect, { production: true, metricsListen: { host: '127.0.0.1', port: 0 } });
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const { port, close } = await listenMetrics(t.app, t.config, { host: '127.0.0.1', port: 0 });
    onTestFinished(close);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('ponte_http_request_duration_seconds_bucket');
  });
});
