import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { DetailList } from '../../../web/components/detail-list.js';
import { Section } from '../../../web/components/section.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { SessionList, VenueAddress } from '../catalogue/event-page.js';
import { EVENTS_CSS } from '../catalogue/views.js';
import { type EventDetail, skillsCheckUrl } from '../service.js';
import { smsReachable } from './sms-jobs.js';

/** What the person typed into the form: theirs anyway, so it may be shown back. */
export interface ReceivedBooking {
  name: string;
  email: string | null;
  phone: string | null;
  seats: number;
  /** For an activity for minors: the child the guardian booked for. */
  child?: { name: string; age: number | null } | null;
  /** What a new booking of these seats gets now: never the state of someone's existing booking. */
  status: 'confirmed' | 'waitlisted';
}

/**
 * The one answer to the public booking form, the same whether the contact already had a booking
 * or not (else the page would tell anyone who booked what). The manage link goes by e-mail only:
 * to the new booking's owner with the confirmation, to an existing booking's owner again.
 */
export function BookingReceivedPageView(props: { ctx: PageContext; event: EventDetail; received: ReceivedBooking }): VNode {
  const l = props.ctx.lang;
  const { event: ev, received: r } = props;
  // Phone-only: a mobile gets the code by SMS and manages the booking with it; a landline asks the organiser.
  const bySms = !r.email && smsReachable(r.phone);
  const how = r.email ? t(l, 'received.byEmail') : bySms ? t(l, 'received.bySms') : t(l, 'received.byPhone');
  const contactNote = r.email
    ? t(l, 'received.email', { email: r.email })
    : bySms
      ? t(l, 'received.sms', { phone: r.phone ?? '' })
      : t(l, 'received.noEmail', { organiser: ev.organisation.name });
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'received.title')}
      head={EVENTS_CSS}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: ev.page, label: ev.title }, { label: t(l, 'received.title') }]}
    >
      <div class="alert alert-success" role="status">
        <h1 class="h2 mb-2">{t(l, 'received.title')}</h1>
        <p class="mb-0">{contactNote}</p>
        {bySms ? (
          <p class="mt-2 mb-0">
            <a href="/gestisci">{t(l, 'received.manage')}</a>
          </p>
        ) : null}
      </div>
      {r.email ? <p>{t(l, 'received.email.check')}</p> : null}
      <p>
        {r.status === 'waitlisted'
          ? t(l, 'received.waitlisted', { how })
          : t(l, r.email ? 'received.confirmed' : bySms ? 'received.confirmed.sms' : 'received.confirmed.phone')}
      </p>
      <h2 class="h4">{t(l, 'received.yours')}</h2>
      <DetailList
        class="ponte-details"
        details={[
          { term: t(l, 'received.event'), value: <a href={ev.page}>{ev.title}</a> },
          { term: t(l, 'received.name'), value: r.name },
          r.email && { term: t(l, 'received.emailLabel'), value: r.email },
          r.phone && { term: t(l, 'received.phone'), value: r.phone },
          { term: t(l, 'received.seats'), value: r.seats },
          r.child && {
            term: t(l, 'received.child'),
            value: (
              <>
                {r.child.name}
                {r.child.age === null ? '' : t(l, 'reg.child.age', { age: r.child.age })}
              </>
            ),
          },
        ]}
      />
      <EventWhenWhere l={l} event={ev} />
      {ev.askSkillsCheck ? (
        // The event's invitation, the same for everyone who books it.
        <SkillsCheckInvitation l={l} eventId={ev.id} />
      ) : null}
      <p class="mt-4">
        <a href={ev.page}>{t(l, 'received.eventPage')}</a>
      </p>
    </Layout>
  );
}

/** When and where, and the event's public calendar file (the same for everyone: it reveals nothing). */
function EventWhenWhere(props: { l: Lang; event: EventDetail }): VNode {
  const { l, event: ev } = props;
  return (
    <>
      <h2 class="h4">{t(l, 'received.when')}</h2>
      <SessionList l={l} event={ev} icsLabel={t(l, 'received.ics')} />
      <h2 class="h4">{t(l, 'received.where')}</h2>
      {ev.venue ? <VenueAddress venue={ev.venue} /> : <p>{t(l, 'received.online')}</p>}
    </>
  );
}

/** The invitation to the short digital-competence test before the event (the manage page shows it too). */
export function SkillsCheckInvitation(props: { l: Lang; eventId: string }): VNode {
  const { l } = props;
  return (
    <Section id="skills-title" heading={t(l, 'manage.skills.title')} class="ponte-card ponte-noprint">
      <p>{t(l, 'manage.skills.text')}</p>
      <p class="mb-0">
        <a class="btn btn-outline-primary" href={skillsCheckUrl(props.eventId, 'prima', l)}>
          {t(l, 'manage.skills.link')}
        </a>
      </p>
    </Section>
  );
}
