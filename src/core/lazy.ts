import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A library loaded the first time a request needs it, not when the server starts. PDF certificates,
 * QR codes, calendar files, SMTP and SMPP clients, identity providers and phone metadata each cost
 * several MiB of resident memory once loaded, and most processes serve pages that never use them
 * (a web process with WORKERS=false sends no mail; a SQLite install never needs the PostgreSQL
 * driver). Synchronous, through Node's require, so callers that are synchronous stay so.
 *
 *   const pdfkit = lazyRequire<typeof import('pdfkit')>('pdfkit');
 *   new (pdfkit())({ size: 'A4' });
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireHere(id) as T;
    return loaded;
  };
}
