import type { Deps } from '../../core/deps.js';
import { pickLang } from '../../core/i18n.js';
import { registerRenderedSms } from '../../core/sms.js';
import { smsTemplate } from '../../core/sms-text.js';
import { type LinkPurpose, linkStillToSend, linkUrl, PASSWORD_LINK_SMS } from './password-links.js';

/**
 * The SMS carrying a set-password link to an account that signs in by mobile number: the
 * invitation of a volunteer who applied with a phone only, or a reset asked for with the number.
 * Like the e-mail, it is rendered when the job runs from the link's id alone, and nothing is sent
 * for a link used or expired meanwhile. The words are short so that, with the link (its path and
 * secret take 59 characters), they fit one GSM-7 SMS of 160 for a site address (BASE_URL, with
 * https://) of up to 49 characters; a longer one makes two SMS, the link is never cut.
 */

const TEXTS: Record<LinkPurpose, ReturnType<typeof smsTemplate>> = {
  invite: smsTemplate(
    'accounts.password-link.invite',
    {
      it: 'Ponte: il tuo account è pronto, scegli la password:',
      en: 'Ponte: your account is ready, choose your password:',
    },
    {},
  ),
  reset: smsTemplate(
    'accounts.password-link.reset',
    { it: 'Ponte: per una nuova password apri entro 30 minuti:', en: 'Ponte: to set a new password open within 30 minutes:' },
    {},
  ),
};

/** Registers the renderer of the link's SMS (the accounts module's jobs(deps)). */
export function registerPasswordLinkSms(deps: Deps): void {
  if (!deps.sms) return;
  registerRenderedSms<{ linkId: string }>(deps, PASSWORD_LINK_SMS, async ({ linkId }) => {
    const row = await linkStillToSend(deps.db, linkId);
    if (!row?.phone) return null;
    const lang = pickLang(row.lang) ?? 'it';
    return { to: row.phone, text: `${TEXTS[row.purpose].render(lang, {})} ${linkUrl(deps, row.id)}` };
  });
}
