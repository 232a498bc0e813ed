/** Tables owned by core: the job table, the audit log and idempotency keys (src/core). Conventions in ../schema.ts. */

export interface AuditTable {
  id: string;
  at: string;
  user_id: string | null;
  organisation_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: string | null;
}

export interface JobTable {
  id: string;
  kind: string;
  /** JSON text. */
  payload: string;
  run_at: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  /** At most one job per key ever (e.g. one reminder per registration). */
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
  /** The request that enqueued the job (its log lines carry it), when one did. */
  request_id: string | null;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  /** null while the first request is still being handled. */
  status_code: number | null;
  response: string | null;
  created_at: string;
}
