import type { FastifyInstance } from 'fastify';
import { answerMedia, type OpenApiInfo } from './api.js';

/**
 * Checks every JSON success of an API route against what its declaration says for that status (what
 * the OpenAPI document publishes): a media type the declaration does not name, or an answer outside
 * the schema it gives for that media type, becomes a 500 naming the fields. The schemas only
 * describe the answers, nothing else reads them at run time, so without this a schema could say one
 * thing while the route sends another and no test would notice. On in the test suites
 * (PONTE_CHECK_ANSWERS=1, vitest's configs): every API call a test makes is checked. Off in
 * production, where it would only cost time.
 */
export function registerAnswerCheck(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const openapi = (req.routeOptions.config as { openapi?: OpenApiInfo } | undefined)?.openapi;
    const declared = openapi?.responses[reply.statusCode];
    if (!declared || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim();
    if (!/^application\/([\w.-]+\+)?json$/.test(type)) return payload;
    const route = `${req.method} ${req.routeOptions.url} answered ${reply.statusCode}`;
    const match = answerMedia(declared).find((m) => m.mediaType === type);
    if (!match) throw new Error(`${route} as ${type}, which its declaration does not name`);
    const checked = match.schema?.safeParse(JSON.parse(payload));
    if (!checked || checked.success) return payload;
    const fields = checked.error.issues.map((i) => `${i.path.join('.') || '(the answer)'}: ${i.message}`).join('; ');
    throw new Error(`${route} outside its declared schema: ${fields}`);
  });
}
