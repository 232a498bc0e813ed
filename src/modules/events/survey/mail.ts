import { type Lang, t } from '../../../core/i18n.js';
import type { Mail } from '../../../core/mail.js';
import { MailParts } from '../messages/emails.js';
import type { EventDetail } from '../service.js';

export interface SurveyMailContext {
  lang: Lang;
  to: string;
  name: string | null;
  event: EventDetail;
  surveyLink: string;
  eventLink: string;
  /** Absolute link of the digital-competence test after the event, when the event asks for it. */
  skillsCheckLink?: string | null;
}

/** The invitation to rate the event, with the private link of the survey. */
export function renderSurveyMail(c: SurveyMailContext): Mail {
  const title = c.event.title;
  const p = new MailParts(c.lang);
  p.hello(c.name);
  p.para(t(c.lang, 'srvmail.intro', { title }));
  p.link(t(c.lang, 'srvmail.link'), c.surveyLink);
  p.para(t(c.lang, 'srvmail.anonymous'));
  if (c.skillsCheckLink) p.link(t(c.lang, 'srvmail.skillsCheck'), c.skillsCheckLink);
  p.footer(c.event, c.eventLink);
  return p.mail(c.to, t(c.lang, 'srvmail.subject', { title }));
}
