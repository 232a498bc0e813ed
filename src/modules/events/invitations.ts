import { auditLog } from '../../core/audit.js';
import type { Deps } from '../../core/deps.js';
import { t } from '../../core/i18n.js';
import { isId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import { registerRenderedMail } from '../../core/mail.js';
import { refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import { sessionLine } from './booking/emails.js';
import { MailParts } from './messages/emails.js';
import * as repo from './repo.js';
import { getEvent } from './service.js';

const eventLog = auditLog('event');

/**
 * The invitation e-mail of a course by invitation (visibility.ts): staff press "Invia gli inviti"
 * and everyone with an e-mail on the list is told of the course, with the link to book using that
 * address. Each person is written to once per course (the job's dedupe key is the contact's keyed
 * hash), so pressing again after adding people writes only to the new ones. The job holds the
 * event's id and the hash, never the address: the mail is rendered when it leaves, from the list as
 * it is then, and someone taken off the list, or a list erased, gets nothing. People invited by
 * phone are counted for staff to call: a link to the event does not fit one SMS.
 */

export const INVITATION_KIND = 'events.invitation';

export interface InvitationsSent {
  /** E-mails on the list: each gets the invitation once. */
  emails: number;
  /** Phones on the list, for staff to call. */
  phones: number;
}

export async function sendInvitations(deps: Pick<Deps, 'db'>, eventId: string, userId: string | null): Promise<InvitationsSent> {
  if (!isId(eventId)) throw refuse(404, 'events.error.notFound');
  const row = await repo.eventRow(deps.db, eventId);
  if (!row) throw refuse(404, 'events.error.notFound');
  if (row.visibility !== 'invitation') throw refuse(409, 'events.error.invitations.notClosed');
  if (row.status !== 'published' || row.ends_at <= nowIso()) throw refuse(409, 'events.error.invitations.notOpen');
  const list = await deps.db.k
    .selectFrom('event_invitations')
    .select(['contact_hash', 'contact'])
    .where('event_id', '=', eventId)
    .execute();
  const emails = list.filter((r) => r.contact.startsWith('e:'));
  await deps.db.k.transaction().execute(async (trx) => {
    for (const r of emails) {
      await enqueueJob(
        trx,
        INVITATION_KIND,
        { eventId, contactHash: r.contact_hash },
        { dedupeKey: `invitation:${eventId}:${r.contact_hash}` },
      );
    }
    await eventLog(trx, 'event.invitations.sent', { id: eventId, organisationId: row.organisation_id }, userId, { emails: emails.length });
  });
  return { emails: emails.length, phones: list.length - emails.length };
}

async function renderInvitation(deps: Deps, eventId: string, contactHash: string) {
  const invited = await deps.db.k
    .selectFrom('event_invitations')
    .select('contact')
    .where('event_id', '=', eventId)
    .where('contact_hash', '=', contactHash)
    .executeTakeFirst();
  if (!invited?.contact.startsWith('e:')) return null;
  const event = await getEvent(deps.db, eventId, { includeDrafts: true }).catch(() => null);
  if (event?.status !== 'published' || event.visibility !== 'invitation') return null;
  const to = invited.contact.slice(2);
  const link = `${deps.config.baseUrl}${event.page}`;
  // Italian first, English after: the list does not say which language each person reads.
  const p = new MailParts('it');
  for (const lang of ['it', 'en'] as const) {
    const w = (key: string, vars?: Record<string, string>) => t(lang, key, vars);
    p.para(w('vis.mail.intro', { organisation: event.organisation.name, title: event.title }));
    p.para(event.sessions.map((s) => `- ${sessionLine(s.start, s.end, lang)}`).join('\n'));
    if (event.venue) p.para([event.venue.name, event.venue.address, event.venue.municipality?.name].filter(Boolean).join(', '));
    p.link(w('vis.mail.book', { email: to }), link);
  }
  return p.mail(to, `${t('it', 'vis.mail.subject')}: ${event.title}`);
}

/** Registers the invitation mail's renderer (events' jobs(deps)). */
export function registerInvitationMail(deps: Deps): void {
  registerRenderedMail<{ eventId: string; contactHash: string }>(deps.jobs, deps.mailer, INVITATION_KIND, (p) =>
    renderInvitation(deps, p.eventId, p.contactHash),
  );
}
