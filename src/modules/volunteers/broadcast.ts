import { z } from 'zod';
import { audit } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { enqueueJob } from '../../core/jobs.js';
import { registerRenderedMail } from '../../core/mail.js';
import { fieldError, refuse } from '../../core/problems.js';
import { parse } from '../../core/validation.js';
import { getMember } from '../accounts/service.js';
import * as repo from './repo.js';
import * as training from './repo-training.js';
import { SKILLS } from './schemas.js';

/**
 * Messages from staff to their volunteers, chosen by role (in affiancamento or not), by skill or by
 * shift. Each recipient's e-mail is a job of its own (core/mail.ts), rendered from the account when
 * it runs; the message itself is in the audit log, with how many it went to.
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

/** Sends the message; answers how many volunteers it went to (by e-mail: every volunteer account has one). */
export async function sendMessage(
  deps: Deps,
  by: Principal | null,
  organisationId: string,
  input: unknown,
): Promise<{ recipients: number; email: number }> {
  const data = parse(MessageCreate, input);
  const to = await recipients(deps, organisationId, data);
  await deps.db.k.transaction().execute(async (trx) => {
    for (const v of to) {
      await enqueueJob(trx, MESSAGE_MAIL_JOB, { volunteerId: v.id, subject: data.subject, body: data.body });
    }
    await audit(trx, {
      action: 'volunteers.message-sent',
      entity: 'organisation',
      entityId: organisationId,
      userId: by?.userId ?? null,
      organisationId,
      details: { subject: data.subject, role: data.role, skill: data.skill ?? null, shift: data.shift ?? null, recipients: to.length },
    });
  });
  return { recipients: to.length, email: to.length };
}

export function registerMessageJobs(deps: Deps): void {
  registerRenderedMail<{ volunteerId: string; subject: string; body: string }>(deps.jobs, deps.mailer, MESSAGE_MAIL_JOB, async (p) => {
    const v = await repo.volunteer(deps.db, p.volunteerId);
    if (v?.active !== 1) return null;
    const person = await getMember(deps.db, v.organisation_id, v.user_id).catch(() => null);
    if (!person) return null;
    return { to: person.email, subject: p.subject, text: `${p.body}\n\n${deps.config.baseUrl}/turni` };
  });
}
