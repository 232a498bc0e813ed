import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';
import { roomyEvent } from './booking-load.js';
import { freePort, ponteEnv, type Running, startPonte, stopPonte } from './processes.js';

/**
 * A tiny reverse proxy that does what nginx does by default (`proxy_next_upstream error`):
 * requests go to the backends in turn; a request whose connection was refused (the process has
 * stopped listening), or reset before any answer (it was waiting in the closed listener's queue,
 * never read), goes to the next backend, a GET at least; nothing else is tried twice.
 */
function proxy(ports: number[]): Promise<{ url: string; close(): Promise<void> }> {
  let turn = 0;
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const first = turn++;
      const attempt = (k: number) => {
        const port = ports[(first + k) % ports.length];
        let answered = false;
        const out = request(
          { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent: false },
          (answer) => {
            answered = true;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', (err: NodeJS.ErrnoException) => {
          const unread = err.code === 'ECONNREFUSED' || (err.code === 'ECONNRESET' && !answered && req.method === 'GET');
          if (unread && k < ports.length * 3) return setTimeout(() => attempt(k + 1), k < ports.length ? 0 : 50);
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        out.end(Buffer.concat(body));
      };
      attempt(0);
    });
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

// Declared only where PostgreSQL is configured (CI, and `npm test` where the local server answers).
if (DIALECTS.includes('postgres'))
  describe('a rolling restart of two servers behind a proxy (postgres)', () => {
    let t: TestDb;
    const servers: (Running | undefined)[] = [];

    beforeAll(async () => {
      t = await createTestDb('postgres');
    });
    afterAll(async () => {
      await Promise.all(servers.map(stopPonte));
      await t.cleanup();
    });

    it('restarts one process, then the other, while requests keep coming: no error, every answer a success', {
      timeout: 180_000,
    }, async () => {
      const eventId = await roomyEvent(t.db, t.url);
      const ports = [await freePort(), await freePort()];
      const start = (i: number) => startPonte(['serve'], ponteEnv(t.url, ports[i]));
      servers[0] = await start(0);
      servers[1] = await start(1);
      const front = await proxy(ports);
      const load = (autocannon as unknown as (o: autocannon.Options) => autocannon.Instance)({
        url: `${front.url}/api/v1/events/${eventId}`,
        connections: 8,
        duration: 120,
      });
      const result = new Promise<autocannon.Result>((ok) => load.on('done', ok));
      try {
        await new Promise((r) => setTimeout(r, 2000));
        for (const i of [0, 1]) {
          const old = servers[i] as Running;
          old.child.kill('SIGTERM');
          expect(await old.exited).toBe(0);
          servers[i] = await start(i);
          await new Promise((r) => setTimeout(r, 1000));
        }
      } finally {
        load.stop();
      }
      const r = await result;
      await front.close();
      expect(r.requests.total).toBeGreaterThan(100);
      expect({ errors: r.errors, timeouts: r.timeouts, resets: r.resets, non2xx: r.non2xx }).toEqual({
        errors: 0,
        timeouts: 0,
        resets: 0,
        non2xx: 0,
      });
    });
  });
