import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { now } from '../../src/core/time.js';

export interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived, in unix seconds of the application's clock (which tests move). */
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers with the statuses
 * queued in `answers` (then `fallback`), as a subscriber's endpoint would.
 */
export class Receiver {
  received: Received[] = [];
  answers: number[] = [];
  fallback = 200;
  private server: Server | null = null;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          path: req.url ?? '',
          method: req.method ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Math.floor(now().getTime() / 1000),
        });
        const status = this.answers.shift() ?? this.fallback;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  clear(): void {
    this.received = [];
    this.answers = [];
    this.fallback = 200;
  }

  /** Requests that arrived at one path (each subscription in a test gets its own). */
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
