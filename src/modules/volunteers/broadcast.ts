import { z } from 'zod';
import { auditLog } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { newId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import { registerRenderedMail } from '../../core/mail.js';
import { fieldError, refuse } from '../../core/problems.js';
import { enqueueSms } from '../../core/sms.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import { getMember } from '../accounts/service.js';
import * as repo from './repo.js';
import * as training from './repo-training.js';
import { SKILLS } from './schemas.js';
import { MESSAGE_SMS, messageChannel } from './sms.js';

const organisationLog = auditLog('organisation');

/**
 * Messages from staff to their volunteers, chosen by role (in affiancamento or not), by skill or by
 * shift. The message is stored (volunteer_messages) with one row per volunteer reached and the
 * channel: by SMS to those who asked for SMS, or have a mobile number and no e-mail (sms.ts), by
 * e-mail to the others. Each recipient's e-mail or SMS is a job of its own holding the message's and
 * the volunteer's ids, rendered from the stored text when it runs; the volunteer's "I miei turni"
 * page shows the messages they received.
 */

export const MESSAGE_MAIL_JOB = 'volunteers.message-mail';

export const MessageCreate = z.object({
  subject: z.string().trim().min(1, 'volunteers.check.subject').max(150, 'volunteers.check.subject'),
  body: z.string().trim().min(1, 'volunteers.check.body').max(2000, 'volunteers.check.body'),
  role: z.enum(['all', 'trainee', 'experienced'], { message: 'volunteers.check.role' }).default('all'),
  skill: z.enum(SKILLS, { message: 'volunteers.check.skill' }).optional().nullable(),
  shift: z.string().uuid('volunteers.check.shift').optional().nullable(),
});
export type MessageInput = z.output<typeof MessageCreate>;

export interface MessageSent {
  /** The stored message's id. */
  id: string;
  recipients: number;
  email: number;
  sms: number;
}

/** The volunteers of the organisation a message reaches; a shift of another organisation is a 422. */
async function recipients(deps: Deps, organisationId: string, data: MessageInput): Promise<{ id: string; user_id: string }[]> {
  let onShift: Set<string> | undefined;
  if (data.shift) {
    const shift = await repo.shift(deps.db, data.shift);
    if (shift?.organisation_id !== organisationId) {
      throw refuse(422, 'volunteers.error.message', undefined, [fieldError('shift', 'volunteers.check.shift')]);
    }
    onShift = new Set(await training.volunteersOnShift(deps.db, data.shift));
  }
  return (await training.activeVolunteers(deps.db, organisationId)).filter(
    (v) =>
      (data.role === 'all' || (data.role === 'trainee') === (v.trainee === 1)) &&
      (!data.skill || (JSON.parse(v.skills) as string[]).includes(data.skill)) &&
      (!onShift || onShift.has(v.id)),
  );
}

/** Stores and sends the message; answers how many volunteers it went to, by e-mail and by SMS. */
export async function sendMessage(deps: Deps, by: Principal | null, organisationId: string, input: unknown): Promise<MessageSent> {
  const data = parse(MessageCreate, input);
  const to = await recipients(deps, organisationId, data);
  const contacts = new Map(
    (
      await repo.contactsOfVolunteers(
        deps.db,
        to.map((v) => v.id),
      )
    ).map((c) => [c.id, c]),
  );
  const reached = to.map((v) => ({ volunteerId: v.id, channel: messageChannel(contacts.get(v.id)) }));
  const sms = reached.filter((r) => r.channel === 'sms').length;
  const id = newId();
  await deps.db.k.transaction().execute(async (trx) => {
    const audience = { role: data.role, skill: data.skill ?? null, shift: data.shift ?? null };
    await repo.insertMessage(
      trx,
      {
        id,
        organisation_id: organisationId,
        subject: data.subject,
        body: data.body,
        audience: JSON.stringify(audience),
        sent_by: by?.userId ?? null,
        email_count: reached.length - sms,
        sms_count: sms,
        created_at: nowIso(),
      },
      reached,
    );
    for (const r of reached) {
      const ids = { messageId: id, volunteerId: r.volunteerId };
      if (r.channel === 'sms') await enqueueSms(trx, MESSAGE_SMS, ids, { dedupeKey: `volunteers.message-sms:${id}:${r.volunteerId}` });
      else await enqueueJob(trx, MESSAGE_MAIL_JOB, ids);
    }
    await organisationLog(trx, 'volunteers.message-sent', { id: organisationId, organisationId }, by, {
      message: id,
      subject: data.subject,
      ...audience,
      recipients: reached.length,
      sms,
    });
  });
  return { id, recipients: reached.length, email: reached.length - sms, sms };
}

/** The e-mail of a message, from the stored text (a job queued before messages were stored carries its own). */
export function registerMessageJobs(deps: Deps): void {
  type Payload = { volunteerId: string; messageId?: string; subject?: string; body?: string };
  registerRenderedMail<Payload>(deps.jobs, deps.mailer, MESSAGE_MAIL_JOB, async (p) => {
    const v = await repo.volunteer(deps.db, p.volunteerId);
    if (v?.active !== 1) return null;
    const stored = p.messageId ? await repo.messageTo(deps.db, p.messageId, p.volunteerId) : undefined;
    const subject = stored?.subject ?? p.subject;
    const body = stored?.body ?? p.body;
    if (!subject || !body) return null;
    const person = await getMember(deps.db, v.organisation_id, v.user_id).catch(() => null);
    if (!person?.email) return null;
    return { to: person.email, subject, text: `${body}\n\n${deps.config.baseUrl}/turni` };
  });
}

export interface SentMessage {
  id: string;
  subject: string;
  body: string;
  email: number;
  sms: number;
  sentAt: string;
}

/** The organisation's latest messages, newest first, with how many each reached by e-mail and by SMS. */
export async function sentMessages(deps: Pick<Deps, 'db'>, organisationId: string): Promise<SentMessage[]> {
  return (await repo.messagesOf(deps.db, organisationId, 10)).map((m) => ({
    id: m.id,
    subject: m.subject,
    body: m.body,
    email: Number(m.email_count),
    sms: Number(m.sms_count),
    sentAt: m.created_at,
  }));
}
