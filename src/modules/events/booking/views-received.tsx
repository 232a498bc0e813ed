import type { VNode } from 'preact';
import { addMessages, type Lang, t } from '../../../core/i18n.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { romeIso, sessionLabel } from '../catalogue/format.js';
import { EVENTS_CSS } from '../catalogue/views.js';
import { type EventDetail, skillsCheckUrl } from '../service.js';

addMessages({
  it: {
    'received.title': 'Prenotazione ricevuta',
    'received.email': 'Ti abbiamo inviato una e-mail a {email} con il link personale per vedere, modificare o annullare la prenotazione.',
    'received.email.check':
      "Se non la trovi tra pochi minuti, guarda nella posta indesiderata. Se l'indirizzo è sbagliato, prenota di nuovo con quello giusto.",
    'received.confirmed': 'Ci sono posti liberi: nella e-mail trovi il biglietto con il codice QR. Il giorno prima ricevi un promemoria.',
    'received.waitlisted': "L'evento è al completo: la richiesta va in lista d'attesa. Se si libera un posto ti avvisiamo {how}.",
    'received.byEmail': 'per e-mail',
    'received.byPhone': 'per telefono',
    'received.noEmail':
      "Non hai indicato un indirizzo e-mail, quindi non possiamo mandarti il link per gestire la prenotazione. Per sapere se hai il posto, per cambiarla o annullarla, contatta {organiser} indicando il tuo nome e il numero di telefono. All'ingresso basta dire il tuo nome.",
    'received.yours': 'I dati che hai indicato',
    'received.name': 'Nome',
    'received.emailLabel': 'E-mail',
    'received.phone': 'Telefono',
    'received.seats': 'Posti richiesti',
    'received.event': 'Evento',
    'received.when': 'Date e orari',
    'received.where': 'Luogo',
    'received.online': 'Online',
    'received.ics': 'Aggiungi al calendario (.ics)',
    'received.eventPage': "Torna alla pagina dell'evento",
  },
  en: {
    'received.title': 'Booking received',
    'received.email': 'We have sent an e-mail to {email} with the personal link to see, change or cancel the booking.',
    'received.email.check':
      'If it has not arrived in a few minutes, look in your spam folder. If the address is wrong, book again with the right one.',
    'received.confirmed': 'There are seats left: the e-mail holds the ticket with its QR code. You get a reminder the day before.',
    'received.waitlisted': 'The event is full: the request goes on the waiting list. If a seat frees up we tell you {how}.',
    'received.byEmail': 'by e-mail',
    'received.byPhone': 'by phone',
    'received.noEmail':
      'You did not give an e-mail address, so we cannot send you the link to manage the booking. To know whether you have a seat, or to change or cancel it, contact {organiser} with your name and phone number. At the entrance just say your name.',
    'received.yours': 'What you entered',
    'received.name': 'Name',
    'received.emailLabel': 'E-mail',
    'received.phone': 'Phone',
    'received.seats': 'Seats requested',
    'received.event': 'Event',
    'received.when': 'Dates and times',
    'received.where': 'Place',
    'received.online': 'Online',
    'received.ics': 'Add to calendar (.ics)',
    'received.eventPage': 'Back to the event page',
  },
});

/** What the person typed into the form: theirs anyway, so it may be shown back. */
export interface ReceivedBooking {
  name: string;
  email: string | null;
  phone: string | null;
  seats: number;
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
  const how = r.email ? t(l, 'received.byEmail') : t(l, 'received.byPhone');
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'received.title')}
      head={EVENTS_CSS}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: ev.page, label: ev.title }, { label: t(l, 'received.title') }]}
    >
      <div class="alert alert-success" role="status">
        <h1 class="h2 mb-2">{t(l, 'received.title')}</h1>
        <p class="mb-0">
          {r.email ? t(l, 'received.email', { email: r.email }) : t(l, 'received.noEmail', { organiser: ev.organisation.name })}
        </p>
      </div>
      {r.email ? <p>{t(l, 'received.email.check')}</p> : null}
      <p>{r.status === 'confirmed' ? t(l, 'received.confirmed') : t(l, 'received.waitlisted', { how })}</p>
      <h2 class="h4">{t(l, 'received.yours')}</h2>
      <dl class="ponte-details">
        <dt>{t(l, 'received.event')}</dt>
        <dd>
          <a href={ev.page}>{ev.title}</a>
        </dd>
        <dt>{t(l, 'received.name')}</dt>
        <dd>{r.name}</dd>
        {r.email ? (
          <>
            <dt>{t(l, 'received.emailLabel')}</dt>
            <dd>{r.email}</dd>
          </>
        ) : null}
        {r.phone ? (
          <>
            <dt>{t(l, 'received.phone')}</dt>
            <dd>{r.phone}</dd>
          </>
        ) : null}
        <dt>{t(l, 'received.seats')}</dt>
        <dd>{r.seats}</dd>
      </dl>
      <EventWhenWhere l={l} event={ev} />
      {ev.askSkillsCheck ? (
        // The event's invitation, the same for everyone who books it.
        <section aria-labelledby="skills-title" class="ponte-card ponte-noprint">
          <h2 id="skills-title" class="h4">
            {t(l, 'manage.skills.title')}
          </h2>
          <p>{t(l, 'manage.skills.text')}</p>
          <p class="mb-0">
            <a class="btn btn-outline-primary" href={skillsCheckUrl(ev.id, 'prima', l)}>
              {t(l, 'manage.skills.link')}
            </a>
          </p>
        </section>
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
      <ul>
        {ev.sessions.map((s) => (
          <li>
            <time dateTime={romeIso(s.start)}>{sessionLabel(s.start, s.end, l)}</time>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/eventi/${ev.id}.ics`} download>
          {t(l, 'received.ics')}
        </a>
      </p>
      <h2 class="h4">{t(l, 'received.where')}</h2>
      {ev.venue ? (
        <p>
          <strong>{ev.venue.name}</strong>
          <br />
          {ev.venue.address}
          {ev.venue.municipality ? `, ${ev.venue.municipality.name} (${ev.venue.municipality.provinceCode})` : ''}
        </p>
      ) : (
        <p>{t(l, 'received.online')}</p>
      )}
    </>
  );
}
