import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { titledProblem } from './common.js';

export const MiB = 1024 * 1024;

/** CSV sent as the body (text/csv or text/plain, at most 1 MiB), read as one string. */
export function acceptCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: MiB }, (_req, body, done) => done(null, body));
}

/**
 * The import page's upload: multipart fields on the body, the file as a Buffer (at most 1 MiB); a
 * larger file, or more parts than the form has, is answered 413. Registered only in the plugin of
 * the pages that take it.
 */
export async function acceptUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MiB, fieldSize: 2 * MiB, files: 1, fields: 20, parts: 25 },
  });
  app.setErrorHandler((error, _req, _reply) => {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw titledProblem(413, 'guides.error.fileTooLarge.title', 'guides.error.fileTooLarge');
    }
    throw error;
  });
}
