import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { Section } from '../../../web/components/section.js';
import { ErrorSummary, type Errors, Form, FormProblem } from '../../../web/forms.js';
import { contentLang, Layout, type PageContext } from '../../../web/layout.js';
import { FollowingDesksNotice } from '../../desks/service.js';
import type { BookingFormSettings } from '../booking/questions-repo.js';
import type { EventDetail } from '../service.js';
import { ChildFields, extraLabels, QuestionFields } from '../views/questions.js';
import { romeIso, sessionLabel, whenLabel } from './format.js';
import { EVENTS_CSS, type FilterValues, seatsHint, seatsLine, vocab } from './views.js';
import { IndexingHead, InvitationNotice } from './visibility-views.js';
import { AGE_BANDS, AUDIENCES } from './vocab.js';

/** What an event page says of its organiser beyond the event itself: where to find it on the web. */
export interface EventOrganiser {
  /** The organisation's website, else its events on Ponte. */
  url: string;
  /** The organisation's public phone, with its tel: link, for people who prefer to call. */
  phone?: { text: string; href: string } | null;
}

/**
 * The picture of an event for search engines and link previews (schema.org asks for one). Neither
 * venues nor programmes keep a picture of their own yet, so every event shows Ponte's: 1200×675,
 * the ratio and size search engines prefer.
 */
export function eventImage(baseUrl: string): string {
  return `${baseUrl}/static/evento.png`;
}

/** schema.org Event, for search engines and assistants; the private online link never appears here. */
export function eventJsonLd(ev: EventDetail, baseUrl: string, organiser: EventOrganiser): Record<string, unknown> {
  const url = `${baseUrl}${ev.page}`;
  const mode =
    ev.format === 'online'
      ? 'https://schema.org/OnlineEventAttendanceMode'
      : ev.format === 'ibrido'
        ? 'https://schema.org/MixedEventAttendanceMode'
        : 'https://schema.org/OfflineEventAttendanceMode';
  const place = ev.venue
    ? {
        '@type': 'Place',
        name: ev.venue.name,
        address: {
          '@type': 'PostalAddress',
          streetAddress: ev.venue.address,
          ...(ev.venue.postalCode ? { postalCode: ev.venue.postalCode } : {}),
          addressLocality: ev.venue.municipality?.name ?? ev.municipality?.name,
          addressRegion: ev.venue.municipality?.provinceCode ?? ev.municipality?.provinceCode,
          addressCountry: 'IT',
        },
        ...(ev.venue.latitude !== null && ev.venue.longitude !== null
          ? { geo: { '@type': 'GeoCoordinates', latitude: ev.venue.latitude, longitude: ev.venue.longitude } }
          : {}),
      }
    : null;
  const virtual = { '@type': 'VirtualLocation', url };
  const location = ev.format === 'online' ? virtual : ev.format === 'ibrido' ? (place ? [place, virtual] : virtual) : (place ?? virtual);
  const availability = !ev.bookingRequired
    ? 'https://schema.org/InStock'
    : ev.availability === 'full'
      ? 'https://schema.org/SoldOut'
      : ev.availability === 'limited'
        ? 'https://schema.org/LimitedAvailability'
        : 'https://schema.org/InStock';
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': url,
    name: ev.title,
    ...(ev.description ? { description: ev.description } : {}),
    url,
    startDate: ev.start,
    endDate: ev.end,
    eventStatus: ev.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: mode,
    location,
    isAccessibleForFree: true,
    inLanguage: 'it',
    organizer: { '@type': 'Organization', name: ev.organisation.name, url: organiser.url },
    image: [eventImage(baseUrl)],
    ...(ev.partners.length ? { sponsor: ev.partners.map((p) => ({ '@type': 'Organization', name: p.name })) } : {}),
    maximumAttendeeCapacity: ev.capacity,
    offers: {
      '@type': 'Offer',
      price: 0,
      priceCurrency: 'EUR',
      availability,
      url,
      ...(ev.bookingOpensAt ? { validFrom: ev.bookingOpensAt } : {}),
    },
    ...(ev.sessions.length > 1
      ? {
          subEvent: ev.sessions.map((s, i) => ({
            '@type': 'Event',
            name: `${ev.title} (${i + 1}/${ev.sessions.length})`,
            startDate: s.start,
            endDate: s.end,
            eventAttendanceMode: mode,
            location,
          })),
        }
      : {}),
  };
}

/** The event's sessions, then its public calendar file (the same for everyone: it reveals nothing). */
export function SessionList(props: { l: Lang; event: EventDetail; icsLabel: string }): VNode {
  const { l, event: ev } = props;
  return (
    <>
      <ul>
        {ev.sessions.map((s) => (
          <li>
            <time dateTime={romeIso(s.start)}>{sessionLabel(s.start, s.end, l)}</time>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/eventi/${ev.id}.ics`} download>
          {props.icsLabel}
        </a>
      </p>
    </>
  );
}

/** A venue's name and address, with its comune. */
export function VenueAddress(props: { venue: NonNullable<EventDetail['venue']>; class?: string }): VNode {
  const v = props.venue;
  return (
    <p class={props.class}>
      <strong>{v.name}</strong>
      <br />
      {v.address}
      {v.municipality ? `, ${v.municipality.name} (${v.municipality.provinceCode})` : ''}
    </p>
  );
}

/** JSON for a <script> element: "<" escaped so no text in an event can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const BOOKING_LABELS: Record<string, string> = {
  name: 'book.name',
  email: 'book.email',
  phone: 'book.phone',
  seats: 'book.seats',
  audience: 'book.audience',
  ageBand: 'book.ageBand',
  privacyAccepted: 'book.privacy',
};

/** What the booking form is drawn from, on the event's page and on the booking page alike. */
interface BookingFormProps {
  ctx: PageContext;
  event: EventDetail;
  values?: FilterValues;
  errors?: Errors;
  /** The event's extra questions and whether it is an activity for minors. */
  form?: BookingFormSettings;
}

export function BookingForm(props: BookingFormProps): VNode {
  const l = props.ctx.lang;
  const ev = props.event;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const labels = { ...Object.fromEntries(Object.entries(BOOKING_LABELS).map(([k, key]) => [k, t(l, key)])), ...extraLabels(l, props.form) };
  const f = boundFields({ values: { seats: '1', ...v }, errors: e, label: (name) => labels[name] ?? name });
  const seats = Array.from({ length: Math.max(1, ev.maxSeatsPerBooking) }, (_, i) => String(i + 1));
  return (
    <div class="ponte-booking">
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={labels} />
      {ev.full ? (
        <div class="alert alert-warning" role="status">
          {t(l, 'ev.full')}
        </div>
      ) : null}
      <p>{t(l, 'book.required')}</p>
      <Form action={`/eventi/${ev.id}/prenota`} csrf={props.ctx.csrf}>
        <ChildFields l={l} form={props.form} values={v} errors={e} />
        <f.Text name="name" required maxLength={120} autocomplete="name" />
        <fieldset class="mb-3 ponte-fieldset" aria-describedby="h-contact">
          <legend class="h6">{t(l, 'book.contact')}</legend>
          <p id="h-contact" class="form-text">
            {t(l, 'book.contact.hint')}
          </p>
          <f.Text name="email" type="email" maxLength={254} autocomplete="email" />
          <f.Text name="phone" type="tel" maxLength={30} autocomplete="tel" />
        </fieldset>
        <f.Select name="seats" required hint={seatsHint(l, ev.maxSeatsPerBooking)} options={seats.map((s) => ({ value: s, label: s }))} />
        <fieldset class="mb-3 ponte-fieldset">
          <legend class="h6">{t(l, 'book.optional')}</legend>
          <f.Select name="audience" placeholder={t(l, 'book.none')} options={vocab(l, 'audience', AUDIENCES)} />
          <f.Select name="ageBand" placeholder={t(l, 'book.none')} options={vocab(l, 'ageBand', AGE_BANDS)} />
        </fieldset>
        <QuestionFields l={l} form={props.form} values={v} errors={e} />
        <div class="form-check mb-3">
          <input
            class="form-check-input"
            type="checkbox"
            id="f-privacyAccepted"
            name="privacyAccepted"
            value="1"
            aria-required="true"
            checked={v.privacyAccepted === '1'}
            aria-invalid={e.privacyAccepted ? 'true' : undefined}
            aria-describedby={e.privacyAccepted ? 'e-privacyAccepted h-privacy' : 'h-privacy'}
          />
          <label class="form-check-label" for="f-privacyAccepted">
            {t(l, 'book.privacy')}
            <span aria-hidden="true"> *</span>
          </label>
          <p id="h-privacy" class="form-text mb-0">
            <a href="/privacy">{t(l, 'book.privacy.link')}</a>
          </p>
          {e.privacyAccepted ? (
            <div id="e-privacyAccepted" class="ponte-field-error">
              {e.privacyAccepted}
            </div>
          ) : null}
        </div>
        <SubmitButton label={ev.full ? t(l, 'book.submitWaitlist') : t(l, 'book.submit')} />
      </Form>
    </div>
  );
}

function closedMessage(l: Lang, ev: EventDetail): string | null {
  const reason = ev.bookingClosedReason;
  if (!reason) return null;
  if (reason === 'not-yet-open' && ev.bookingOpensAt) return t(l, 'ev.closed.not-yet-open', { when: whenLabel(ev.bookingOpensAt, l) });
  return t(l, `ev.closed.${reason}`);
}

function EventFacts(props: { l: Lang; event: EventDetail; baseUrl: string; organiser?: EventOrganiser }): VNode {
  const { l, event: ev } = props;
  return (
    <>
      <Section id="when-title" heading={t(l, 'ev.when')}>
        <SessionList l={l} event={ev} icsLabel={t(l, 'ev.ics')} />
      </Section>
      <Section id="where-title" heading={t(l, 'ev.where')}>
        {ev.venue ? (
          <>
            <VenueAddress venue={ev.venue} class="mb-1" />
            <p class="mb-1">
              <a href={ev.venue.mapUrl}>{t(l, 'ev.map')}</a>
            </p>
          </>
        ) : null}
        {ev.format !== 'in_presenza' ? <p class="mb-1">{t(l, 'ev.online')}</p> : null}
        {ev.format === 'online' ? null : <p class="mb-1">{t(l, 'format.' + ev.format)}</p>}
        {ev.venue || ev.accessibility ? (
          <>
            <h3 class="h6 mt-3">{t(l, 'ev.accessibility')}</h3>
            {ev.venue ? <p class="mb-1">{ev.venue.stepFree ? t(l, 'ev.stepFree.yes') : t(l, 'ev.stepFree.no')}</p> : null}
            {ev.venue?.accessibility ? <p class="mb-1">{ev.venue.accessibility}</p> : null}
            {ev.accessibility ? <p class="mb-1">{ev.accessibility}</p> : null}
          </>
        ) : null}
      </Section>
      <Section id="seats-title" heading={t(l, 'ev.seats')}>
        <p class="mb-1">{seatsLine(l, ev)}</p>
        <p>{t(l, 'ev.free')}</p>
      </Section>
      <Section id="who-title" heading={t(l, 'ev.organiser')}>
        <p class="mb-1">{ev.organisation.name}</p>
        {ev.programme ? (
          // The programme's page lists its other courses, dated or still to come.
          <p class="mb-1">
            {t(l, 'ev.programme')}: <a href={`/programmi/${ev.programme.id}`}>{ev.programme.name}</a>
          </p>
        ) : null}
        {props.organiser?.phone ? (
          <p class="mb-1">
            {t(l, 'org.phone.line')}: <a href={props.organiser.phone.href}>{props.organiser.phone.text}</a>
          </p>
        ) : null}
        {ev.partners.length ? (
          <p>
            {t(l, 'ev.partners')}: {ev.partners.map((p) => p.name).join(', ')}
          </p>
        ) : null}
        <VocabList l={l} heading="ev.audiences" vocab="audience" codes={ev.audiences} />
        <VocabList l={l} heading="ev.topics" vocab="topic" codes={ev.topics} />
      </Section>
    </>
  );
}

/** The event's codes of one vocabulary (audiences, topics) under a heading, in words; nothing when it has none. */
function VocabList(props: { l: Lang; heading: string; vocab: string; codes: string[] }): VNode | null {
  const { l } = props;
  if (!props.codes.length) return null;
  return (
    <>
      <h3 class="h6 mt-3">{t(l, props.heading)}</h3>
      <ul>
        {props.codes.map((c) => (
          <li>{t(l, `${props.vocab}.${c}`)}</li>
        ))}
      </ul>
    </>
  );
}

export function EventPageView(
  props: BookingFormProps & {
    baseUrl: string;
    organiser: EventOrganiser;
    /** Desks open during the event's sessions (a desk that follows the event). */
    desks?: { id: string; name: string; page: string }[];
  },
): VNode {
  const l = props.ctx.lang;
  const ev = props.event;
  const closed = closedMessage(l, ev);
  const jsonLd = (
    <script
      type="application/ld+json"
      dangerouslySetInnerHTML={{ __html: jsonForScript(eventJsonLd(ev, props.baseUrl, props.organiser)) }}
    />
  );
  return (
    <Layout
      ctx={props.ctx}
      title={ev.title}
      head={
        <>
          {EVENTS_CSS}
          <IndexingHead visibility={ev.visibility}>{jsonLd}</IndexingHead>
        </>
      }
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/eventi', label: t(l, 'cat.title') }, { label: ev.title }]}
    >
      <article>
        <h1 lang={contentLang(l)}>{ev.title}</h1>
        <p class="lead mb-2">
          {t(l, `eventType.${ev.type}`)} · <time dateTime={romeIso(ev.start)}>{whenLabel(ev.start, l)}</time>
          {ev.municipality && ev.format !== 'online' ? ` · ${ev.municipality.name}` : ''}
        </p>
        {ev.bookingOpen ? (
          // On a phone the form is far below the description: one tap takes there (and moves focus to it).
          <a href="#prenota" class="btn btn-primary ponte-jump">
            {t(l, 'ev.jumpToBooking')}
          </a>
        ) : null}
        {ev.status === 'cancelled' ? (
          <div class="alert alert-danger" role="status">
            <strong>{t(l, 'ev.cancelled')}</strong> {ev.cancelReason ?? ''}
          </div>
        ) : null}
        {ev.description ? (
          <div class="ponte-description" lang={contentLang(l)}>
            {ev.description.split(/\n{2,}/).map((para) => (
              <p>{para}</p>
            ))}
          </div>
        ) : null}
        <FollowingDesksNotice lang={l} desks={props.desks ?? []} />
        <div class="ponte-event-layout">
          <div>
            <EventFacts l={l} event={ev} baseUrl={props.baseUrl} organiser={props.organiser} />
          </div>
          <section aria-labelledby="book-title" id="prenota" class="ponte-card" tabIndex={-1}>
            <h2 id="book-title" class="h4">
              {t(l, 'ev.bookTitle')}
            </h2>
            {ev.bookingOpen ? (
              <>
                {ev.bookingClosesAt ? <p>{t(l, 'ev.bookingCloses', { when: whenLabel(ev.bookingClosesAt, l) })}</p> : null}
                <InvitationNotice l={l} visibility={ev.visibility} />
                <BookingForm ctx={props.ctx} event={ev} values={props.values} errors={props.errors} form={props.form} />
              </>
            ) : (
              <p>{closed}</p>
            )}
          </section>
        </div>
      </article>
      <p class="mt-4">
        <a href="/eventi">{t(l, 'ev.back')}</a>
      </p>
    </Layout>
  );
}

/** The booking form alone, for /eventi/:id/prenota and for re-showing it with errors. */
export function BookingPageView(props: BookingFormProps): VNode {
  const l = props.ctx.lang;
  const ev = props.event;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'ev.bookTitle')}: ${ev.title}`}
      head={
        <>
          {EVENTS_CSS}
          <IndexingHead visibility={ev.visibility} />
        </>
      }
      crumbs={[
        { href: '/', label: t(l, 'nav.home') },
        { href: '/eventi', label: t(l, 'cat.title') },
        { href: ev.page, label: ev.title },
        { label: t(l, 'ev.book') },
      ]}
    >
      <h1>
        {t(l, 'ev.bookTitle')}: <span lang={contentLang(l)}>{ev.title}</span>
      </h1>
      <p class="lead">
        {ev.sessions.map((s) => sessionLabel(s.start, s.end, l)).join('; ')}
        {ev.venue ? ` · ${ev.venue.name}, ${ev.venue.address}` : ''}
        {ev.venue?.municipality ? `, ${ev.venue.municipality.name}` : ''}
      </p>
      <p>{ev.bookingRequired ? seatsLine(l, ev) : ''}</p>
      {ev.bookingOpen ? (
        <div class="col-12 col-md-8 col-lg-6 px-0">
          <InvitationNotice l={l} visibility={ev.visibility} />
          <BookingForm ctx={props.ctx} event={ev} values={props.values} errors={props.errors} form={props.form} />
        </div>
      ) : (
        <>
          <FormProblem errors={props.errors} />
          <p>{closedMessage(l, ev)}</p>
        </>
      )}
      <p class="mt-3">
        <a href={ev.page}>{t(l, 'manage.eventPage')}</a>
      </p>
    </Layout>
  );
}

// ---------------- confirmation and manage page ----------------
