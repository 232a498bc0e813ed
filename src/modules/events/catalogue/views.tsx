import { DateTime } from 'luxon';
import type { ComponentChildren, VNode } from 'preact';
import { addMessages, type Lang, t } from '../../../core/i18n.js';
import { nowIso, ZONE } from '../../../core/time.js';
import { assetUrl } from '../../../web/assets.js';
import { ErrorSummary, type Errors, Form, SelectField, TextField } from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { type EventDetail, type RegistrationView, skillsCheckUrl } from '../service.js';
import type { CatalogueItem, CataloguePage, MonthView } from './catalogue.js';
import { dayLabel, romeIso, sessionLabel, timeLabel, whenLabel } from './format.js';
import { AGE_BANDS, AUDIENCES, FORMATS, TOPICS } from './vocab.js';

addMessages({
  it: {
    'cat.title': 'Eventi e incontri',
    'cat.lead': 'Incontri, corsi e laboratori gratuiti per imparare a usare i servizi digitali. Filtra per comune, argomento o pubblico.',
    'cat.filters': 'Cerca e filtra',
    'cat.q': 'Cerca nel titolo, nella descrizione e nel luogo',
    'cat.municipality': 'Comune',
    'cat.any': 'Tutti',
    'cat.anyf': 'Tutte',
    'cat.audience': 'A chi si rivolge',
    'cat.topic': 'Argomento',
    'cat.format': 'Modalità',
    'cat.from': 'Dal giorno',
    'cat.to': 'Al giorno',
    'cat.dates.hint': 'Ad esempio 2026-12-04',
    'cat.available': 'Solo con posti liberi',
    'cat.submit': 'Mostra gli eventi',
    'cat.reset': 'Azzera i filtri',
    'cat.results': 'Eventi in programma',
    'cat.none': 'Nessun evento trovato con questi filtri. Prova a toglierne qualcuno.',
    'cat.next': 'Pagina successiva',
    'cat.first': 'Torna alla prima pagina',
    'cat.pages': 'Pagine dei risultati',
    'cat.month': 'Vedi il calendario del mese',
    'cat.list': "Vedi l'elenco degli eventi",
    'cat.feed': 'Calendario di {name} da aggiungere alla tua agenda (iCal)',
    'cat.online': 'Online',
    'cat.seatsLeft': 'Posti liberi: {n}',
    'cat.seatLeft': 'Ultimo posto libero',
    'cat.full': "Completo – lista d'attesa",
    'cat.openEntry': 'Ingresso libero senza prenotazione',
    'cat.for': 'Per',
    'cat.where': 'Dove',
    'cat.when': 'Quando',
    'cat.sessions': '{n} incontri',
    'cat.stepFree': 'accesso senza gradini',
    'month.title': 'Calendario di {month}',
    'month.caption': 'Eventi di {month}, giorno per giorno',
    'month.prev': 'Mese precedente',
    'month.next': 'Mese successivo',
    'month.list': 'Gli eventi del mese in elenco',
    'month.none': 'Nessun evento in questo mese.',
    'month.nav': 'Altri mesi',
    'month.session': 'incontro {n} di {of}',
    'month.table': 'Calendario del mese',
    'ev.when': 'Date e orari',
    'ev.where': 'Luogo',
    'ev.map': 'Vedi sulla mappa (OpenStreetMap)',
    'ev.online': 'Online: il collegamento arriva per e-mail a chi prenota.',
    'ev.stepFree.yes': 'Accesso senza gradini.',
    'ev.stepFree.no': "L'accesso ha gradini.",
    'ev.accessibility': 'Accessibilità',
    'ev.seats': 'Posti',
    'ev.seatsOf': '{left} posti liberi su {capacity}',
    'ev.seatOf': '1 posto libero su {capacity}',
    'ev.full': "Tutti i posti sono prenotati: puoi iscriverti alla lista d'attesa. Se si libera un posto ti avvisiamo per e-mail.",
    'ev.waiting': "In lista d'attesa: {n} posti.",
    'ev.organiser': 'Organizza',
    'ev.partners': 'In collaborazione con',
    'ev.audiences': 'A chi si rivolge',
    'ev.topics': 'Argomenti',
    'ev.ics': 'Aggiungi al calendario (.ics)',
    'ev.book': 'Prenota',
    'ev.bookTitle': 'Prenota un posto',
    'ev.free': 'La partecipazione è gratuita.',
    'ev.cancelled': 'Evento annullato.',
    'ev.closed.draft': 'Questo evento non è ancora pubblicato.',
    'ev.closed.cancelled': 'Questo evento è stato annullato: non si può prenotare.',
    'ev.closed.not-required': 'Ingresso libero: non serve prenotare.',
    'ev.closed.not-yet-open': 'Le prenotazioni apriranno {when}.',
    'ev.closed.closed': 'Le prenotazioni sono chiuse.',
    'ev.closed.started': "L'evento è già iniziato: non si può più prenotare.",
    'ev.closed.past': "L'evento si è già svolto.",
    'ev.bookingCloses': 'Prenotazioni aperte fino a {when}.',
    'ev.back': 'Tutti gli eventi',
    'book.name': 'Nome e cognome',
    'book.contact': 'Come ti contattiamo',
    'book.contact.hint':
      "Scrivi almeno uno tra e-mail e telefono: è obbligatorio indicarne uno. Con l'e-mail ricevi subito la conferma e il promemoria.",
    'book.email': 'Indirizzo e-mail',
    'book.phone': 'Numero di telefono',
    'book.seats': 'Numero di posti',
    'book.seats.hint': 'Al massimo {n} posti per prenotazione, ad esempio per te e chi ti accompagna.',
    'book.seat.hint': 'Un posto per prenotazione: chi ti accompagna prenota a parte.',
    'book.optional': 'Facoltativi, servono solo per statistiche anonime',
    'book.audience': 'Chi sei',
    'book.ageBand': "Fascia d'età",
    'book.none': 'Preferisco non indicarlo',
    'book.privacy': "Ho letto l'informativa privacy",
    'book.privacy.link': "Leggi l'informativa privacy",
    'book.submit': 'Prenota',
    'book.submitWaitlist': "Iscriviti alla lista d'attesa",
    'book.required': "I campi con l'asterisco (*) sono obbligatori.",
    'conf.confirmed': 'Prenotazione confermata',
    'conf.waitlisted': "Sei in lista d'attesa, posizione {n}",
    'conf.offered': "C'è un posto per te: conferma entro {when}",
    'conf.cancelled': 'Prenotazione annullata',
    'conf.next.email':
      "Ti abbiamo inviato un'e-mail con i dettagli, il biglietto con il codice QR e il link per modificare o annullare la prenotazione. Il giorno prima ricevi un promemoria.",
    'conf.next.noEmail': 'Conserva questa pagina: il suo indirizzo è il tuo link personale per modificare o annullare la prenotazione.',
    'conf.next.waitlist': "Se si libera un posto ti avvisiamo {how}. Puoi lasciare la lista d'attesa quando vuoi.",
    'conf.byEmail': 'per e-mail',
    'conf.byPhone': 'per telefono',
    'manage.title': 'La tua prenotazione',
    'manage.event': 'Evento',
    'manage.status': 'Stato',
    'manage.seats': 'Posti',
    'manage.ticket': 'Codice del biglietto',
    'manage.contact': 'Recapito',
    'manage.position': "Posizione in lista d'attesa: {n}",
    'manage.online': 'Collegamento per partecipare online',
    'manage.changeSeats': 'Cambia il numero di posti',
    'manage.changeSeats.submit': 'Salva il numero di posti',
    'manage.cancel': 'Annulla la prenotazione',
    'manage.leave': "Lascia la lista d'attesa",
    'manage.accept': 'Accetto il posto',
    'manage.decline': 'Rinuncio al posto',
    'manage.offer': 'Si è liberato un posto per te. Confermalo entro {when}, altrimenti passa alla persona successiva in lista.',
    'manage.saved': 'Modifiche salvate.',
    'manage.cancelled': "La prenotazione è annullata. Grazie di averci avvisato: il posto va a chi è in lista d'attesa.",
    'manage.accepted': 'Hai confermato il posto: ti aspettiamo.',
    'manage.declined': 'Hai rinunciato al posto. Grazie di averci avvisato.',
    'erase.title': 'Cancella i tuoi dati',
    'erase.intro':
      'Puoi cancellare quando vuoi il tuo nome, la tua e-mail e il tuo telefono da questa prenotazione. Restano solo numeri anonimi per le statistiche (posti, fascia d’età).',
    'erase.future': 'L’evento non si è ancora svolto: la prenotazione sarà anche annullata e il posto passerà a chi aspetta.',
    'erase.link': 'Cancella i miei dati',
    'erase.confirm': 'Sì, cancella i miei dati',
    'erase.keep': 'No, torna alla prenotazione',
    'erase.done.title': 'I tuoi dati sono stati cancellati',
    'erase.done.body':
      'Non conserviamo più il tuo nome, la tua e-mail e il tuo telefono per questa prenotazione. Il link che hai usato non funziona più.',
    'manage.confirm.title': 'Vuoi davvero annullare?',
    'manage.confirm.body': "Stai per annullare la prenotazione di {seats} posti per «{title}». L'operazione non si può annullare.",
    'manage.confirm.leave': "Stai per lasciare la lista d'attesa per «{title}».",
    'manage.confirm.yes': 'Sì, annulla la prenotazione',
    'manage.confirm.yesLeave': "Sì, lascia la lista d'attesa",
    'manage.confirm.no': 'No, torna alla prenotazione',
    'manage.ics': 'Aggiungi al calendario (.ics)',
    'manage.eventPage': "Pagina dell'evento",
    'manage.print': 'Stampa questa pagina e portala con te, oppure mostra il codice dal telefono.',
    'manage.skills.title': 'Il test delle competenze digitali',
    'manage.skills.text':
      "Prima dell'evento fai il test breve sulle competenze digitali: dura circa 5 minuti, è anonimo e aiuta gli organizzatori a preparare l'incontro.",
    'manage.skills.link': 'Fai il test breve',
  },
  en: {
    'cat.title': 'Events and meetings',
    'cat.lead': 'Free meetings, courses and workshops to learn how to use digital services. Filter by municipality, topic or audience.',
    'cat.filters': 'Search and filter',
    'cat.q': 'Search title, description and place',
    'cat.municipality': 'Municipality',
    'cat.any': 'All',
    'cat.anyf': 'All',
    'cat.audience': 'Who it is for',
    'cat.topic': 'Topic',
    'cat.format': 'Format',
    'cat.from': 'From',
    'cat.to': 'To',
    'cat.dates.hint': 'For example 2026-12-04',
    'cat.available': 'Only with free seats',
    'cat.submit': 'Show events',
    'cat.reset': 'Clear filters',
    'cat.results': 'Upcoming events',
    'cat.none': 'No events match these filters. Try removing some.',
    'cat.next': 'Next page',
    'cat.first': 'Back to the first page',
    'cat.pages': 'Result pages',
    'cat.month': 'See the month calendar',
    'cat.list': 'See the list of events',
    'cat.feed': 'Calendar of {name} for your diary (iCal)',
    'cat.online': 'Online',
    'cat.seatsLeft': 'Free seats: {n}',
    'cat.seatLeft': 'Last free seat',
    'cat.full': 'Full – waiting list',
    'cat.openEntry': 'Open entry, no booking',
    'cat.for': 'For',
    'cat.where': 'Where',
    'cat.when': 'When',
    'cat.sessions': '{n} meetings',
    'cat.stepFree': 'step-free access',
    'month.title': 'Calendar of {month}',
    'month.caption': 'Events of {month}, day by day',
    'month.prev': 'Previous month',
    'month.next': 'Next month',
    'month.list': "The month's events as a list",
    'month.none': 'No events this month.',
    'month.nav': 'Other months',
    'month.session': 'meeting {n} of {of}',
    'month.table': 'Month calendar',
    'ev.when': 'Dates and times',
    'ev.where': 'Place',
    'ev.map': 'See on the map (OpenStreetMap)',
    'ev.online': 'Online: the link is e-mailed to people who book.',
    'ev.stepFree.yes': 'Step-free access.',
    'ev.stepFree.no': 'Access has steps.',
    'ev.accessibility': 'Accessibility',
    'ev.seats': 'Seats',
    'ev.seatsOf': '{left} free seats of {capacity}',
    'ev.seatOf': '1 free seat of {capacity}',
    'ev.full': 'All seats are booked: you can join the waiting list. If a seat frees up we tell you by e-mail.',
    'ev.waiting': 'On the waiting list: {n} seats.',
    'ev.organiser': 'Organised by',
    'ev.partners': 'With',
    'ev.audiences': 'Who it is for',
    'ev.topics': 'Topics',
    'ev.ics': 'Add to calendar (.ics)',
    'ev.book': 'Book',
    'ev.bookTitle': 'Book a seat',
    'ev.free': 'Taking part is free.',
    'ev.cancelled': 'Event cancelled.',
    'ev.closed.draft': 'This event is not published yet.',
    'ev.closed.cancelled': 'This event has been cancelled: it cannot be booked.',
    'ev.closed.not-required': 'Open entry: no need to book.',
    'ev.closed.not-yet-open': 'Booking opens {when}.',
    'ev.closed.closed': 'Booking is closed.',
    'ev.closed.started': 'The event has started: it can no longer be booked.',
    'ev.closed.past': 'The event has taken place.',
    'ev.bookingCloses': 'Booking open until {when}.',
    'ev.back': 'All events',
    'book.name': 'Full name',
    'book.contact': 'How we contact you',
    'book.contact.hint':
      'Give at least one of e-mail and phone: one is required. With an e-mail you get the confirmation and the reminder at once.',
    'book.email': 'E-mail address',
    'book.phone': 'Phone number',
    'book.seats': 'Number of seats',
    'book.seats.hint': 'At most {n} seats per booking, e.g. for you and whoever comes with you.',
    'book.seat.hint': 'One seat per booking: whoever comes with you books separately.',
    'book.optional': 'Optional, used only for anonymous statistics',
    'book.audience': 'Who you are',
    'book.ageBand': 'Age band',
    'book.none': 'I prefer not to say',
    'book.privacy': 'I have read the privacy notice',
    'book.privacy.link': 'Read the privacy notice',
    'book.submit': 'Book',
    'book.submitWaitlist': 'Join the waiting list',
    'book.required': 'Fields with an asterisk (*) are required.',
    'conf.confirmed': 'Booking confirmed',
    'conf.waitlisted': 'You are on the waiting list, position {n}',
    'conf.offered': 'A seat is yours: confirm by {when}',
    'conf.cancelled': 'Booking cancelled',
    'conf.next.email':
      'We have sent you an e-mail with the details, the ticket with its QR code and the link to change or cancel the booking. You get a reminder the day before.',
    'conf.next.noEmail': 'Keep this page: its address is your personal link to change or cancel the booking.',
    'conf.next.waitlist': 'If a seat frees up we tell you {how}. You can leave the waiting list at any time.',
    'conf.byEmail': 'by e-mail',
    'conf.byPhone': 'by phone',
    'manage.title': 'Your booking',
    'manage.event': 'Event',
    'manage.status': 'Status',
    'manage.seats': 'Seats',
    'manage.ticket': 'Ticket code',
    'manage.contact': 'Contact',
    'manage.position': 'Place on the waiting list: {n}',
    'manage.online': 'Link to take part online',
    'manage.changeSeats': 'Change the number of seats',
    'manage.changeSeats.submit': 'Save the number of seats',
    'manage.cancel': 'Cancel the booking',
    'manage.leave': 'Leave the waiting list',
    'manage.accept': 'I accept the seat',
    'manage.decline': 'I give up the seat',
    'manage.offer': 'A seat has freed up for you. Confirm it by {when}, or it goes to the next person in line.',
    'manage.saved': 'Changes saved.',
    'manage.cancelled': 'The booking is cancelled. Thank you for letting us know: the seat goes to the waiting list.',
    'manage.accepted': 'You have confirmed the seat: see you there.',
    'manage.declined': 'You gave up the seat. Thank you for letting us know.',
    'erase.title': 'Erase your data',
    'erase.intro':
      'You can erase your name, e-mail and phone from this booking at any time. Only anonymous figures stay for the statistics (seats, age band).',
    'erase.future':
      'The event has not taken place yet: the booking will also be cancelled and the seat will go to the next person waiting.',
    'erase.link': 'Erase my data',
    'erase.confirm': 'Yes, erase my data',
    'erase.keep': 'No, back to the booking',
    'erase.done.title': 'Your data has been erased',
    'erase.done.body': 'We no longer keep your name, e-mail and phone for this booking. The link you used no longer works.',
    'manage.confirm.title': 'Do you really want to cancel?',
    'manage.confirm.body': 'You are about to cancel the booking of {seats} seats for “{title}”. This cannot be undone.',
    'manage.confirm.leave': 'You are about to leave the waiting list for “{title}”.',
    'manage.confirm.yes': 'Yes, cancel the booking',
    'manage.confirm.yesLeave': 'Yes, leave the waiting list',
    'manage.confirm.no': 'No, back to the booking',
    'manage.ics': 'Add to calendar (.ics)',
    'manage.eventPage': 'Event page',
    'manage.print': 'Print this page and bring it, or show the code on your phone.',
    'manage.skills.title': 'The digital-competence test',
    'manage.skills.text':
      'Before the event, please take the short digital-competence test: it takes about 5 minutes, is anonymous and helps the organisers prepare.',
    'manage.skills.link': 'Take the short test',
  },
});

/** A region that scrolls sideways on small screens; it takes focus so keyboard users can scroll it. */
export function ScrollRegion(props: { label: string; class?: string; children: ComponentChildren }): VNode {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard
    <div class={`table-responsive${props.class ? ` ${props.class}` : ''}`} role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}

export const EVENTS_CSS = <link rel="stylesheet" href={assetUrl('events.css')} />;

const vocab = (l: Lang, prefix: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: t(l, `${prefix}.${c}`) }));

function placeLine(l: Lang, item: Pick<CatalogueItem, 'venue' | 'municipality' | 'format'>): string {
  const parts: string[] = [];
  if (item.venue) parts.push(item.venue.name, item.venue.address);
  if (item.municipality) parts.push(`${item.municipality.name} (${item.municipality.provinceCode})`);
  if (item.format === 'online') return t(l, 'cat.online');
  return parts.join(', ');
}

function seatsLine(l: Lang, item: { bookingRequired: boolean; full: boolean; seatsLeft: number }): string {
  if (!item.bookingRequired) return t(l, 'cat.openEntry');
  if (item.full) return t(l, 'cat.full');
  if (item.seatsLeft === 1) return t(l, 'cat.seatLeft');
  return t(l, 'cat.seatsLeft', { n: item.seatsLeft });
}

function seatsOf(l: Lang, ev: { seatsLeft: number; capacity: number }): string {
  return ev.seatsLeft === 1
    ? t(l, 'ev.seatOf', { capacity: ev.capacity })
    : t(l, 'ev.seatsOf', { left: ev.seatsLeft, capacity: ev.capacity });
}

function seatsHint(l: Lang, max: number): string {
  return max === 1 ? t(l, 'book.seat.hint') : t(l, 'book.seats.hint', { n: max });
}

// ---------------- catalogue ----------------

export type FilterValues = Record<string, string | undefined>;

/** The query string of the catalogue with these filters (and optionally a cursor). */
export function catalogueQuery(values: FilterValues, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== 'cursor' && k !== 'lang') p.set(k, v);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

function FilterForm(props: {
  l: Lang;
  values: FilterValues;
  errors: Errors;
  municipalities: { code: string; name: string; provinceCode: string }[];
  action: string;
}): VNode {
  const { l, values: v, errors: e } = props;
  return (
    <Form action={props.action} method="get" class="ponte-filters">
      <TextField name="q" type="search" label={t(l, 'cat.q')} value={v.q} error={e.q} maxLength={200} />
      <div class="ponte-filter-grid">
        <SelectField
          name="municipality"
          label={t(l, 'cat.municipality')}
          value={v.municipality}
          error={e.municipality}
          placeholder={t(l, 'cat.any')}
          options={props.municipalities.map((m) => ({ value: m.code, label: `${m.name} (${m.provinceCode})` }))}
        />
        <SelectField
          name="audience"
          label={t(l, 'cat.audience')}
          value={v.audience}
          error={e.audience}
          placeholder={t(l, 'cat.any')}
          options={vocab(l, 'audience', AUDIENCES)}
        />
        <SelectField
          name="topic"
          label={t(l, 'cat.topic')}
          value={v.topic}
          error={e.topic}
          placeholder={t(l, 'cat.any')}
          options={vocab(l, 'topic', TOPICS)}
        />
        <SelectField
          name="format"
          label={t(l, 'cat.format')}
          value={v.format}
          error={e.format}
          placeholder={t(l, 'cat.anyf')}
          options={vocab(l, 'format', FORMATS)}
        />
        <TextField name="from" type="date" label={t(l, 'cat.from')} value={v.from} error={e.from} hint={t(l, 'cat.dates.hint')} />
        <TextField name="to" type="date" label={t(l, 'cat.to')} value={v.to} error={e.to} hint={t(l, 'cat.dates.hint')} />
      </div>
      <div class="form-check mb-3">
        <input class="form-check-input" type="checkbox" id="f-available" name="available" value="1" checked={v.available === '1'} />
        <label class="form-check-label" for="f-available">
          {t(l, 'cat.available')}
        </label>
      </div>
      <div class="ponte-actions">
        <button type="submit" class="btn btn-primary">
          {t(l, 'cat.submit')}
        </button>
        <a href={props.action}>{t(l, 'cat.reset')}</a>
      </div>
    </Form>
  );
}

export function EventCard(props: { l: Lang; item: CatalogueItem; headingLevel?: 2 | 3 }): VNode {
  const { l, item } = props;
  const H = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="ponte-card ponte-event">
      <H class="h5 mb-2">
        <a href={item.page}>{item.title}</a>
      </H>
      <dl class="ponte-event-facts">
        <dt>{t(l, 'cat.when')}</dt>
        <dd>
          <time dateTime={romeIso(item.start)}>{whenLabel(item.start, l)}</time>
        </dd>
        <dt>{t(l, 'cat.where')}</dt>
        <dd>
          {placeLine(l, item)}
          {item.format !== 'online' && item.venue?.stepFree ? ` · ${t(l, 'cat.stepFree')}` : ''}
          {' · '}
          {t(l, `format.${item.format}`)}
        </dd>
        <dt>{t(l, 'ev.seats')}</dt>
        <dd class={item.full && item.bookingRequired ? 'ponte-full' : undefined}>{seatsLine(l, item)}</dd>
        {item.audiences.length > 0 ? (
          <>
            <dt>{t(l, 'cat.for')}</dt>
            <dd>{item.audiences.map((a) => t(l, `audience.${a}`)).join(', ')}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

export function CataloguePageView(props: {
  ctx: PageContext;
  values: FilterValues;
  errors?: Errors;
  result: CataloguePage;
  municipalities: { code: string; name: string; provinceCode: string }[];
  feed?: { href: string; name: string };
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const v = props.values;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'cat.title')}
      head={EVENTS_CSS}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { label: t(l, 'cat.title') }]}
    >
      <h1>{t(l, 'cat.title')}</h1>
      <p class="lead">{t(l, 'cat.lead')}</p>
      <p>
        <a href={`/eventi/mese${catalogueQuery(v, {})}`}>{t(l, 'cat.month')}</a>
      </p>
      <section aria-labelledby="filters-title" class="mb-4">
        <h2 id="filters-title" class="h4">
          {t(l, 'cat.filters')}
        </h2>
        <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
        <FilterForm l={l} values={v} errors={errors} municipalities={props.municipalities} action="/eventi" />
      </section>
      <section aria-labelledby="results-title">
        <h2 id="results-title" class="h4">
          {t(l, 'cat.results')}
        </h2>
        {props.feed ? (
          <p>
            <a href={props.feed.href}>{t(l, 'cat.feed', { name: props.feed.name })}</a>
          </p>
        ) : null}
        {props.result.items.length === 0 ? (
          <p>{t(l, 'cat.none')}</p>
        ) : (
          <ul class="list-unstyled ponte-events">
            {props.result.items.map((item) => (
              <EventCard l={l} item={item} />
            ))}
          </ul>
        )}
        {props.result.next || v.cursor ? (
          <nav aria-label={t(l, 'cat.pages')} class="ponte-actions mt-3">
            {v.cursor ? <a href={`/eventi${catalogueQuery(v)}`}>{t(l, 'cat.first')}</a> : null}
            {props.result.next ? (
              <a class="btn btn-outline-primary" href={`/eventi${catalogueQuery(v, { cursor: props.result.next })}`} rel="next">
                {t(l, 'cat.next')}
              </a>
            ) : null}
          </nav>
        ) : null}
      </section>
    </Layout>
  );
}

// ---------------- month ----------------

function monthName(year: number, month: number, l: Lang): string {
  const s = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).setLocale(l).toFormat('LLLL yyyy');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function MonthPageView(props: {
  ctx: PageContext;
  month: MonthView;
  values: FilterValues;
  errors?: Errors;
  municipalities: { code: string; name: string; provinceCode: string }[];
}): VNode {
  const l = props.ctx.lang;
  const { year, month, entries } = props.month;
  const name = monthName(year, month, l);
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).setLocale(l);
  const prev = first.minus({ months: 1 });
  const next = first.plus({ months: 1 });
  const byDay = new Map<string, typeof entries>();
  for (const e of entries) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
  // Weeks from Monday: leading blanks, the days, trailing blanks.
  const cells: (DateTime | null)[] = [];
  for (let i = 1; i < first.weekday; i++) cells.push(null);
  for (let d = 0; d < first.daysInMonth!; d++) cells.push(first.plus({ days: d }));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (DateTime | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const weekdays = Array.from({ length: 7 }, (_, i) => first.set({ weekday: (i + 1) as 1 }));
  const filters = { ...props.values, anno: undefined, mese: undefined };
  const monthHref = (dt: DateTime) => `/eventi/mese${catalogueQuery(filters, { anno: String(dt.year), mese: String(dt.month) })}`;
  const days = [...byDay.keys()].sort();
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'month.title', { month: name })}
      head={EVENTS_CSS}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/eventi', label: t(l, 'cat.title') }, { label: name }]}
    >
      <h1>{t(l, 'month.title', { month: name })}</h1>
      <p>
        <a href={`/eventi${catalogueQuery(filters)}`}>{t(l, 'cat.list')}</a>
      </p>
      <nav aria-label={t(l, 'month.nav')} class="ponte-actions mb-3">
        <a class="btn btn-outline-primary" href={monthHref(prev)}>
          {t(l, 'month.prev')}: {monthName(prev.year, prev.month, l)}
        </a>
        <a class="btn btn-outline-primary" href={monthHref(next)}>
          {t(l, 'month.next')}: {monthName(next.year, next.month, l)}
        </a>
      </nav>
      <details class="mb-3">
        <summary>{t(l, 'cat.filters')}</summary>
        <ErrorSummary errors={props.errors ?? {}} title={t(l, 'form.errors')} />
        <Form action="/eventi/mese" method="get" class="ponte-filters mt-2">
          <input type="hidden" name="anno" value={String(year)} />
          <input type="hidden" name="mese" value={String(month)} />
          <div class="ponte-filter-grid">
            <SelectField
              name="municipality"
              label={t(l, 'cat.municipality')}
              value={props.values.municipality}
              placeholder={t(l, 'cat.any')}
              options={props.municipalities.map((m) => ({ value: m.code, label: `${m.name} (${m.provinceCode})` }))}
            />
            <SelectField
              name="audience"
              label={t(l, 'cat.audience')}
              value={props.values.audience}
              placeholder={t(l, 'cat.any')}
              options={vocab(l, 'audience', AUDIENCES)}
            />
            <SelectField
              name="topic"
              label={t(l, 'cat.topic')}
              value={props.values.topic}
              placeholder={t(l, 'cat.any')}
              options={vocab(l, 'topic', TOPICS)}
            />
            <SelectField
              name="format"
              label={t(l, 'cat.format')}
              value={props.values.format}
              placeholder={t(l, 'cat.anyf')}
              options={vocab(l, 'format', FORMATS)}
            />
          </div>
          <button type="submit" class="btn btn-primary">
            {t(l, 'cat.submit')}
          </button>
        </Form>
      </details>
      <ScrollRegion label={t(l, 'month.table')} class="ponte-month d-none d-md-block">
        <table class="table table-bordered ponte-calendar">
          <caption>{t(l, 'month.caption', { month: name })}</caption>
          <thead>
            <tr>
              {weekdays.map((d) => (
                <th scope="col">
                  <abbr title={d.toFormat('cccc')}>{d.toFormat('ccc')}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                {week.map((d) => {
                  if (!d) return <td class="ponte-blank" />;
                  const list = byDay.get(d.toISODate() ?? '') ?? [];
                  return (
                    <td>
                      <span class="ponte-day">
                        <span class="visually-hidden">{d.toFormat('cccc d LLLL')}</span>
                        <span aria-hidden="true">{d.day}</span>
                      </span>
                      {list.length ? (
                        <ul class="list-unstyled mb-0">
                          {list.map((e) => (
                            <li>
                              <a href={e.event.page}>
                                {timeLabel(e.start, l)} {e.event.title}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <section aria-labelledby="month-list">
        <h2 id="month-list" class="h4">
          {t(l, 'month.list')}
        </h2>
        {days.length === 0 ? <p>{t(l, 'month.none')}</p> : null}
        {days.map((day) => (
          <div class="mb-3">
            <h3 class="h6 mb-1">{dayLabel(byDay.get(day)![0].start, l)}</h3>
            <ul class="mb-0">
              {byDay.get(day)!.map((e) => (
                <li>
                  <time dateTime={romeIso(e.start)}>{timeLabel(e.start, l)}</time> <a href={e.event.page}>{e.event.title}</a>
                  {e.sessions > 1 ? ` (${t(l, 'month.session', { n: e.session, of: e.sessions })})` : ''} · {placeLine(l, e.event)} ·{' '}
                  {seatsLine(l, e.event)}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </Layout>
  );
}

// ---------------- event page ----------------

/** What an event page says of its organiser beyond the event itself: where to find it on the web. */
export interface EventOrganiser {
  /** The organisation's website, else its events on Ponte. */
  url: string;
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
    : ev.full
      ? 'https://schema.org/SoldOut'
      : ev.seatsLeft <= Math.max(3, Math.floor(ev.capacity / 10))
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
    remainingAttendeeCapacity: ev.seatsLeft,
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

export function BookingForm(props: { ctx: PageContext; event: EventDetail; values?: FilterValues; errors?: Errors }): VNode {
  const l = props.ctx.lang;
  const ev = props.event;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const labels = Object.fromEntries(Object.entries(BOOKING_LABELS).map(([k, key]) => [k, t(l, key)]));
  const seats = Array.from({ length: Math.max(1, ev.maxSeatsPerBooking) }, (_, i) => String(i + 1));
  return (
    <div class="ponte-booking">
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={labels} />
      {e._ ? (
        <div class="alert alert-danger" role="alert" id="booking-problem">
          {e._}
        </div>
      ) : null}
      {ev.full ? (
        <div class="alert alert-warning" role="status">
          {t(l, 'ev.full')}
        </div>
      ) : null}
      <p>{t(l, 'book.required')}</p>
      <Form action={`/eventi/${ev.id}/prenota`} csrf={props.ctx.csrf}>
        <TextField name="name" label={t(l, 'book.name')} required value={v.name} error={e.name} maxLength={120} autocomplete="name" />
        <fieldset class="mb-3 ponte-fieldset" aria-describedby="h-contact">
          <legend class="h6">{t(l, 'book.contact')}</legend>
          <p id="h-contact" class="form-text">
            {t(l, 'book.contact.hint')}
          </p>
          <TextField
            name="email"
            type="email"
            label={t(l, 'book.email')}
            value={v.email}
            error={e.email}
            maxLength={254}
            autocomplete="email"
          />
          <TextField name="phone" type="tel" label={t(l, 'book.phone')} value={v.phone} error={e.phone} maxLength={30} autocomplete="tel" />
        </fieldset>
        <SelectField
          name="seats"
          label={t(l, 'book.seats')}
          required
          value={v.seats ?? '1'}
          error={e.seats}
          hint={seatsHint(l, ev.maxSeatsPerBooking)}
          options={seats.map((s) => ({ value: s, label: s }))}
        />
        <fieldset class="mb-3 ponte-fieldset">
          <legend class="h6">{t(l, 'book.optional')}</legend>
          <SelectField
            name="audience"
            label={t(l, 'book.audience')}
            value={v.audience}
            error={e.audience}
            placeholder={t(l, 'book.none')}
            options={vocab(l, 'audience', AUDIENCES)}
          />
          <SelectField
            name="ageBand"
            label={t(l, 'book.ageBand')}
            value={v.ageBand}
            error={e.ageBand}
            placeholder={t(l, 'book.none')}
            options={vocab(l, 'ageBand', AGE_BANDS)}
          />
        </fieldset>
        <div class="form-check mb-3">
          <input
            class="form-check-input"
            type="checkbox"
            id="f-privacyAccepted"
            name="privacyAccepted"
            value="1"
            required
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
        <button type="submit" class="btn btn-primary">
          {ev.full ? t(l, 'book.submitWaitlist') : t(l, 'book.submit')}
        </button>
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

function EventFacts(props: { l: Lang; event: EventDetail; baseUrl: string }): VNode {
  const { l, event: ev } = props;
  return (
    <>
      <section aria-labelledby="when-title">
        <h2 id="when-title" class="h4">
          {t(l, 'ev.when')}
        </h2>
        <ul>
          {ev.sessions.map((s) => (
            <li>
              <time dateTime={romeIso(s.start)}>{sessionLabel(s.start, s.end, l)}</time>
            </li>
          ))}
        </ul>
        <p>
          <a href={`/eventi/${ev.id}.ics`} download>
            {t(l, 'ev.ics')}
          </a>
        </p>
      </section>
      <section aria-labelledby="where-title">
        <h2 id="where-title" class="h4">
          {t(l, 'ev.where')}
        </h2>
        {ev.venue ? (
          <>
            <p class="mb-1">
              <strong>{ev.venue.name}</strong>
              <br />
              {ev.venue.address}
              {ev.venue.municipality ? `, ${ev.venue.municipality.name} (${ev.venue.municipality.provinceCode})` : ''}
            </p>
            <p class="mb-1">
              <a href={ev.venue.mapUrl}>{t(l, 'ev.map')}</a>
            </p>
          </>
        ) : null}
        {ev.format !== 'in_presenza' ? <p class="mb-1">{t(l, 'ev.online')}</p> : null}
        <p class="mb-1">{t(l, 'format.' + ev.format)}</p>
        {ev.venue || ev.accessibility ? (
          <>
            <h3 class="h6 mt-3">{t(l, 'ev.accessibility')}</h3>
            {ev.venue ? <p class="mb-1">{ev.venue.stepFree ? t(l, 'ev.stepFree.yes') : t(l, 'ev.stepFree.no')}</p> : null}
            {ev.venue?.accessibility ? <p class="mb-1">{ev.venue.accessibility}</p> : null}
            {ev.accessibility ? <p class="mb-1">{ev.accessibility}</p> : null}
          </>
        ) : null}
      </section>
      <section aria-labelledby="seats-title">
        <h2 id="seats-title" class="h4">
          {t(l, 'ev.seats')}
        </h2>
        <p class="mb-1">{ev.bookingRequired ? (ev.full ? t(l, 'cat.full') : seatsOf(l, ev)) : t(l, 'cat.openEntry')}</p>
        {ev.bookingRequired && ev.waiting > 0 ? <p class="mb-1">{t(l, 'ev.waiting', { n: ev.waiting })}</p> : null}
        <p>{t(l, 'ev.free')}</p>
      </section>
      <section aria-labelledby="who-title">
        <h2 id="who-title" class="h4">
          {t(l, 'ev.organiser')}
        </h2>
        <p class="mb-1">{ev.organisation.name}</p>
        {ev.partners.length ? (
          <p>
            {t(l, 'ev.partners')}: {ev.partners.map((p) => p.name).join(', ')}
          </p>
        ) : null}
        {ev.audiences.length ? (
          <>
            <h3 class="h6 mt-3">{t(l, 'ev.audiences')}</h3>
            <ul>
              {ev.audiences.map((a) => (
                <li>{t(l, `audience.${a}`)}</li>
              ))}
            </ul>
          </>
        ) : null}
        {ev.topics.length ? (
          <>
            <h3 class="h6 mt-3">{t(l, 'ev.topics')}</h3>
            <ul>
              {ev.topics.map((a) => (
                <li>{t(l, `topic.${a}`)}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

export function EventPageView(props: {
  ctx: PageContext;
  event: EventDetail;
  baseUrl: string;
  organiser: EventOrganiser;
  values?: FilterValues;
  errors?: Errors;
}): VNode {
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
          {jsonLd}
        </>
      }
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/eventi', label: t(l, 'cat.title') }, { label: ev.title }]}
    >
      <article>
        <h1>{ev.title}</h1>
        <p class="lead mb-2">
          {t(l, `eventType.${ev.type}`)} · <time dateTime={romeIso(ev.start)}>{whenLabel(ev.start, l)}</time>
          {ev.municipality && ev.format !== 'online' ? ` · ${ev.municipality.name}` : ''}
        </p>
        {ev.status === 'cancelled' ? (
          <div class="alert alert-danger" role="status">
            <strong>{t(l, 'ev.cancelled')}</strong> {ev.cancelReason ?? ''}
          </div>
        ) : null}
        {ev.description ? (
          <div class="ponte-description">
            {ev.description.split(/\n{2,}/).map((para) => (
              <p>{para}</p>
            ))}
          </div>
        ) : null}
        <div class="ponte-event-layout">
          <div>
            <EventFacts l={l} event={ev} baseUrl={props.baseUrl} />
          </div>
          <section aria-labelledby="book-title" id="prenota" class="ponte-card">
            <h2 id="book-title" class="h4">
              {t(l, 'ev.bookTitle')}
            </h2>
            {ev.bookingOpen ? (
              <>
                {ev.bookingClosesAt ? <p>{t(l, 'ev.bookingCloses', { when: whenLabel(ev.bookingClosesAt, l) })}</p> : null}
                <BookingForm ctx={props.ctx} event={ev} values={props.values} errors={props.errors} />
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
export function BookingPageView(props: { ctx: PageContext; event: EventDetail; values?: FilterValues; errors?: Errors }): VNode {
  const l = props.ctx.lang;
  const ev = props.event;
  const hasErrors = Object.keys(props.errors ?? {}).length > 0;
  return (
    <Layout
      ctx={props.ctx}
      title={`${hasErrors ? `${t(l, 'form.errors')} – ` : ''}${t(l, 'ev.bookTitle')}: ${ev.title}`}
      head={EVENTS_CSS}
      crumbs={[
        { href: '/', label: t(l, 'nav.home') },
        { href: '/eventi', label: t(l, 'cat.title') },
        { href: ev.page, label: ev.title },
        { label: t(l, 'ev.book') },
      ]}
    >
      <h1>
        {t(l, 'ev.bookTitle')}: {ev.title}
      </h1>
      <p class="lead">
        {ev.sessions.map((s) => sessionLabel(s.start, s.end, l)).join('; ')}
        {ev.venue ? ` · ${ev.venue.name}, ${ev.venue.address}` : ''}
        {ev.venue?.municipality ? `, ${ev.venue.municipality.name}` : ''}
      </p>
      <p>{ev.bookingRequired ? (ev.full ? t(l, 'cat.full') : seatsOf(l, ev)) : ''}</p>
      {ev.bookingOpen ? (
        <div class="col-12 col-md-8 col-lg-6 px-0">
          <BookingForm ctx={props.ctx} event={ev} values={props.values} errors={props.errors} />
        </div>
      ) : (
        <>
          {props.errors?._ ? (
            <div class="alert alert-danger" role="alert">
              {props.errors._}
            </div>
          ) : null}
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
}): VNode {
  const l = props.ctx.lang;
  const r = props.registration;
  const ev = props.event;
  const headline = statusHeadline(l, r);
  const tokenField = <input type="hidden" name="token" value={props.token} />;
  const live = r.status !== 'cancelled';
  const eventOpen = ev.status === 'published' && ev.end > nowIso();
  const seatOptions = Array.from({ length: Math.max(ev.maxSeatsPerBooking, r.seats) }, (_, i) => String(i + 1));
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
      {e._ ? (
        <div class="alert alert-danger" role="alert">
          {e._}
        </div>
      ) : null}
      <dl class="ponte-details">
        <dt>{t(l, 'manage.event')}</dt>
        <dd>
          <a href={ev.page}>{ev.title}</a>
        </dd>
        <dt>{t(l, 'ev.when')}</dt>
        <dd>
          {ev.sessions.map((s) => (
            <span class="d-block">
              <time dateTime={romeIso(s.start)}>{sessionLabel(s.start, s.end, l)}</time>
            </span>
          ))}
        </dd>
        {ev.venue ? (
          <>
            <dt>{t(l, 'ev.where')}</dt>
            <dd>
              {ev.venue.name}, {ev.venue.address}
              {ev.venue.municipality ? `, ${ev.venue.municipality.name}` : ''} · <a href={ev.venue.mapUrl}>{t(l, 'ev.map')}</a>
            </dd>
          </>
        ) : null}
        <dt>{t(l, 'manage.status')}</dt>
        <dd>
          {t(l, `registrationStatus.${r.status}`)}
          {r.status === 'waitlisted' && r.position ? ` · ${t(l, 'manage.position', { n: r.position })}` : ''}
        </dd>
        <dt>{t(l, 'manage.seats')}</dt>
        <dd>{r.seats}</dd>
        {r.status === 'confirmed' ? (
          <>
            <dt>{t(l, 'manage.ticket')}</dt>
            <dd>
              <strong class="ponte-ticket">{r.ticketCode}</strong>
            </dd>
          </>
        ) : null}
        <dt>{t(l, 'manage.contact')}</dt>
        <dd>{[r.name, r.email, r.phone].filter(Boolean).join(' · ')}</dd>
        {props.onlineUrl && r.status === 'confirmed' ? (
          <>
            <dt>{t(l, 'manage.online')}</dt>
            <dd>
              <a href={props.onlineUrl}>{props.onlineUrl}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {r.status === 'confirmed' ? <p class="ponte-noprint">{t(l, 'manage.print')}</p> : null}
      <p>
        <a href={`/prenotazioni/${r.id}.ics${q}`} download>
          {t(l, 'manage.ics')}
        </a>
      </p>
      {skillsCheck ? (
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
      {live && eventOpen && r.status === 'offered' ? (
        <section aria-labelledby="offer-title" class="ponte-card">
          <h2 id="offer-title" class="h4">
            {headline}
          </h2>
          <p>{t(l, 'manage.offer', { when: r.offerExpiresAt ? whenLabel(r.offerExpiresAt, l) : '' })}</p>
          <div class="ponte-actions">
            <Form action={`/prenotazioni/${r.id}/accetta`} csrf={props.ctx.csrf}>
              {tokenField}
              <button type="submit" class="btn btn-primary">
                {t(l, 'manage.accept')}
              </button>
            </Form>
            <Form action={`/prenotazioni/${r.id}/rifiuta`} csrf={props.ctx.csrf}>
              {tokenField}
              <button type="submit" class="btn btn-outline-primary">
                {t(l, 'manage.decline')}
              </button>
            </Form>
          </div>
        </section>
      ) : null}
      {live && eventOpen && (r.status === 'confirmed' || r.status === 'waitlisted') && seatOptions.length > 1 ? (
        <section aria-labelledby="seats-change" class="mt-4">
          <h2 id="seats-change" class="h4">
            {t(l, 'manage.changeSeats')}
          </h2>
          <Form action={`/prenotazioni/${r.id}/posti`} csrf={props.ctx.csrf} class="col-12 col-md-6 px-0">
            {tokenField}
            <SelectField
              name="seats"
              label={t(l, 'book.seats')}
              value={String(r.seats)}
              error={e.seats}
              hint={seatsHint(l, ev.maxSeatsPerBooking)}
              options={seatOptions.map((s) => ({ value: s, label: s }))}
            />
            <button type="submit" class="btn btn-outline-primary">
              {t(l, 'manage.changeSeats.submit')}
            </button>
          </Form>
        </section>
      ) : null}
      {live && eventOpen && r.status !== 'offered' ? (
        <section aria-labelledby="cancel-title" class="mt-4">
          <h2 id="cancel-title" class="h4">
            {r.status === 'waitlisted' ? t(l, 'manage.leave') : t(l, 'manage.cancel')}
          </h2>
          <p>
            <a class="btn btn-outline-danger" href={`/prenotazioni/${r.id}/annulla${q}`}>
              {r.status === 'waitlisted' ? t(l, 'manage.leave') : t(l, 'manage.cancel')}
            </a>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="erase-title" class="mt-4">
        <h2 id="erase-title" class="h4">
          {t(l, 'erase.title')}
        </h2>
        <p>{t(l, 'erase.intro')}</p>
        <p>
          <a href={`/prenotazioni/${r.id}/cancella-dati${q}`}>{t(l, 'erase.link')}</a>
        </p>
      </section>
      <p class="mt-4">
        <a href={ev.page}>{t(l, 'manage.eventPage')}</a>
      </p>
    </Layout>
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
    <Layout
      ctx={props.ctx}
      title={props.title}
      head={EVENTS_CSS}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: props.event.page, label: props.event.title }, { label: props.title }]}
    >
      <h1>{props.title}</h1>
      {props.children}
      <div class="ponte-actions">
        <Form action={`/prenotazioni/${r.id}/${props.action}`} csrf={props.ctx.csrf}>
          <input type="hidden" name="token" value={props.token} />
          <button type="submit" class="btn btn-danger">
            {props.confirm}
          </button>
        </Form>
        <a href={`/prenotazioni/${r.id}?token=${encodeURIComponent(props.token)}`}>{props.back}</a>
      </div>
    </Layout>
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
          : t(l, 'manage.confirm.body', { seats: r.seats, title: props.event.title })}
      </p>
    </ConfirmBookingChangePage>
  );
}
