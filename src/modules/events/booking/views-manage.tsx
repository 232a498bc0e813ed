import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t, tn } from '../../../core/i18n.js';
import { nowIso } from '../../../core/time.js';
import { DetailList } from '../../../web/components/detail-list.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { ButtonForm } from '../../../web/components/form-section.js';
import { Section } from '../../../web/components/section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { type Errors, Form, FormProblem, SelectField } from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { romeIso, sessionLabel, whenLabel } from '../catalogue/format.js';
import { EVENTS_CSS, seatsHint } from '../catalogue/views.js';
import type { EventDetail, RegistrationView } from '../service.js';
import type { BookingDetails } from './questions-repo.js';
import { OwnAnswers } from './views-answers.js';
import { SkillsCheckInvitation } from './views-received.js';

export type ManageNotice = 'new' | 'saved' | 'cancelled' | 'accepted' | 'declined';

function statusHeadline(l: Lang, r: RegistrationView): string {
  if (r.status === 'confirmed') return t(l, 'conf.confirmed');
  if (r.status === 'waitlisted') return t(l, 'conf.waitlisted', { n: r.position ?? 1 });
  if (r.status === 'offered') return t(l, 'conf.offered', { when: r.offerExpiresAt ? whenLabel(r.offerExpiresAt, l) : '' });
  return t(l, 'conf.cancelled');
}

export function ManagePageView(props: {
  ctx: PageContext;
  registration: RegistrationView;
  event: EventDetail;
  token: string;
  notice?: ManageNotice;
  onlineUrl?: string | null;
  errors?: Errors;
  /** The person's answers to the event's questions and the child's details, when given. */
  details?: BookingDetails | null;
}): VNode {
  const l = props.ctx.lang;
  const r = props.registration;
  const ev = props.event;
  const headline = statusHeadline(l, r);
  const live = r.status !== 'cancelled';
  const eventOpen = ev.status === 'published' && ev.end > nowIso();
  // The "before" test only makes sense before the event starts; the survey e-mail asks for the "after" one.
  const skillsCheck =
    ev.askSkillsCheck && ev.status === 'published' && ev.start > nowIso() && (r.status === 'confirmed' || r.status === 'waitlisted');
  const e = props.errors ?? {};
  const noticeText =
    props.notice === 'saved'
      ? t(l, 'manage.saved')
      : props.notice === 'cancelled'
        ? t(l, 'manage.cancelled')
        : props.notice === 'accepted'
          ? t(l, 'manage.accepted')
          : props.notice === 'declined'
            ? t(l, 'manage.declined')
            : null;
  const q = `?token=${encodeURIComponent(props.token)}`;
  return (
    <Layout
      ctx={props.ctx}
      title={props.notice === 'new' ? headline : t(l, 'manage.title')}
      head={EVENTS_CSS}
      crumbs={[
        { href: '/', label: t(l, 'nav.home') },
        { href: '/eventi', label: t(l, 'cat.title') },
        { href: ev.page, label: ev.title },
        { label: t(l, 'manage.title') },
      ]}
    >
      {props.notice === 'new' ? (
        <>
          <div class={`alert ${r.status === 'confirmed' ? 'alert-success' : 'alert-info'}`} role="status">
            <h1 class="h2 mb-2">{headline}</h1>
            <p class="mb-1">
              {ev.title} · {whenLabel(ev.start, l)}
            </p>
          </div>
          <h2 class="h4">{t(l, 'manage.title')}</h2>
          {r.status === 'waitlisted' ? (
            <p>{t(l, 'conf.next.waitlist', { how: r.email ? t(l, 'conf.byEmail') : t(l, 'conf.byPhone') })}</p>
          ) : null}
          <p>{r.email ? t(l, 'conf.next.email') : t(l, 'conf.next.noEmail')}</p>
        </>
      ) : (
        <>
          <h1>{t(l, 'manage.title')}</h1>
          {noticeText ? (
            <div class="alert alert-success" role="status">
              {noticeText}
            </div>
          ) : null}
          <p class="lead">{headline}</p>
        </>
      )}
      <FormProblem errors={e} />
      <BookingFacts l={l} registration={r} event={ev} onlineUrl={props.onlineUrl} />
      {props.details ? <OwnAnswers l={l} details={props.details} /> : null}
      {r.status === 'confirmed' ? <p class="ponte-noprint">{t(l, 'manage.print')}</p> : null}
      <p>
        <a href={`/prenotazioni/${r.id}.ics${q}`} download>
          {t(l, 'manage.ics')}
        </a>
      </p>
      {skillsCheck ? <SkillsCheckInvitation l={l} eventId={ev.id} /> : null}
      {live && eventOpen ? (
        <ChangeSections ctx={props.ctx} registration={r} event={ev} token={props.token} errors={e} headline={headline} />
      ) : null}
      {live && eventOpen && r.status !== 'offered' ? (
        <Section id="cancel-title" heading={r.status === 'waitlisted' ? t(l, 'manage.leave') : t(l, 'manage.cancel')} class="mt-4">
          <p>
            <a class="btn btn-outline-danger" href={`/prenotazioni/${r.id}/annulla${q}`}>
              {r.status === 'waitlisted' ? t(l, 'manage.leave') : t(l, 'manage.cancel')}
            </a>
          </p>
        </Section>
      ) : null}
      <Section id="erase-title" heading={t(l, 'erase.title')} class="mt-4">
        <p>{t(l, 'erase.intro')}</p>
        <p>
          <a href={`/prenotazioni/${r.id}/cancella-dati${q}`}>{t(l, 'erase.link')}</a>
        </p>
      </Section>
      <p class="mt-4">
        <a href={ev.page}>{t(l, 'manage.eventPage')}</a>
      </p>
    </Layout>
  );
}

/** What the booking is: the event, when and where, its status, seats, ticket, contact and online link. */
function BookingFacts(props: { l: Lang; registration: RegistrationView; event: EventDetail; onlineUrl?: string | null }): VNode {
  const { l, registration: r, event: ev } = props;
  return (
    <DetailList
      class="ponte-details"
      details={[
        { term: t(l, 'manage.event'), value: <a href={ev.page}>{ev.title}</a> },
        {
          term: t(l, 'ev.when'),
          value: ev.sessions.map((s) => (
            <span class="d-block">
              <time dateTime={romeIso(s.start)}>{sessionLabel(s.start, s.end, l)}</time>
            </span>
          )),
        },
        ev.venue && {
          term: t(l, 'ev.where'),
          value: (
            <>
              {ev.venue.name}, {ev.venue.address}
              {ev.venue.municipality ? `, ${ev.venue.municipality.name}` : ''} · <a href={ev.venue.mapUrl}>{t(l, 'ev.map')}</a>
            </>
          ),
        },
        {
          term: t(l, 'manage.status'),
          value: (
            <>
              {t(l, `registrationStatus.${r.status}`)}
              {r.status === 'waitlisted' && r.position ? ` · ${t(l, 'manage.position', { n: r.position })}` : ''}
            </>
          ),
        },
        { term: t(l, 'manage.seats'), value: r.seats },
        r.status === 'confirmed' && { term: t(l, 'manage.ticket'), value: <strong class="ponte-ticket">{r.ticketCode}</strong> },
        { term: t(l, 'manage.contact'), value: [r.name, r.email, r.phone].filter(Boolean).join(' · ') },
        props.onlineUrl &&
          r.status === 'confirmed' && { term: t(l, 'manage.online'), value: <a href={props.onlineUrl}>{props.onlineUrl}</a> },
      ]}
    />
  );
}

/** What the person can still change while the event is open: accept or decline an offer, the number of seats. */
function ChangeSections(props: {
  ctx: PageContext;
  registration: RegistrationView;
  event: EventDetail;
  token: string;
  errors: Errors;
  headline: string;
}): VNode {
  const l = props.ctx.lang;
  const { registration: r, event: ev, headline } = props;
  const e = props.errors;
  const seatOptions = Array.from({ length: Math.max(ev.maxSeatsPerBooking, r.seats) }, (_, i) => String(i + 1));
  return (
    <>
      {r.status === 'offered' ? (
        <Section id="offer-title" heading={headline} class="ponte-card">
          <p>{t(l, 'manage.offer', { when: r.offerExpiresAt ? whenLabel(r.offerExpiresAt, l) : '' })}</p>
          <div class="ponte-actions">
            <ButtonForm
              action={`/prenotazioni/${r.id}/accetta`}
              csrf={props.ctx.csrf}
              hidden={{ token: props.token }}
              label={t(l, 'manage.accept')}
            />
            <ButtonForm
              action={`/prenotazioni/${r.id}/rifiuta`}
              csrf={props.ctx.csrf}
              hidden={{ token: props.token }}
              label={t(l, 'manage.decline')}
              class="btn btn-outline-primary"
            />
          </div>
        </Section>
      ) : null}
      {(r.status === 'confirmed' || r.status === 'waitlisted') && seatOptions.length > 1 ? (
        <Section id="seats-change" heading={t(l, 'manage.changeSeats')} class="mt-4">
          <Form action={`/prenotazioni/${r.id}/posti`} csrf={props.ctx.csrf} class="col-12 col-md-6 px-0">
            <input type="hidden" name="token" value={props.token} />
            <SelectField
              name="seats"
              label={t(l, 'book.seats')}
              value={String(r.seats)}
              error={e.seats}
              hint={seatsHint(l, ev.maxSeatsPerBooking)}
              options={seatOptions.map((s) => ({ value: s, label: s }))}
            />
            <SubmitButton label={t(l, 'manage.changeSeats.submit')} class="btn btn-outline-primary" />
          </Form>
        </Section>
      ) : null}
    </>
  );
}

/** A page about one booking, reached through its manage link. */
interface BookingChangeProps {
  ctx: PageContext;
  registration: RegistrationView;
  event: EventDetail;
  token: string;
}

/**
 * A page that asks before an irreversible change of a booking (a link in an e-mail must never
 * change anything on its own): what will happen, a button that posts with the token, a way back.
 */
function ConfirmBookingChangePage(
  props: BookingChangeProps & {
    title: string;
    action: string;
    confirm: string;
    back: string;
    children: ComponentChildren;
  },
): VNode {
  const l = props.ctx.lang;
  const r = props.registration;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={props.title}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: props.event.page, label: props.event.title }, { label: props.title }]}
      head={EVENTS_CSS}
    >
      {props.children}
      <div class="ponte-actions">
        <ButtonForm
          action={`/prenotazioni/${r.id}/${props.action}`}
          csrf={props.ctx.csrf}
          hidden={{ token: props.token }}
          label={props.confirm}
          class="btn btn-danger"
        />
        <a href={`/prenotazioni/${r.id}?token=${encodeURIComponent(props.token)}`}>{props.back}</a>
      </div>
    </TitledPage>
  );
}

/** Asks before erasing the booking's personal data. */
export function EraseConfirmPageView(props: BookingChangeProps): VNode {
  const l = props.ctx.lang;
  const r = props.registration;
  const stillToCome = r.status !== 'cancelled' && props.event.status === 'published' && props.event.end > nowIso();
  return (
    <ConfirmBookingChangePage
      {...props}
      title={t(l, 'erase.title')}
      action="cancella-dati"
      confirm={t(l, 'erase.confirm')}
      back={t(l, 'erase.keep')}
    >
      <p class="lead">{t(l, 'erase.intro')}</p>
      {stillToCome ? <p>{t(l, 'erase.future')}</p> : null}
    </ConfirmBookingChangePage>
  );
}

export function ErasedPageView(props: { ctx: PageContext; event: EventDetail }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'erase.done.title')}
      head={EVENTS_CSS}
      crumbs={[
        { href: '/', label: t(l, 'nav.home') },
        { href: props.event.page, label: props.event.title },
        { label: t(l, 'erase.done.title') },
      ]}
    >
      <div class="alert alert-success" role="status">
        <h1 class="h2 mb-2">{t(l, 'erase.done.title')}</h1>
        <p class="mb-0">{t(l, 'erase.done.body')}</p>
      </div>
      <p class="mt-4">
        <a href={props.event.page}>{t(l, 'manage.eventPage')}</a>
      </p>
    </Layout>
  );
}

export function CancelConfirmPageView(props: BookingChangeProps): VNode {
  const l = props.ctx.lang;
  const r = props.registration;
  const waitlisted = r.status === 'waitlisted';
  return (
    <ConfirmBookingChangePage
      {...props}
      title={t(l, 'manage.confirm.title')}
      action="annulla"
      confirm={waitlisted ? t(l, 'manage.confirm.yesLeave') : t(l, 'manage.confirm.yes')}
      back={t(l, 'manage.confirm.no')}
    >
      <p class="lead">
        {waitlisted
          ? t(l, 'manage.confirm.leave', { title: props.event.title })
          : t(l, 'manage.confirm.body', { seats: tn(l, 'ev.seatsCount', r.seats), title: props.event.title })}
      </p>
    </ConfirmBookingChangePage>
  );
}
