import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Deps } from '../../../core/deps.js';
import { hasMessage, type Lang, pickLang, t } from '../../../core/i18n.js';
import { newId, newToken } from '../../../core/ids.js';
import { enqueueJob } from '../../../core/jobs.js';
import { keyRing, tokenHash } from '../../../core/keys.js';
import { registerRenderedMail } from '../../../core/mail.js';
import { mobileE164 } from '../../../core/phone.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { enqueueSms, registerRenderedSms } from '../../../core/sms.js';
import { addMs, nowIso } from '../../../core/time.js';
import type { Database, ParticipationConfirmationTable } from '../../../db/schema.js';
import * as repo from './repo.js';

/**
 * Confirmation of a citizen who acts without an account (a proposal, a support, a comment, a
 * survey response). How to use it from another part of the module:
 *  1. store your subject unconfirmed, then `requestConfirmation(deps, { organisationId, processId,
 *     kind: 'surveys.response', subjectId, contact: { email } | { phone }, locale }, trx)` in the same transaction;
 *  2. register once, in the module's jobs: `onConfirmed('surveys.response', async ({ trx, confirmation }) => …)`,
 *     which marks your subject confirmed inside the confirmation's transaction and answers an outcome;
 *  3. for one-per-person rules compare `contactHash(deps, contact)` with what you stored;
 *  4. add `participation.confirm.what.<kind>` to your messages: the e-mail and SMS say what is confirmed.
 * The e-mail carries a link `/partecipa/conferma/<token>`; the SMS a 6-digit code entered at `/partecipa/conferma`.
 */

export type Contact = { email: string } | { phone: string };
type Executor = Kysely<Database> | Transaction<Database>;

export const CONFIRM_MAIL_JOB = 'participation.confirm-mail';
export const CONFIRM_SMS = 'participation.confirm-code';
const LINK_HOURS = 48;
const CODE_MINUTES = 30;
const MAX_CODE_ATTEMPTS = 5;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The contact as it is compared: an e-mail in lower case, a mobile number in E.164; a 422 when it is neither. */
export function normaliseContact(contact: Contact): { channel: 'email' | 'sms'; value: string } {
  if ('email' in contact) {
    const value = String(contact.email ?? '')
      .trim()
      .toLowerCase();
    if (value.length > 254 || !EMAIL.test(value))
      throw refuse(422, 'participation.error.fields', undefined, [fieldError('email', 'participation.check.email')]);
    return { channel: 'email', value };
  }
  const value = mobileE164(String(contact.phone ?? ''));
  if (!value) throw refuse(422, 'participation.error.fields', undefined, [fieldError('phone', 'participation.check.phone')]);
  return { channel: 'sms', value };
}

/** The keyed hash of a normalised contact: the same person, across kinds, never readable. */
export function contactHash(deps: Pick<Deps, 'config'>, contact: Contact): string {
  return keyRing(deps.config).personalHash(`participation.contact:${normaliseContact(contact).value}`);
}

const codeHash = (deps: Pick<Deps, 'config'>, id: string, code: string) =>
  createHmac('sha256', keyRing(deps.config).current.sub('ponte/participation/sms-code')).update(`${id}:${code}`).digest('hex');

export interface ConfirmationRequest {
  organisationId: string;
  processId?: string | null;
  kind: string;
  subjectId: string;
  contact: Contact;
  locale: Lang;
}

/**
 * Stores the pending confirmation and queues its e-mail or SMS, in `executor`'s transaction when
 * given. Answers the link's token (e-mail) or the code (SMS) for the caller's tests; never send it
 * back to the client.
 */
export async function requestConfirmation(
  deps: Pick<Deps, 'config' | 'db'>,
  req: ConfirmationRequest,
  executor: Executor = deps.db.k,
): Promise<{ id: string; channel: 'email' | 'sms'; contactHash: string; token: string; code: string | null }> {
  const { channel, value } = normaliseContact(req.contact);
  const id = newId();
  const token = newToken();
  const code = channel === 'sms' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null;
  const now = nowIso();
  const ring = keyRing(deps.config);
  const row: ParticipationConfirmationTable = {
    id,
    organisation_id: req.organisationId,
    process_id: req.processId ?? null,
    kind: req.kind,
    subject_id: req.subjectId,
    channel,
    contact_hash: contactHash(deps, req.contact),
    contact_sealed: ring.encrypt(JSON.stringify(channel === 'email' ? { to: value, token } : { to: value, code })),
    token_hash: tokenHash(token),
    code_hash: code ? codeHash(deps, id, code) : null,
    attempts: 0,
    lang: req.locale,
    expires_at: addMs(now, channel === 'email' ? LINK_HOURS * 3_600_000 : CODE_MINUTES * 60_000),
    confirmed_at: null,
    created_at: now,
  };
  await repo.insertConfirmation(executor, row);
  if (channel === 'email')
    await enqueueJob(executor, CONFIRM_MAIL_JOB, { confirmationId: id }, { dedupeKey: `participation.confirm:${id}` });
  // A code is useful now or never: it leaves at any hour.
  else await enqueueSms(executor, CONFIRM_SMS, { confirmationId: id }, { anyHour: true, dedupeKey: `participation.confirm:${id}` });
  return { id, channel, contactHash: row.contact_hash, token, code };
}

export interface ConfirmedContext {
  trx: Transaction<Database>;
  deps: Deps;
  confirmation: { id: string; kind: string; subjectId: string; organisationId: string; processId: string | null; contactHash: string };
}

/** What the confirmation did, for the page the link opens: a message key, and where to go next. */
export interface ConfirmOutcome {
  status: 'confirmed' | 'already';
  /** Dictionary key of the page's message. */
  message: string;
  /** The page of the confirmed subject. */
  link?: string;
}

type ConfirmedHandler = (ctx: ConfirmedContext) => Promise<ConfirmOutcome>;
const handlers = new Map<string, ConfirmedHandler>();

/** Registers what confirming a kind does (one handler per kind; registering again replaces it). */
export function onConfirmed(kind: string, handler: ConfirmedHandler): void {
  handlers.set(kind, handler);
}

/**
 * Claims the confirmation and runs its kind's handler in one transaction: two clicks of the same
 * link confirm once; a handler's refusal leaves the confirmation unclaimed.
 */
async function confirm(deps: Deps, row: ParticipationConfirmationTable): Promise<ConfirmOutcome & { kind: string }> {
  const handler = handlers.get(row.kind);
  if (!handler) throw new Error(`no confirmation handler for ${row.kind}`);
  const outcome = await deps.db.k.transaction().execute(async (trx) => {
    if (!(await repo.claim(trx, row.id, nowIso()))) return null;
    const confirmation = {
      id: row.id,
      kind: row.kind,
      subjectId: row.subject_id,
      organisationId: row.organisation_id,
      processId: row.process_id,
      contactHash: row.contact_hash,
    };
    return handler({ trx, deps, confirmation });
  });
  return { kind: row.kind, ...(outcome ?? { status: 'already', message: 'participation.confirm.already' }) };
}

/** The link of the e-mail: 404 unknown, 410 expired, otherwise what the kind's handler answered. */
export async function confirmByToken(deps: Deps, token: string): Promise<ConfirmOutcome & { kind: string }> {
  const row = token && token.length <= 200 ? await repo.byTokenHash(deps.db, tokenHash(token)) : undefined;
  if (!row) throw refuse(404, 'participation.confirm.unknown');
  if (row.confirmed_at) return { kind: row.kind, status: 'already', message: 'participation.confirm.already' };
  if (row.expires_at <= nowIso()) throw refuse(410, 'participation.confirm.expired');
  return confirm(deps, row);
}

/** The SMS code typed with the phone number: 422 wrong (5 tries), 404 when nothing waits for that number. */
export async function confirmByCode(deps: Deps, phone: string, code: string): Promise<ConfirmOutcome & { kind: string }> {
  const hash = contactHash(deps, { phone });
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) throw refuse(422, 'participation.error.fields', undefined, [fieldError('code', 'participation.check.code')]);
  const pending = (await repo.pendingCodes(deps.db, hash, nowIso())).filter((r) => r.attempts < MAX_CODE_ATTEMPTS);
  if (pending.length === 0) throw refuse(404, 'participation.confirm.noCode');
  const match = pending.find((r) => {
    const a = Buffer.from(codeHash(deps, r.id, typed));
    const b = Buffer.from(r.code_hash ?? '');
    return a.length === b.length && timingSafeEqual(a, b);
  });
  if (!match) {
    await repo.countAttempt(
      deps.db,
      pending.map((r) => r.id),
    );
    throw refuse(422, 'participation.error.fields', undefined, [fieldError('code', 'participation.check.codeWrong')]);
  }
  return confirm(deps, match);
}

/** What the message says is being confirmed: the kind's own words when it has them. */
function what(lang: Lang, kind: string): string {
  const key = `participation.confirm.what.${kind}`;
  return hasMessage(key) ? t(lang, key) : t(lang, 'participation.confirm.what');
}

/** The e-mail and the SMS, rendered when the job runs from the confirmation as it is then. */
export function registerConfirmationJobs(deps: Deps): void {
  const sealed = async (id: string) => {
    const row = await repo.byId(deps.db, id);
    if (!row?.contact_sealed || row.confirmed_at || row.expires_at <= nowIso()) return null;
    const data = JSON.parse(keyRing(deps.config).decrypt(row.contact_sealed)) as { to: string; token?: string; code?: string };
    return { row, data, lang: pickLang(row.lang) ?? 'it' };
  };
  registerRenderedMail<{ confirmationId: string }>(deps.jobs, deps.mailer, CONFIRM_MAIL_JOB, async ({ confirmationId }) => {
    const found = await sealed(confirmationId);
    if (!found?.data.token) return null;
    const vars = {
      what: what(found.lang, found.row.kind),
      url: `${deps.config.baseUrl}/partecipa/conferma/${found.data.token}`,
      hours: LINK_HOURS,
    };
    return {
      to: found.data.to,
      subject: t(found.lang, 'participation.confirm.mail.subject'),
      text: t(found.lang, 'participation.confirm.mail.body', vars),
    };
  });
  if (deps.sms) {
    registerRenderedSms<{ confirmationId: string }>(deps, CONFIRM_SMS, async ({ confirmationId }) => {
      const found = await sealed(confirmationId);
      if (!found?.data.code) return null;
      const vars = { code: found.data.code, minutes: CODE_MINUTES };
      return { to: found.data.to, text: t(found.lang, 'participation.confirm.sms', vars) };
    });
  }
}

/** Deletes confirmations that expired unconfirmed (their encrypted contact with them). */
export async function forgetExpiredConfirmations(executor: Executor): Promise<number> {
  return repo.deleteExpired(executor, nowIso());
}

/** Deletes a process's confirmations (and their contacts' hashes): part of its erasure. */
export async function forgetConfirmationsOfProcess(executor: Executor, processId: string): Promise<number> {
  return repo.deleteOfProcess(executor, processId);
}

export { confirmedFor } from './repo.js';
