import type { Deps } from '../../core/deps.js';
import { newId } from '../../core/ids.js';
import { nowIso } from '../../core/time.js';
import { privateTarget } from './addresses.js';
import * as repo from './repo.js';
import { decryptSecret } from './secrets.js';
import {
  DELIVERY_TIMEOUT_MS,
  deliveryBody,
  eventsOf,
  isWebhookEvent,
  PING_TYPE,
  purgeDeliveries,
  queueDelivery,
  WEBHOOK_DELIVER_KIND,
  WEBHOOK_EMIT_KIND,
  WEBHOOK_MAX_ATTEMPTS,
} from './service.js';
import { signatureHeader } from './signing.js';

/**
 * Webhooks through the job table. A change (a booking, a check-in) enqueues one emit job in its
 * own transaction; the emit job writes one delivery row and one delivery job per subscription
 * that wants the event, in one transaction; each delivery job POSTs and is retried with the
 * queue's back-off until the receiver answers 2xx or the attempts run out.
 */

/** Keys that would carry personal data; dropped from every body whatever the emitter passed. */
const PERSONAL = /name|mail|phone|telefono|nome|address|indirizzo|comment/i;

/** Ids, statuses and counts only: scalar values under keys that are not personal. */
export function safeData(data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!data || typeof data !== 'object') return out;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (PERSONAL.test(k)) continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

interface EmitPayload {
  organisationId?: unknown;
  type?: unknown;
  data?: unknown;
  occurredAt?: unknown;
}

/**
 * Fans an occurrence out to the organisation's active subscriptions to its type. The occurrence's
 * id (the body's `id`) is the emit job's id: the same for every subscription that receives it.
 */
export async function fanOut(deps: Pick<Deps, 'db'>, payload: EmitPayload, occurrenceId: string): Promise<number> {
  const { organisationId, type } = payload;
  if (typeof organisationId !== 'string' || !isWebhookEvent(type)) return 0;
  const subs = await repo.activeSubscriptions(deps.db, organisationId);
  const targets = subs.filter((s) => eventsOf(s.events).includes(type));
  if (targets.length === 0) return 0;
  const now = nowIso();
  const occurredAt = typeof payload.occurredAt === 'string' ? payload.occurredAt : now;
  const body = deliveryBody(occurrenceId, type, occurredAt, organisationId, safeData(payload.data));
  await deps.db.k.transaction().execute(async (trx) => {
    for (const s of targets) {
      await queueDelivery(trx, {
        id: newId(),
        organisation_id: organisationId,
        subscription_id: s.id,
        event_type: type,
        body,
        created_at: now,
      });
    }
    await purgeDeliveries(
      trx,
      targets.map((s) => s.id),
      now,
    );
  });
  return targets.length;
}

/** A short Italian reason for the delivery log, from what fetch threw. */
function describeFailure(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `Nessuna risposta entro ${DELIVERY_TIMEOUT_MS / 1000} secondi`;
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'Connessione rifiutata dal server (ECONNREFUSED)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Server non trovato (${code})`;
  const detail = code ?? e?.cause?.message ?? e?.message ?? String(err);
  return `Invio non riuscito (${String(detail).slice(0, 200)})`;
}

/**
 * One attempt of one delivery. Records the attempt in the log, then throws when it failed so the
 * queue tries again later; the last failed attempt marks the delivery failed. Failures that no
 * retry can fix (a private address in production, an unreadable secret) end it at once.
 */
export async function deliver(deps: Pick<Deps, 'db' | 'config'>, deliveryId: string, attempt: number): Promise<void> {
  const { db, config } = deps;
  const row = await repo.deliveryToSend(db, deliveryId);
  // Deleted with its subscription, or already finished: nothing left to do.
  if (row?.status !== 'pending') return;
  const record = (set: {
    status: 'pending' | 'delivered' | 'failed';
    response_status?: number | null;
    last_error?: string | null;
    delivered_at?: string | null;
  }) =>
    repo.recordAttempt(db, deliveryId, { attempts: attempt, last_attempt_at: nowIso(), response_status: null, last_error: null, ...set });

  if (Number(row.active) !== 1 && row.event_type !== PING_TYPE) {
    await record({ status: 'failed', last_error: 'Webhook in pausa: consegna annullata' });
    return;
  }
  let secret: string;
  try {
    secret = decryptSecret(config, row.secret);
  } catch {
    await record({ status: 'failed', last_error: 'Segreto di firma illeggibile (è cambiata DATA_KEY?): rigenera il segreto' });
    return;
  }
  const url = new URL(row.url);
  if (!config.webhookAllowPrivate) {
    let refused: string | null;
    try {
      refused = await privateTarget(url.hostname);
    } catch (err) {
      refused = null;
      const error = describeFailure({ cause: err });
      await record({ status: attempt >= WEBHOOK_MAX_ATTEMPTS ? 'failed' : 'pending', last_error: error });
      throw new Error(`webhook delivery ${deliveryId}: ${error}`);
    }
    if (refused) {
      await record({ status: 'failed', last_error: 'Indirizzo di una rete privata: consegna non consentita' });
      return;
    }
  }

  const timestamp = Math.floor(Date.parse(nowIso()) / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Ponte-Webhooks',
        'Ponte-Event': row.event_type,
        'Ponte-Delivery': row.id,
        'Ponte-Signature': signatureHeader(secret, row.body, timestamp),
      },
      body: row.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    status = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (status >= 300 && status < 400) error = `Reindirizzamento non seguito (HTTP ${status})`;
    else if (status < 200 || status >= 300) error = `Risposta HTTP ${status}`;
  } catch (err) {
    error = describeFailure(err);
  }
  if (error === null) {
    await record({ status: 'delivered', response_status: status, delivered_at: nowIso() });
    return;
  }
  await record({ status: attempt >= WEBHOOK_MAX_ATTEMPTS ? 'failed' : 'pending', response_status: status, last_error: error });
  throw new Error(`webhook delivery ${deliveryId}: ${error}`);
}

export function registerWebhookJobs(deps: Deps): void {
  deps.jobs.register(WEBHOOK_EMIT_KIND, async (payload, job) => {
    await fanOut(deps, (payload ?? {}) as EmitPayload, job.id);
  });
  deps.jobs.register(WEBHOOK_DELIVER_KIND, async (payload, job) => {
    const { deliveryId } = (payload ?? {}) as { deliveryId?: string };
    if (typeof deliveryId === 'string') await deliver(deps, deliveryId, job.attempts);
  });
}
