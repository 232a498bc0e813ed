import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderPage } from './layout.js';

/**
 * Public pages as anonymous visitors see them, kept a few seconds per language and address (a
 * "microcache"). For pages that are the same for everyone who is not signed in and where a few
 * seconds of delay is harmless (a count of free seats, the next events): the pages that act on
 * the data (booking, manage, the API) always read the database. Signed-in users always get a fresh
 * page. Per process, bounded, and never holding personal data. Pages are kept as UTF-8 bytes:
 * encoding the text again for every visitor would cost more than the rest of the answer.
 */
export class PageCache {
  private readonly pages = new Map<string, { html: Buffer; until: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 1_000,
  ) {}

  /** The key of a request whose page may be shared, or null (signed in). */
  key(req: FastifyRequest): string | null {
    return req.principal ? null : `${req.lang} ${req.url}`;
  }

  /** Answers from the cache, or returns null when the page must be made. */
  serve(req: FastifyRequest, reply: FastifyReply): FastifyReply | null {
    const key = this.key(req);
    const hit = key ? this.pages.get(key) : undefined;
    if (!hit || hit.until <= Date.now()) return null;
    return reply.type('text/html; charset=utf-8').send(hit.html);
  }

  /** Sends the page, and keeps it when it was made for a visitor who is not signed in. */
  keepAndSend(req: FastifyRequest, reply: FastifyReply, page: VNode): FastifyReply {
    const html = Buffer.from(renderPage(page));
    const key = this.key(req);
    if (key) {
      if (this.pages.size >= this.max) this.pages.delete(this.pages.keys().next().value as string);
      this.pages.set(key, { html, until: Date.now() + this.ttlMs });
    }
    return reply.type('text/html; charset=utf-8').send(html);
  }
}
