import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { refuse } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import type { ProcessView } from '../processes/schemas.js';
import * as processes from '../processes/service.js';
import { IMAGE_MAX_BYTES, type ImageUpload, submitProposal } from '../proposals/service.js';
import { CheckMailPage, NewProposalPage } from '../proposals/views.js';

type ProcessRoute = { Params: { processId: string }; Body: FormBody | undefined };

/** What the bytes are, whatever the browser said: JPEG and PNG are known by their first bytes. */
function sniff(data: Buffer): string {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return 'application/octet-stream';
}

/**
 * The proposal form, sent as multipart (it may carry an image of at most 2 MB) or, without an
 * image, urlencoded. Multipart is parsed only in this plugin; a larger file is a 413.
 */
export function registerProposalForm(app: FastifyInstance, deps: Deps, names: (p: ProcessView) => Promise<Map<string, string>>): void {
  const { db } = deps;
  app.get<ProcessRoute>('/partecipa/processi/:processId/proposte/nuova', { config: { access: PUBLIC } }, async (req, reply) => {
    const process = await processes.getPublicProcess(db, req.params.processId);
    if (process.status !== 'published') throw refuse(409, 'participation.error.processClosed');
    return sendPage(reply, NewProposalPage({ ctx: pageContext(req, reply), process, names: await names(process) }));
  });

  app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: IMAGE_MAX_BYTES, fieldSize: 64 * 1024, files: 1, fields: 20, parts: 25 },
    });
    scope.setErrorHandler((error, _req, _reply) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
        throw refuse(413, 'participation.check.imageSize');
      }
      throw error;
    });
    scope.post<ProcessRoute>('/partecipa/processi/:processId/proposte', { config: publicWriteConfig(deps) }, async (req, reply) => {
      const process = await processes.getPublicProcess(db, req.params.processId);
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const file = raw.image;
      const upload: ImageUpload | null = Buffer.isBuffer(file) && file.length > 0 ? { data: file, mime: sniff(file) } : null;
      const body: FormBody = Object.fromEntries(
        Object.entries(raw).filter(([k, v]) => k !== 'image' && (typeof v === 'string' || Array.isArray(v))),
      ) as FormBody;
      const input = {
        title: formText(body, 'title'),
        body: formText(body, 'body'),
        municipality: formText(body, 'municipality'),
        category: formText(body, 'category'),
        email: formText(body, 'email'),
        name: formText(body, 'name') || null,
        website: formText(body, 'website'),
      };
      return formAction(
        async () => {
          await submitProposal(deps, process.id, input, req.lang, upload);
          return sendPage(
            reply,
            CheckMailPage({ ctx: pageContext(req, reply), process, what: 'proposal', back: `/partecipa/processi/${process.id}` }),
            201,
          );
        },
        async (errors, status) =>
          sendPage(
            reply,
            NewProposalPage({ ctx: pageContext(req, reply), process, names: await names(process), values: body, errors }),
            status,
          ),
        req.lang,
      );
    });
  });
}
