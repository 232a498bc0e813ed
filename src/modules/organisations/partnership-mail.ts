import type { Deps } from '../../core/deps.js';
import { enqueueJob } from '../../core/jobs.js';
import { type Mail, registerRenderedMail } from '../../core/mail.js';
import type { Db } from '../../db/index.js';
import { adminEmails } from '../accounts/service.js';
import type { Executor } from './partnerships.js';

/**
 * The e-mail that tells the named organisation's admins a partnership request is waiting for
 * them. The job holds only the partnership's id: the addresses are read when the mail leaves,
 * and a request answered or withdrawn meanwhile sends nothing.
 */
export const PARTNERSHIP_MAIL_JOB = 'partnership.request-mail';

export async function enqueueRequestMail(trx: Executor, partnershipId: string): Promise<void> {
  await enqueueJob(trx, PARTNERSHIP_MAIL_JOB, { partnershipId }, { dedupeKey: `partnership:${partnershipId}:request` });
}

export async function renderRequestMail(db: Db, baseUrl: string, payload: { partnershipId: string }): Promise<Mail | null> {
  const p = await db.k
    .selectFrom('partnerships')
    .innerJoin('organisations as asker', 'asker.id', 'partnerships.organisation_id')
    .innerJoin('organisations as named', 'named.id', 'partnerships.partner_id')
    .select(['partnerships.status', 'partnerships.partner_id', 'asker.name as askerName', 'named.name as namedName'])
    .where('partnerships.id', '=', payload.partnershipId)
    .executeTakeFirst();
  if (p?.status !== 'pending') return null;
  const admins = await adminEmails(db, p.partner_id);
  if (admins.length === 0) return null;
  const link = `${baseUrl}/admin/organisations/${p.partner_id}/partnerships`;
  return {
    to: admins.join(', '),
    subject: `Richiesta di partnership da ${p.askerName}`,
    text: [
      'Buongiorno,',
      '',
      `${p.askerName} ha chiesto a ${p.namedName} di diventare partner su Ponte.`,
      `Finché la richiesta non viene accettata, ${p.askerName} non può usare le sedi di ${p.namedName} per eventi e servizi di facilitazione.`,
      '',
      `Per accettarla o rifiutarla: ${link}`,
      '',
      'Se non conoscete questa richiesta, potete rifiutarla.',
    ].join('\n'),
  };
}

/** Sends the request's e-mail when its job runs. */
export function registerPartnershipMailJob(deps: Deps): void {
  registerRenderedMail<{ partnershipId: string }>(deps.jobs, deps.mailer, PARTNERSHIP_MAIL_JOB, (p) =>
    renderRequestMail(deps.db, deps.config.baseUrl, p),
  );
}
