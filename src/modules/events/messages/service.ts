import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../../core/deps.js';
import { pickLang } from '../../../core/i18n.js';
import { isId, newId } from '../../../core/ids.js';
import { enqueueJob } from '../../../core/jobs.js';
import { type FieldError, fieldError, refuse } from '../../../core/problems.js';
import { enqueueSms, registerRenderedSms } from '../../../core/sms.js';
import { SMS_LIMITS, smsLength, toGsm7 } from '../../../core/sms-text.js';
import { addMs, nowIso } from '../../../core/time.js';
import { visibleText, zodErrors } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { Database, RegistrationTable } from '../../../db/schema.js';
import { smsReachable } from '../booking/sms-jobs.js';
import { manageToken } from '../booking-keys.js';
import { refuseTitled } from '../refusals.js';
import * as repo from '../repo.js';
import { getEvent, manageUrl } from '../service.js';
import { renderEventMessage } from './emails.js';

/**
 * Staff write to the people of an event, chosen by where they stand: booked, checked in, not come
 * (no-show) or waiting. One `event_messages` row keeps what was written; one job per recipient
 * carries only the message's and the registration's ids, and the e-mail is rendered when it is
 * sent, from the registration as it is then (a person who cancelled or erased their data in the
 * meantime gets nothing).
 *
 * The groups:
 * - booked: confirmed registrations. Offered ones are not booked yet: they belong to "waiting".
 * - checked-in: confirmed registrations with at least one check-in (any session).
 * - no-show: confirmed registrations without a check-in, once the event's first session started
 *   (before that nobody is missing yet).
 * - waiting: waitlisted registrations and those holding an offer they have not answered.
 * Cancelled and anonymised registrations are never written to. People who left a mobile number and
 * no e-mail get the message's SMS text, when staff write one; the others without an e-mail are
 * left to staff to call.
 *
 * The SMS text must fit one SMS: 160 characters in the GSM-7 alphabet (after È → E' and
 * typographic quotes → plain ones, which cost nothing), or 70 when it keeps a character GSM-7
 * lacks, such as an emoji. One SMS arrives whole on every phone, old ones included, while the
 * parts of a longer one may show apart or out of order; it also costs one SMS per person.
 */

export const MESSAGE_KIND = 'events.message';

export const MESSAGE_AUDIENCES = ['booked', 'checked-in', 'no-show', 'waiting'] as const;
export type MessageAudience = (typeof MESSAGE_AUDIENCES)[number];

export const SUBJECT_MAX = 150;
export const BODY_MAX = 5000;
/** The most characters the form takes for the SMS text; the rule is one SMS (see above), checked after. */
export const SMS_INPUT_MAX = 1000;
/** The kind of the SMS jobs of a message (core/sms.ts renders them through registerMessageJobs). */
export const MESSAGE_SMS_KIND = 'events.message';
/** Messages an event may send in 24 hours: a guard for citizens' mailboxes against a slip of the hand. */
export const DAILY_MESSAGES = 10;

/** The shape of the API body (types only); the values are checked by `sendMessage`, which answers 422. */
export const MessageBody = z.object({
  statuses: z.array(z.string().max(40)).max(10),
  subject: z.string().max(2000),
  body: z.string().max(20_000),
  /** For people who left a mobile number and no e-mail: one SMS (160 GSM-7 characters, 70 otherwise). */
  sms: z.string().max(20_000).optional(),
});

const MessageInput = z.object({
  statuses: z
    .array(z.enum(MESSAGE_AUDIENCES, { message: 'msg.field.statuses.unknown' }))
    .min(1, { message: 'msg.field.statuses.min' })
    .max(4),
  subject: visibleText(
    z
      .string()
      .trim()
      .min(1, { message: 'msg.field.subject.min' })
      .max(SUBJECT_MAX, { message: 'msg.field.subject.max' })
      .refine((s) => !/[\r\n]/.test(s), { message: 'msg.field.subject.line' }),
  ),
  body: z.string().trim().min(1, { message: 'msg.field.body.min' }).max(BODY_MAX, { message: 'msg.field.body.max' }),
  sms: z.string().trim().max(SMS_INPUT_MAX, { message: 'msg.field.sms.max' }).optional(),
});
export type MessageInput = z.input<typeof MessageInput>;

type Executor = Kysely<Database> | Transaction<Database>;

interface Candidate {
  id: string;
  status: RegistrationTable['status'];
  email: string | null;
  phone: string | null;
  anonymised_at: string | null;
  checked_in: unknown;
}

/** The groups a registration belongs to now (empty for cancelled ones). */
function groupsOf(r: Pick<Candidate, 'status' | 'checked_in'>, started: boolean): MessageAudience[] {
  if (r.status === 'waitlisted' || r.status === 'offered') return ['waiting'];
  if (r.status !== 'confirmed') return [];
  const checked = Number(r.checked_in) > 0 || r.checked_in === true;
  return checked ? ['booked', 'checked-in'] : started ? ['booked', 'no-show'] : ['booked'];
}

/** Every registration of the event that might be written to, with whether it was checked in. */
async function candidates(k: Executor, eventId: string): Promise<Candidate[]> {
  return k
    .selectFrom('registrations')
    .select((eb) => [
      'registrations.id',
      'registrations.status',
      'registrations.email',
      'registrations.phone',
      'registrations.anonymised_at',
      eb
        .exists(
          eb.selectFrom('event_checkins').select('event_checkins.id').whereRef('event_checkins.registration_id', '=', 'registrations.id'),
        )
        .as('checked_in'),
    ])
    .where('registrations.event_id', '=', eventId)
    .where('registrations.status', '<>', 'cancelled')
    .where('registrations.anonymised_at', 'is', null)
    .orderBy('registrations.id')
    .execute();
}

export interface AudienceCount {
  audience: MessageAudience;
  /** People with an e-mail: they receive the message. */
  reachable: number;
  /** People who left only a phone number: staff may call them. */
  withoutEmail: number;
}

export interface AudienceSummary {
  /** Whether the first session has started (before that, "no-show" is empty by definition). */
  started: boolean;
  counts: AudienceCount[];
}

async function startedAt(db: Db, eventId: string): Promise<boolean> {
  const row = await repo.eventRow(db, eventId);
  if (!row) throw refuse(404, 'msg.problem.event');
  return row.starts_at <= nowIso();
}

/** How many people each group reaches, and how many of them have no e-mail. */
export async function audienceSummary(db: Db, eventId: string): Promise<AudienceSummary> {
  if (!isId(eventId)) throw refuse(404, 'msg.problem.event');
  const started = await startedAt(db, eventId);
  const rows = await candidates(db.k, eventId);
  const counts = MESSAGE_AUDIENCES.map((audience) => ({ audience, reachable: 0, withoutEmail: 0 }));
  for (const r of rows) {
    for (const g of groupsOf(r, started)) {
      const c = counts[MESSAGE_AUDIENCES.indexOf(g)];
      if (r.email) c.reachable++;
      else c.withoutEmail++;
    }
  }
  return { started, counts };
}

export interface MessageView {
  id: string;
  statuses: MessageAudience[];
  subject: string;
  body: string;
  /** The text sent by SMS to people with only a mobile number, if any. */
  sms: string | null;
  recipients: number;
  createdAt: string;
}

/** The SMS as it leaves: in GSM-7 where a spelling exists (È → E'), on one line. */
export function messageSmsText(text: string): string {
  return toGsm7(text).replace(/\s+/g, ' ').trim();
}

/** Why an SMS text does not fit one SMS, or null when it does (see the rule at the top). */
function smsTextError(text: string | undefined): FieldError | null {
  if (!text) return null;
  const length = smsLength(messageSmsText(text));
  if (length.segments <= 1) return null;
  const max = SMS_LIMITS[length.encoding].single;
  const key = length.encoding === 'GSM-7' ? 'msg.field.sms.long' : 'msg.field.sms.long.ucs2';
  return fieldError('sms', key, { n: length.units, max });
}

function parseInput(input: unknown): z.output<typeof MessageInput> {
  const result = MessageInput.safeParse(input);
  const sms = smsTextError(result.success ? result.data.sms : undefined);
  if (result.success && !sms) {
    return { ...result.data, statuses: [...new Set(result.data.statuses)] };
  }
  const errors: FieldError[] = result.success
    ? []
    : zodErrors(result.error).map((e) => ({
        ...e,
        // One message per field, named by the field (statuses.0 → statuses).
        field: e.field.replace(/^statuses\.\d+$/, 'statuses'),
      }));
  if (sms) errors.push(sms);
  throw refuse(422, 'msg.problem.invalid', undefined, errors);
}

/**
 * Writes to the chosen groups: one message row and one job per recipient, in one transaction.
 * A message that would reach nobody is refused (422) and nothing is written.
 */
export async function sendMessage(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  userId: string | null,
  input: unknown,
): Promise<{ id: string; recipients: number }> {
  const { db } = deps;
  if (!isId(eventId)) throw refuse(404, 'msg.problem.event');
  const data = parseInput(input);
  const event = await repo.eventRow(db, eventId);
  if (!event) throw refuse(404, 'msg.problem.event');
  const now = nowIso();
  const recent = await db.k
    .selectFrom('event_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('created_at', '>', addMs(now, -86_400_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= DAILY_MESSAGES) {
    throw refuseTitled(429, 'msg.problem.tooMany.title', 'msg.problem.tooMany', { n: DAILY_MESSAGES });
  }
  const started = event.starts_at <= now;
  const id = newId();
  const recipients = await db.k.transaction().execute(async (trx) => {
    const inGroups = (await candidates(trx, eventId)).filter((r) => groupsOf(r, started).some((g) => data.statuses.includes(g)));
    const chosen = inGroups.filter((r) => !!r.email);
    // Without an e-mail, a mobile number gets the SMS text when there is one.
    const bySms = data.sms ? inGroups.filter((r) => !r.email && smsReachable(r.phone)) : [];
    if (chosen.length + bySms.length === 0) {
      throw refuse(422, 'msg.problem.nobody', undefined, [fieldError('statuses', 'msg.field.statuses.nobody')]);
    }
    await trx
      .insertInto('event_messages')
      .values({
        id,
        organisation_id: event.organisation_id,
        event_id: eventId,
        audience: JSON.stringify(data.statuses),
        subject: data.subject,
        body: data.body,
        sms: data.sms || null,
        recipients: chosen.length + bySms.length,
        created_by: userId,
        created_at: now,
      })
      .execute();
    for (const r of chosen) {
      await enqueueJob(trx, MESSAGE_KIND, { messageId: id, registrationId: r.id }, { dedupeKey: `message:${id}:${r.id}` });
    }
    for (const r of bySms) {
      // The key starts as every SMS of a booking's does, so erasing the booking drops it too.
      await enqueueSms(trx, MESSAGE_SMS_KIND, { messageId: id, registrationId: r.id }, { dedupeKey: `sms:reg:${r.id}:message:${id}` });
    }
    return chosen.length + bySms.length;
  });
  return { id, recipients };
}

/** The event's messages, the latest first. */
export async function listMessages(db: Db, eventId: string): Promise<{ items: MessageView[] }> {
  if (!isId(eventId)) throw refuse(404, 'msg.problem.event');
  const rows = await db.k
    .selectFrom('event_messages')
    .select(['id', 'audience', 'subject', 'body', 'sms', 'recipients', 'created_at'])
    .where('event_id', '=', eventId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      statuses: JSON.parse(r.audience) as MessageAudience[],
      subject: r.subject,
      body: r.body,
      sms: r.sms ?? null,
      recipients: Number(r.recipients),
      createdAt: r.created_at,
    })),
  };
}

/** The job: renders and sends one message to one registration, if it still belongs to a chosen group. */
export async function deliverMessage(deps: Deps, messageId: string, registrationId: string): Promise<boolean> {
  const { db, config } = deps;
  const message = await db.k.selectFrom('event_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!message) return false;
  const [reg] = await db.k
    .selectFrom('registrations')
    .selectAll()
    .select((eb) =>
      eb
        .exists(
          eb.selectFrom('event_checkins').select('event_checkins.id').whereRef('event_checkins.registration_id', '=', 'registrations.id'),
        )
        .as('checked_in'),
    )
    .where('registrations.id', '=', registrationId)
    .where('registrations.event_id', '=', message.event_id)
    .execute();
  if (!reg?.email || reg.anonymised_at) return false;
  const event = await getEvent(db, message.event_id, { includeDrafts: true });
  const audience = JSON.parse(message.audience) as MessageAudience[];
  const groups = groupsOf(reg, event.start <= nowIso()).filter((g) => audience.includes(g));
  if (groups.length === 0) return false;
  // The most specific reason first: "you came" says more than "you booked".
  const reason = (['checked-in', 'no-show', 'waiting', 'booked'] as const).find((g) => groups.includes(g)) as MessageAudience;
  await deps.mailer.send(
    renderEventMessage({
      lang: pickLang(reg.lang) ?? 'it',
      to: reg.email,
      name: reg.name,
      subject: message.subject,
      body: message.body,
      reason,
      event,
      manageLink: `${config.baseUrl}${manageUrl(reg.id, manageToken(config, reg.id))}`,
      eventLink: `${config.baseUrl}${event.page}`,
    }),
  );
  return true;
}

/** The SMS of a message to one registration: its text as it leaves, if the person still has only a phone and belongs to a chosen group. */
export async function renderMessageSms(deps: Deps, messageId: string, registrationId: string) {
  const { db } = deps;
  const message = await db.k.selectFrom('event_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!message?.sms) return null;
  const [reg] = await candidates(db.k, message.event_id).then((rows) => rows.filter((r) => r.id === registrationId));
  if (!reg || reg.email || !smsReachable(reg.phone)) return null;
  const event = await repo.eventRow(db, message.event_id);
  const audience = JSON.parse(message.audience) as MessageAudience[];
  if (!event || !groupsOf(reg, event.starts_at <= nowIso()).some((g) => audience.includes(g))) return null;
  return { to: reg.phone as string, text: messageSmsText(message.sms) };
}

export function registerMessageJobs(deps: Deps): void {
  deps.jobs.register(MESSAGE_KIND, async (payload) => {
    const { messageId, registrationId } = payload as { messageId: string; registrationId: string };
    await deliverMessage(deps, messageId, registrationId);
  });
  if (deps.sms) {
    registerRenderedSms<{ messageId: string; registrationId: string }>(deps, MESSAGE_SMS_KIND, (p) =>
      renderMessageSms(deps, p.messageId, p.registrationId),
    );
  }
}
