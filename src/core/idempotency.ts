import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.js';
import { addMessages } from './i18n.js';
import { refuse, refuseAs } from './problems.js';
import { deleteRows, findRow, updateRows } from './rows.js';
import { addMs, nowIso } from './time.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

addMessages({
  it: {
    'idempotency.reused.title': 'Chiave già usata',
    'idempotency.reused': 'Questa Idempotency-Key è già stata usata con dati diversi.',
    'idempotency.running': 'Una richiesta identica è ancora in corso: riprova tra poco.',
    'idempotency.tooLong': "L'intestazione Idempotency-Key supera i 200 caratteri.",
  },
  en: {
    'idempotency.reused.title': 'Key already used',
    'idempotency.reused': 'This Idempotency-Key has already been used with different data.',
    'idempotency.running': 'An identical request is still in progress: try again shortly.',
    'idempotency.tooLong': 'The Idempotency-Key header is longer than 200 characters.',
  },
});

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Honours an `Idempotency-Key` header on a write: the first request runs and its response is
 * stored; a retry with the same key and body gets the same response (header
 * `Idempotent-Replayed: true`) without running again. A placeholder row is inserted first, so two
 * identical requests racing each other cannot both run: the second gets 409 until the first ends.
 * Failed requests (4xx) are not stored, so the client can correct and retry with the same key.
 */
export async function withIdempotency(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  run: () => Promise<StoredResponse>,
): Promise<FastifyReply> {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key) {
    const res = await run();
    return reply.code(res.status).send(res.body);
  }
  if (key.length > 200) throw refuse(400, 'idempotency.tooLong');
  const hash = createHash('sha256')
    .update(JSON.stringify(req.body ?? null))
    .digest('hex');
  const now = nowIso();
  const inserted = await db.k
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: hash, status_code: null, response: null, created_at: now })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    const existing = await findRow(db, 'idempotency_keys', { scope, key });
    if (existing && existing.created_at < addMs(now, -IDEMPOTENCY_TTL_MS)) {
      await deleteRows(db, 'idempotency_keys', { scope, key });
      return withIdempotency(db, req, reply, scope, run);
    }
    if (!existing) return withIdempotency(db, req, reply, scope, run);
    if (existing.request_hash !== hash) throw refuseAs(422, 'idempotency.reused.title', 'idempotency.reused');
    if (existing.status_code === null) throw refuse(409, 'idempotency.running');
    reply.header('idempotent-replayed', 'true');
    return reply.code(existing.status_code).send(existing.response ? JSON.parse(existing.response) : undefined);
  }
  let res: StoredResponse;
  try {
    res = await run();
  } catch (err) {
    await deleteRows(db, 'idempotency_keys', { scope, key });
    throw err;
  }
  await updateRows(db, 'idempotency_keys', { scope, key }, { status_code: res.status, response: JSON.stringify(res.body ?? null) });
  return reply.code(res.status).send(res.body);
}
