import type { ComponentChildren, VNode } from 'preact';
import { addMessages, type Lang, t } from '../../core/i18n.js';
import { formatRome } from '../../core/time.js';
import { CheckboxField, ErrorSummary, type Errors, Form, SelectField, TextArea, TextField } from '../../web/forms.js';
import { type Crumb, Layout, type PageContext } from '../../web/layout.js';
import { DEFAULT_SERVICES } from './schemas.js';
import type {
  Agenda,
  AppointmentView,
  DeskView,
  ExceptionView,
  HoldView,
  OperatorView,
  RankedDesk,
  ServiceView,
  SlotView,
} from './service.js';
import { dayLabel, slotLabel } from './slots.js';

addMessages({
  it: {
    'desks.title': 'Sportelli di facilitazione digitale',
    'desks.homeLink': 'Prenota un appuntamento a uno sportello di facilitazione digitale: SPID, CIE, PagoPA e altri servizi online',
    'desks.lead':
      'Prenota un appuntamento gratuito con un operatore: attivazione SPID, CIE, pagamenti PagoPA, app IO e altri servizi online.',
    'desks.search': 'Cerca uno sportello',
    'desks.service': 'Di cosa hai bisogno?',
    'desks.service.any': 'Qualsiasi servizio',
    'desks.municipality': 'Il tuo comune',
    'desks.municipality.hint': 'Ti mostriamo prima gli sportelli più vicini. Ad esempio: Prato',
    'desks.show': 'Mostra gli sportelli',
    'desks.none': 'Nessuno sportello offre questo servizio.',
    'desks.near.0': 'Nel tuo comune',
    'desks.near.1': "Nei comuni dell'unione o del consorzio",
    'desks.near.2': 'Nella tua provincia',
    'desks.near.3': 'Altri sportelli',
    'desks.book': 'Prenota',
    'desks.services': 'Servizi',
    'desks.hours': 'Orari di apertura',
    'desks.hours.none': 'Nessun orario settimanale: lo sportello apre solo in date indicate.',
    'desks.where': 'Dove si trova',
    'desks.map': 'Vedi sulla mappa (OpenStreetMap)',
    'desks.stepFree': 'Accesso senza gradini',
    'desks.closures': 'Chiusure e aperture straordinarie',
    'desks.holidays': 'Lo sportello è chiuso nei giorni festivi nazionali e nel giorno del santo patrono.',
    'desks.bring': 'Cosa portare',
    'desks.minutes': '{n} minuti',
    'desks.operators': '{n} operatori',
    'desks.operator': '1 operatore',
    'desks.by': 'Gestito da {org}',
    'desks.event': 'Sportello temporaneo durante l’incontro',
    'desks.book.title': 'Prenota un appuntamento',
    'desks.book.chooseService': 'Scegli il servizio',
    'desks.book.continue': 'Continua',
    'desks.book.days': 'Giorni con orari liberi',
    'desks.book.days.none': 'Nessun orario libero in queste settimane.',
    'desks.book.freeCount': '{n} orari liberi',
    'desks.book.freeOne': '1 orario libero',
    'desks.book.later': 'Settimane successive',
    'desks.book.earlier': 'Settimane precedenti',
    'desks.book.slots': 'Orari liberi di {day}',
    'desks.book.slots.hint': 'Scegli un orario: lo teniamo per te per 5 minuti mentre inserisci i tuoi dati.',
    'desks.book.slots.none': 'In questo giorno non ci sono più orari liberi: scegli un altro giorno.',
    'desks.book.chooseDay': 'Scegli un giorno per vedere gli orari.',
    'desks.book.held': 'Orario tenuto per te per 5 minuti: {slot}. Completa la prenotazione entro le {until}.',
    'desks.book.heldExpired':
      "Sono passati più di 5 minuti: l'orario {slot} non è più tenuto per te. Puoi comunque provare a confermarlo, se è ancora libero.",
    'desks.book.yourData': 'I tuoi dati',
    'desks.book.name': 'Nome e cognome',
    'desks.book.email': 'E-mail',
    'desks.book.email.hint': 'Ti mandiamo la conferma, il promemoria e il link per annullare o spostare.',
    'desks.book.phone': 'Telefono',
    'desks.book.contact.hint': 'Indica almeno uno tra e-mail e telefono.',
    'desks.book.privacy': "Usiamo questi dati solo per l'appuntamento e li cancelliamo dopo {days} giorni.",
    'desks.book.privacyLink': 'Informativa privacy',
    'desks.book.confirm': "Conferma l'appuntamento",
    'desks.book.other': 'Scegli un altro orario',
    'desks.appt.notMovable': "L'appuntamento non si può più spostare.",
    'desks.done.title': 'Appuntamento confermato',
    'desks.done.mail': 'Ti abbiamo mandato una e-mail con la conferma, il promemoria di cosa portare e il file per il calendario.',
    'desks.done.noMail': 'Non hai indicato una e-mail: conserva questa pagina o annota il link qui sotto.',
    'desks.done.keep': "Conserva questo link privato: serve per annullare o spostare l'appuntamento.",
    'desks.appt.title': 'Il tuo appuntamento',
    'desks.appt.manage': "Gestisci l'appuntamento",
    'desks.appt.service': 'Servizio',
    'desks.appt.when': 'Quando',
    'desks.appt.where': 'Dove',
    'desks.appt.status': 'Stato',
    'desks.appt.status.booked': 'Prenotato',
    'desks.appt.status.served': 'Servito',
    'desks.appt.status.no-show': 'Non presentato',
    'desks.appt.status.cancelled': 'Annullato',
    'desks.appt.ics': 'Aggiungi al calendario (.ics)',
    'desks.appt.cancel': "Annulla l'appuntamento",
    'desks.appt.cancel.hint': "Se non puoi venire, annulla: l'orario torna libero per altre persone.",
    'desks.appt.move': 'Sposta a un altro orario',
    'desks.appt.moveTitle': "Sposta l'appuntamento",
    'desks.appt.current': 'Orario attuale: {slot}',
    'desks.appt.cancelled': 'Appuntamento annullato.',
    'desks.appt.moved': 'Appuntamento spostato: ti abbiamo mandato una e-mail con il nuovo orario.',
    'desks.appt.movedNoMail': 'Appuntamento spostato.',
    'desks.appt.again': 'Prenota un altro appuntamento',
    'desks.admin.desks': 'Sportelli',
    'desks.admin.desks.none': 'Nessuno sportello.',
    'desks.admin.desks.new': 'Nuovo sportello',
    'desks.admin.desks.create': 'Crea lo sportello',
    'desks.admin.desk.venue': 'Sede',
    'desks.admin.desk.venue.none': 'Prima aggiungi una sede all’organizzazione.',
    'desks.admin.desk.name': 'Nome dello sportello',
    'desks.admin.desk.description': 'Descrizione',
    'desks.admin.desk.services': 'Servizi offerti',
    'desks.admin.desk.days': 'Giorni di apertura',
    'desks.admin.desk.start': 'Dalle',
    'desks.admin.desk.end': 'Alle',
    'desks.admin.desk.operators': 'Operatori in servizio',
    'desks.admin.desk.patronDay': 'Giorno del santo patrono (MM-GG)',
    'desks.admin.desk.patronDay.hint': 'Lo sportello è chiuso in quel giorno, come nei festivi nazionali. Ad esempio 06-24.',
    'desks.admin.desk.eventId': 'Evento a cui è legato lo sportello (facoltativo)',
    'desks.admin.desk.eventId.hint': 'Per uno sportello temporaneo durante un incontro: identificativo dell’evento.',
    'desks.admin.desk.limitCount': 'Appuntamenti per persona (per servizio)',
    'desks.admin.desk.limitDays': 'nell’arco di giorni',
    'desks.admin.desk.limit.hint':
      'Ad esempio 1 appuntamento in 30 giorni per lo stesso telefono o e-mail. Lascia vuoto per nessun limite.',
    'desks.admin.desk.retention': 'Giorni dopo cui cancellare i dati personali',
    'desks.admin.desk.active': 'Sportello attivo (visibile e prenotabile)',
    'desks.admin.desk.details': 'Dati dello sportello',
    'desks.admin.desk.saved': 'Modifiche salvate.',
    'desks.admin.desk.created': 'Sportello creato. Controlla servizi e orari.',
    'desks.admin.desk.day': 'Giornata dello sportello',
    'desks.admin.desk.public': 'Pagina pubblica',
    'desks.admin.services.add': 'Aggiungi un servizio',
    'desks.admin.services.code': 'Codice',
    'desks.admin.services.code.hint':
      'Lettere minuscole e trattini, ad esempio "iscrizioni-scuola". Scegli un codice già esistente per usare i suoi valori.',
    'desks.admin.services.name': 'Nome del servizio',
    'desks.admin.services.duration': 'Durata (minuti)',
    'desks.admin.services.bring': 'Cosa portare (una voce per riga)',
    'desks.admin.remove': 'Rimuovi',
    'desks.admin.hours.add': 'Aggiungi una fascia oraria',
    'desks.admin.hours.weekday': 'Giorno',
    'desks.admin.exceptions': 'Eccezioni: chiusure, aperture straordinarie, periodi bloccati',
    'desks.admin.exceptions.none': 'Nessuna eccezione.',
    'desks.admin.exceptions.add': "Aggiungi un'eccezione",
    'desks.admin.exceptions.kind': 'Tipo',
    'desks.admin.exceptions.from': 'Dal giorno (AAAA-MM-GG)',
    'desks.admin.exceptions.to': 'Al giorno (facoltativo)',
    'desks.admin.exceptions.times.hint':
      'Per le aperture straordinarie e i periodi bloccati indica gli orari; una chiusura vale per giorni interi.',
    'desks.admin.exceptions.note': 'Nota',
    'desks.kind.closed': 'Chiusura',
    'desks.kind.open': 'Apertura straordinaria',
    'desks.kind.blocked': 'Periodo bloccato',
    'desks.admin.operators': 'Operatori e turni',
    'desks.admin.operators.hint':
      'Se assegni operatori a una fascia oraria, il numero di appuntamenti in parallelo è il numero di operatori in turno in ogni momento; altrimenti vale il numero indicato nella fascia.',
    'desks.admin.operators.none': 'Nessun turno assegnato.',
    'desks.admin.operators.add': 'Assegna un turno',
    'desks.admin.operators.name': "Nome dell'operatore",
    'desks.admin.operators.weekday': 'Ogni settimana, il giorno',
    'desks.admin.operators.date': 'Oppure solo il giorno (AAAA-MM-GG)',
    'desks.admin.operators.absent': 'Assente in quel giorno',
    'desks.admin.operators.weekly': 'ogni {day}',
    'desks.admin.operators.absentLabel': 'assente',
    'desks.day.title': 'Giornata di {desk}',
    'desks.day.date': 'Giorno (AAAA-MM-GG)',
    'desks.day.show': 'Mostra',
    'desks.day.prev': 'Giorno precedente',
    'desks.day.next': 'Giorno successivo',
    'desks.day.print': 'Per stampare la giornata usa la funzione di stampa del browser.',
    'desks.day.none': 'Nessun appuntamento in questo giorno.',
    'desks.day.closed': 'Sportello chiuso.',
    'desks.day.holiday': 'Giorno festivo: {name}.',
    'desks.day.open': 'Apertura: {periods}.',
    'desks.day.served': 'Servito',
    'desks.day.noShow': 'Non presentato',
    'desks.day.undo': 'Riporta a prenotato',
    'desks.day.facilitation': 'Registra la facilitazione',
    'desks.day.move': 'Sposta',
    'desks.day.cancel': 'Annulla',
    'desks.day.cancel.reason': 'Motivo (inviato alla persona)',
    'desks.day.walkIn': 'Registra un accesso senza appuntamento',
    'desks.day.walkIn.name': 'Nome (facoltativo)',
    'desks.day.walkIn.add': 'Registra come servito',
    'desks.day.walkIn.source': 'senza appuntamento',
    'desks.day.count': '{n} appuntamenti',
    'desks.day.countOne': '1 appuntamento',
    'desks.staffMove.title': "Sposta l'appuntamento di {name}",
    'desks.weekday1': 'lunedì',
    'desks.weekday2': 'martedì',
    'desks.weekday3': 'mercoledì',
    'desks.weekday4': 'giovedì',
    'desks.weekday5': 'venerdì',
    'desks.weekday6': 'sabato',
    'desks.weekday7': 'domenica',
  },
  en: {
    'desks.title': 'Digital help desks',
    'desks.homeLink': 'Book an appointment at a digital help desk: SPID, CIE, PagoPA and other online services',
    'desks.lead': 'Book a free appointment with an operator: SPID activation, CIE, PagoPA payments, app IO and other online services.',
    'desks.search': 'Find a help desk',
    'desks.service': 'What do you need?',
    'desks.service.any': 'Any service',
    'desks.municipality': 'Your municipality',
    'desks.municipality.hint': 'We show the nearest desks first. E.g. Prato',
    'desks.show': 'Show desks',
    'desks.none': 'No desk offers this service.',
    'desks.near.0': 'In your municipality',
    'desks.near.1': 'In the municipalities of your union or consortium',
    'desks.near.2': 'In your province',
    'desks.near.3': 'Other desks',
    'desks.book': 'Book',
    'desks.services': 'Services',
    'desks.hours': 'Opening hours',
    'desks.hours.none': 'No weekly hours: the desk opens on given dates only.',
    'desks.where': 'Where it is',
    'desks.map': 'See on the map (OpenStreetMap)',
    'desks.stepFree': 'Step-free access',
    'desks.closures': 'Closures and extra openings',
    'desks.holidays': "The desk is closed on national holidays and on the patron saint's day.",
    'desks.bring': 'What to bring',
    'desks.minutes': '{n} minutes',
    'desks.operators': '{n} operators',
    'desks.operator': '1 operator',
    'desks.by': 'Run by {org}',
    'desks.event': 'Pop-up desk during the meeting',
    'desks.book.title': 'Book an appointment',
    'desks.book.chooseService': 'Choose the service',
    'desks.book.continue': 'Continue',
    'desks.book.days': 'Days with free times',
    'desks.book.days.none': 'No free times in these weeks.',
    'desks.book.freeCount': '{n} free times',
    'desks.book.freeOne': '1 free time',
    'desks.book.later': 'Later weeks',
    'desks.book.earlier': 'Earlier weeks',
    'desks.book.slots': 'Free times on {day}',
    'desks.book.slots.hint': 'Choose a time: we keep it for you for 5 minutes while you enter your details.',
    'desks.book.slots.none': 'No free times left on this day: choose another day.',
    'desks.book.chooseDay': 'Choose a day to see the times.',
    'desks.book.held': 'Time held for you for 5 minutes: {slot}. Complete the booking by {until}.',
    'desks.book.heldExpired':
      'More than 5 minutes have passed: {slot} is no longer held for you. You can still try to confirm it if it is free.',
    'desks.book.yourData': 'Your details',
    'desks.book.name': 'First and last name',
    'desks.book.email': 'E-mail',
    'desks.book.email.hint': 'We send you the confirmation, the reminder and the link to cancel or move.',
    'desks.book.phone': 'Phone',
    'desks.book.contact.hint': 'Give at least an e-mail or a phone number.',
    'desks.book.privacy': 'We use these details only for the appointment and erase them after {days} days.',
    'desks.book.privacyLink': 'Privacy notice',
    'desks.book.confirm': 'Confirm the appointment',
    'desks.book.other': 'Choose another time',
    'desks.appt.notMovable': 'This appointment can no longer be moved.',
    'desks.done.title': 'Appointment confirmed',
    'desks.done.mail': 'We have sent you an e-mail with the confirmation, what to bring and the calendar file.',
    'desks.done.noMail': 'You gave no e-mail: keep this page or note the link below.',
    'desks.done.keep': 'Keep this private link: you need it to cancel or move the appointment.',
    'desks.appt.title': 'Your appointment',
    'desks.appt.manage': 'Manage the appointment',
    'desks.appt.service': 'Service',
    'desks.appt.when': 'When',
    'desks.appt.where': 'Where',
    'desks.appt.status': 'Status',
    'desks.appt.status.booked': 'Booked',
    'desks.appt.status.served': 'Served',
    'desks.appt.status.no-show': 'Did not come',
    'desks.appt.status.cancelled': 'Cancelled',
    'desks.appt.ics': 'Add to calendar (.ics)',
    'desks.appt.cancel': 'Cancel the appointment',
    'desks.appt.cancel.hint': 'If you cannot come, cancel: the time becomes free for others.',
    'desks.appt.move': 'Move to another time',
    'desks.appt.moveTitle': 'Move the appointment',
    'desks.appt.current': 'Current time: {slot}',
    'desks.appt.cancelled': 'Appointment cancelled.',
    'desks.appt.moved': 'Appointment moved: we have e-mailed you the new time.',
    'desks.appt.movedNoMail': 'Appointment moved.',
    'desks.appt.again': 'Book another appointment',
    'desks.admin.desks': 'Help desks',
    'desks.admin.desks.none': 'No help desks.',
    'desks.admin.desks.new': 'New help desk',
    'desks.admin.desks.create': 'Create the desk',
    'desks.admin.desk.venue': 'Venue',
    'desks.admin.desk.venue.none': 'Add a venue to the organisation first.',
    'desks.admin.desk.name': 'Name of the desk',
    'desks.admin.desk.description': 'Description',
    'desks.admin.desk.services': 'Services offered',
    'desks.admin.desk.days': 'Opening days',
    'desks.admin.desk.start': 'From',
    'desks.admin.desk.end': 'To',
    'desks.admin.desk.operators': 'Operators on duty',
    'desks.admin.desk.patronDay': "Patron saint's day (MM-DD)",
    'desks.admin.desk.patronDay.hint': 'The desk is closed that day, as on national holidays. E.g. 06-24.',
    'desks.admin.desk.eventId': 'Event the desk belongs to (optional)',
    'desks.admin.desk.eventId.hint': "For a pop-up desk at a meeting: the event's identifier.",
    'desks.admin.desk.limitCount': 'Appointments per person (per service)',
    'desks.admin.desk.limitDays': 'within days',
    'desks.admin.desk.limit.hint': 'E.g. 1 appointment in 30 days per phone or e-mail. Leave empty for no limit.',
    'desks.admin.desk.retention': 'Days after which personal data is erased',
    'desks.admin.desk.active': 'Desk active (visible and bookable)',
    'desks.admin.desk.details': 'Desk details',
    'desks.admin.desk.saved': 'Changes saved.',
    'desks.admin.desk.created': 'Desk created. Check its services and hours.',
    'desks.admin.desk.day': "The desk's day",
    'desks.admin.desk.public': 'Public page',
    'desks.admin.services.add': 'Add a service',
    'desks.admin.services.code': 'Code',
    'desks.admin.services.code.hint': 'Lowercase letters and hyphens. Pick an existing code to use its defaults.',
    'desks.admin.services.name': 'Service name',
    'desks.admin.services.duration': 'Duration (minutes)',
    'desks.admin.services.bring': 'What to bring (one item per line)',
    'desks.admin.remove': 'Remove',
    'desks.admin.hours.add': 'Add opening hours',
    'desks.admin.hours.weekday': 'Day',
    'desks.admin.exceptions': 'Exceptions: closures, extra openings, blocked periods',
    'desks.admin.exceptions.none': 'No exceptions.',
    'desks.admin.exceptions.add': 'Add an exception',
    'desks.admin.exceptions.kind': 'Kind',
    'desks.admin.exceptions.from': 'From (YYYY-MM-DD)',
    'desks.admin.exceptions.to': 'To (optional)',
    'desks.admin.exceptions.times.hint': 'Extra openings and blocked periods need times; a closure covers whole days.',
    'desks.admin.exceptions.note': 'Note',
    'desks.kind.closed': 'Closure',
    'desks.kind.open': 'Extra opening',
    'desks.kind.blocked': 'Blocked period',
    'desks.admin.operators': 'Operators and shifts',
    'desks.admin.operators.hint':
      'When operators are assigned to opening hours, parallel appointments follow the operators on duty at each moment; otherwise the number given with the hours applies.',
    'desks.admin.operators.none': 'No shifts assigned.',
    'desks.admin.operators.add': 'Assign a shift',
    'desks.admin.operators.name': "Operator's name",
    'desks.admin.operators.weekday': 'Every week, on',
    'desks.admin.operators.date': 'Or only on (YYYY-MM-DD)',
    'desks.admin.operators.absent': 'Absent that day',
    'desks.admin.operators.weekly': 'every {day}',
    'desks.admin.operators.absentLabel': 'absent',
    'desks.day.title': '{desk}: the day',
    'desks.day.date': 'Day (YYYY-MM-DD)',
    'desks.day.show': 'Show',
    'desks.day.prev': 'Previous day',
    'desks.day.next': 'Next day',
    'desks.day.print': "To print the day use your browser's print function.",
    'desks.day.none': 'No appointments on this day.',
    'desks.day.closed': 'Desk closed.',
    'desks.day.holiday': 'Holiday: {name}.',
    'desks.day.open': 'Open: {periods}.',
    'desks.day.served': 'Served',
    'desks.day.noShow': 'Did not come',
    'desks.day.undo': 'Back to booked',
    'desks.day.facilitation': 'Record the facilitation',
    'desks.day.move': 'Move',
    'desks.day.cancel': 'Cancel',
    'desks.day.cancel.reason': 'Reason (sent to the person)',
    'desks.day.walkIn': 'Record a walk-in',
    'desks.day.walkIn.name': 'Name (optional)',
    'desks.day.walkIn.add': 'Record as served',
    'desks.day.walkIn.source': 'walk-in',
    'desks.day.count': '{n} appointments',
    'desks.day.countOne': '1 appointment',
    'desks.staffMove.title': "Move {name}'s appointment",
    'desks.weekday1': 'Monday',
    'desks.weekday2': 'Tuesday',
    'desks.weekday3': 'Wednesday',
    'desks.weekday4': 'Thursday',
    'desks.weekday5': 'Friday',
    'desks.weekday6': 'Saturday',
    'desks.weekday7': 'Sunday',
  },
});

const STYLES = <link rel="stylesheet" href="/sportelli/stile.css" />;

const time = (iso: string) => iso.slice(11, 16).replace(/^0/, '');

function municipalityText(d: DeskView): string {
  const m = d.venue.municipality;
  return m ? `${m.name} (${m.provinceCode})` : '';
}

function Notice(props: { kind: 'success' | 'info' | 'warning' | 'danger'; children: ComponentChildren }): VNode {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'danger' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

function FormProblem(props: { errors: Errors }): VNode | null {
  return props.errors._ ? <Notice kind="danger">{props.errors._}</Notice> : null;
}

function BringList(props: { l: Lang; service: ServiceView }): VNode | null {
  if (props.service.bring.length === 0) return null;
  return (
    <>
      <h2 class="h5">{t(props.l, 'desks.bring')}</h2>
      <ul class="ponte-desk-bring">
        {props.service.bring.map((b) => (
          <li>{b}</li>
        ))}
      </ul>
    </>
  );
}

function Address(props: { l: Lang; desk: DeskView }): VNode {
  const d = props.desk;
  return (
    <p class="mb-1">
      <span class="d-block fw-semibold">{d.venue.name}</span>
      <span class="d-block">
        {d.venue.address}, {municipalityText(d)}
      </span>
      {d.venue.stepFree ? <span class="d-block">{t(props.l, 'desks.stepFree')}</span> : null}
    </p>
  );
}

// ---------------- public pages ----------------

export function DeskSearchPage(props: {
  ctx: PageContext;
  services: { code: string; name: string }[];
  values: { servizio: string; comune: string };
  ranked: RankedDesk[];
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const groups = [0, 1, 2, 3].map((n) => ({ n, items: props.ranked.filter((r) => r.nearness === n) })).filter((g) => g.items.length > 0);
  const nearby = !!props.values.comune && !errors.comune;
  return (
    <Layout ctx={props.ctx} title={t(l, 'desks.title')} head={STYLES}>
      <h1>{t(l, 'desks.title')}</h1>
      <p class="lead">{t(l, 'desks.lead')}</p>
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action="/sportelli" method="get">
          <SelectField
            name="servizio"
            label={t(l, 'desks.service')}
            value={props.values.servizio}
            placeholder={t(l, 'desks.service.any')}
            options={props.services.map((s) => ({ value: s.code, label: s.name }))}
          />
          <TextField
            name="comune"
            label={t(l, 'desks.municipality')}
            value={props.values.comune}
            hint={t(l, 'desks.municipality.hint')}
            error={errors.comune}
            maxLength={100}
            autocomplete="address-level2"
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'desks.show')}
          </button>
        </Form>
      </div>
      <h2 class="h4 mt-4">{t(l, 'desks.search')}</h2>
      {props.ranked.length === 0 ? <p>{t(l, 'desks.none')}</p> : null}
      {groups.map((g) => (
        <section aria-labelledby={`near-${g.n}`}>
          <h3 class="h5 mt-3" id={`near-${g.n}`}>
            {nearby ? t(l, `desks.near.${g.n}`) : t(l, 'desks.title')}
          </h3>
          <ul class="list-unstyled">
            {g.items.map(({ desk }) => {
              const bookable = props.values.servizio && desk.services.some((s) => s.code === props.values.servizio);
              return (
                <li class="ponte-card ponte-desk-card">
                  <h4 class="h5 mb-1">
                    <a href={`/sportelli/${desk.id}`}>{desk.name}</a>
                  </h4>
                  <Address l={l} desk={desk} />
                  <p class="mb-2">{desk.services.map((s) => s.name).join(' · ')}</p>
                  <a
                    class="btn btn-primary btn-sm"
                    href={`/sportelli/${desk.id}/prenota${bookable ? `?servizio=${encodeURIComponent(props.values.servizio)}` : ''}`}
                  >
                    {t(l, 'desks.book')}
                    <span class="visually-hidden"> – {desk.name}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export function DeskPage(props: { ctx: PageContext; desk: DeskView; exceptions: ExceptionView[] }): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const upcoming = props.exceptions.filter((e) => e.kind !== 'blocked');
  return (
    <Layout ctx={props.ctx} title={d.name} head={STYLES} crumbs={[{ href: '/sportelli', label: t(l, 'desks.title') }, { label: d.name }]}>
      <h1>{d.name}</h1>
      <p class="lead">{t(l, 'desks.by', { org: d.organisation.name })}</p>
      {d.event ? (
        <p>
          {t(l, 'desks.event')}: <a href={d.event.page}>{d.event.title}</a> ({slotLabel(d.event.start, d.event.end, l, true)})
        </p>
      ) : null}
      {d.description ? <p>{d.description}</p> : null}
      <h2 class="h4">{t(l, 'desks.services')}</h2>
      <ul class="list-unstyled">
        {d.services.map((s) => (
          <li class="ponte-card">
            <h3 class="h5 mb-1">{s.name}</h3>
            <p class="mb-1">{t(l, 'desks.minutes', { n: s.durationMinutes })}</p>
            {s.bring.length ? (
              <p class="mb-2">
                {t(l, 'desks.bring')}: {s.bring.join(', ')}
              </p>
            ) : null}
            <a class="btn btn-primary btn-sm" href={`/sportelli/${d.id}/prenota?servizio=${s.code}`}>
              {t(l, 'desks.book')}
              <span class="visually-hidden"> – {s.name}</span>
            </a>
          </li>
        ))}
      </ul>
      <h2 class="h4 mt-4">{t(l, 'desks.hours')}</h2>
      {d.openingHours.length === 0 ? <p>{t(l, 'desks.hours.none')}</p> : null}
      <ul>
        {[1, 2, 3, 4, 5, 6, 7]
          .filter((w) => d.openingHours.some((h) => h.weekday === w))
          .map((w) => (
            <li>
              <span class="fw-semibold">{t(l, `desks.weekday${w}`)}</span>:{' '}
              {d.openingHours
                .filter((h) => h.weekday === w)
                .map((h) => `${h.start}–${h.end}`)
                .join(', ')}
            </li>
          ))}
      </ul>
      <p>{t(l, 'desks.holidays')}</p>
      {upcoming.length ? (
        <>
          <h3 class="h5">{t(l, 'desks.closures')}</h3>
          <ul>
            {upcoming.map((e) => (
              <li>
                {t(l, `desks.kind.${e.kind}`)}:{' '}
                {e.from === e.to ? dayLabel(e.from, l, true) : `${dayLabel(e.from, l, true)} – ${dayLabel(e.to, l, true)}`}
                {e.start ? ` ${e.start}–${e.end}` : ''}
                {e.note ? ` (${e.note})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 class="h4 mt-4">{t(l, 'desks.where')}</h2>
      <Address l={l} desk={d} />
      {d.venue.accessibility ? <p>{d.venue.accessibility}</p> : null}
      <p>
        <a href={d.venue.mapUrl}>{t(l, 'desks.map')}</a>
      </p>
    </Layout>
  );
}

/** Days with free slots (links) and, for the chosen day, one button per slot named with its full date and time. */
export function SlotPicker(props: {
  l: Lang;
  csrf?: string;
  baseHref: string;
  action: string;
  hidden: Record<string, string>;
  days: { date: string; slots: SlotView[] }[];
  day: string | null;
  from: string;
  previousFrom: string | null;
  nextFrom: string;
}): VNode {
  const { l } = props;
  const chosen = props.day ? props.days.find((d) => d.date === props.day) : undefined;
  const href = (q: Record<string, string>) => {
    const u = new URL(props.baseHref, 'http://x');
    for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
    return u.pathname + u.search;
  };
  return (
    <>
      <h2 class="h4">{t(l, 'desks.book.days')}</h2>
      {props.days.length === 0 ? <p>{t(l, 'desks.book.days.none')}</p> : null}
      <ul class="ponte-desk-days list-unstyled">
        {props.days.map((d) => (
          <li>
            <a href={href({ giorno: d.date, da: props.from })} aria-current={d.date === props.day ? 'date' : undefined}>
              {dayLabel(d.date, l)}
            </a>{' '}
            <span class="ponte-desk-count">
              ({d.slots.length === 1 ? t(l, 'desks.book.freeOne') : t(l, 'desks.book.freeCount', { n: d.slots.length })})
            </span>
          </li>
        ))}
      </ul>
      <p class="ponte-desk-weeks">
        {props.previousFrom ? <a href={href({ da: props.previousFrom })}>{t(l, 'desks.book.earlier')}</a> : null}
        <a href={href({ da: props.nextFrom })}>{t(l, 'desks.book.later')}</a>
      </p>
      {props.day ? (
        <section aria-labelledby="slots-title">
          <h2 class="h4 mt-4" id="slots-title">
            {t(l, 'desks.book.slots', { day: dayLabel(props.day, l) })}
          </h2>
          {chosen ? (
            <>
              <p>{t(l, 'desks.book.slots.hint')}</p>
              <Form action={props.action} csrf={props.csrf}>
                {Object.entries(props.hidden).map(([k, v]) => (
                  <input type="hidden" name={k} value={v} />
                ))}
                <ul class="ponte-desk-slots list-unstyled">
                  {chosen.slots.map((s) => (
                    <li>
                      <button
                        type="submit"
                        name="start"
                        value={s.start}
                        class="btn btn-outline-primary"
                        aria-label={slotLabel(s.start, s.end, l)}
                      >
                        {time(s.start)}–{time(s.end)}
                      </button>
                    </li>
                  ))}
                </ul>
              </Form>
            </>
          ) : (
            <p>{t(l, 'desks.book.slots.none')}</p>
          )}
        </section>
      ) : props.days.length ? (
        <p>{t(l, 'desks.book.chooseDay')}</p>
      ) : null}
    </>
  );
}

type PickerProps = Omit<Parameters<typeof SlotPicker>[0], 'l' | 'csrf'>;

export function BookPage(props: {
  ctx: PageContext;
  desk: DeskView;
  service: ServiceView | null;
  picker: PickerProps | null;
  problem?: string;
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const title = props.service ? `${t(l, 'desks.book.title')}: ${props.service.name}` : t(l, 'desks.book.title');
  return (
    <Layout
      ctx={props.ctx}
      title={title}
      head={STYLES}
      crumbs={[
        { href: '/sportelli', label: t(l, 'desks.title') },
        { href: `/sportelli/${d.id}`, label: d.name },
        { label: t(l, 'desks.book.title') },
      ]}
    >
      <h1>{title}</h1>
      <p>
        {d.name} · {d.venue.name}, {d.venue.address}, {municipalityText(d)}
      </p>
      {props.problem ? <Notice kind="danger">{props.problem}</Notice> : null}
      {props.service && props.picker ? (
        <SlotPicker l={l} csrf={props.ctx.csrf} {...props.picker} />
      ) : (
        <Form action={`/sportelli/${d.id}/prenota`} method="get">
          <fieldset>
            <legend class="h4">{t(l, 'desks.book.chooseService')}</legend>
            {d.services.map((s, i) => (
              <div class="form-check">
                <input class="form-check-input" type="radio" name="servizio" id={`s-${s.code}`} value={s.code} checked={i === 0} />
                <label class="form-check-label" for={`s-${s.code}`}>
                  {s.name} ({t(l, 'desks.minutes', { n: s.durationMinutes })})
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" class="btn btn-primary mt-3">
            {t(l, 'desks.book.continue')}
          </button>
        </Form>
      )}
    </Layout>
  );
}

export function DetailsPage(props: {
  ctx: PageContext;
  desk: DeskView;
  service: ServiceView;
  start: string;
  end: string;
  hold: HoldView | undefined;
  holdId: string;
  values: Record<string, string>;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const errors = props.errors ?? {};
  const slot = slotLabel(props.start, props.end, l);
  const day = props.start.slice(0, 10);
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'desks.book.yourData')}
      head={STYLES}
      crumbs={[
        { href: '/sportelli', label: t(l, 'desks.title') },
        { href: `/sportelli/${d.id}`, label: d.name },
        { label: t(l, 'desks.book.title') },
      ]}
    >
      <h1>
        {t(l, 'desks.book.title')}: {props.service.name}
      </h1>
      {props.hold ? (
        <Notice kind="info">{t(l, 'desks.book.held', { slot, until: formatRome(props.hold.expiresAt, l, 'H:mm') })}</Notice>
      ) : (
        <Notice kind="warning">{t(l, 'desks.book.heldExpired', { slot })}</Notice>
      )}
      <p>
        {d.name} · {d.venue.name}, {d.venue.address}, {municipalityText(d)}
      </p>
      <BringList l={l} service={props.service} />
      <h2 class="h4 mt-4">{t(l, 'desks.book.yourData')}</h2>
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
      <FormProblem errors={errors} />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={`/sportelli/${d.id}/prenota/dati`} csrf={props.ctx.csrf}>
          <input type="hidden" name="hold" value={props.holdId} />
          <input type="hidden" name="servizio" value={props.service.code} />
          <input type="hidden" name="start" value={props.start} />
          <TextField
            name="name"
            label={t(l, 'desks.book.name')}
            required
            value={props.values.name}
            error={errors.name}
            maxLength={120}
            autocomplete="name"
          />
          <p id="contact-hint" class="mb-2">
            {t(l, 'desks.book.contact.hint')}
          </p>
          <TextField
            name="email"
            type="email"
            label={t(l, 'desks.book.email')}
            value={props.values.email}
            error={errors.email}
            hint={t(l, 'desks.book.email.hint')}
            maxLength={254}
            autocomplete="email"
          />
          <TextField
            name="phone"
            type="tel"
            label={t(l, 'desks.book.phone')}
            value={props.values.phone}
            error={errors.phone}
            maxLength={20}
            autocomplete="tel"
          />
          <p>
            {t(l, 'desks.book.privacy', { days: d.retentionDays })} <a href="/privacy">{t(l, 'desks.book.privacyLink')}</a>
          </p>
          <button type="submit" class="btn btn-primary">
            {t(l, 'desks.book.confirm')}
          </button>
        </Form>
        <Form action={`/sportelli/${d.id}/prenota/rilascia`} csrf={props.ctx.csrf} class="mt-3">
          <input type="hidden" name="hold" value={props.holdId} />
          <input type="hidden" name="servizio" value={props.service.code} />
          <input type="hidden" name="giorno" value={day} />
          <button type="submit" class="btn btn-outline-secondary">
            {t(l, 'desks.book.other')}
          </button>
        </Form>
      </div>
    </Layout>
  );
}

function AppointmentSummary(props: { l: Lang; desk: DeskView; appointment: AppointmentView; withStatus?: boolean }): VNode {
  const { l, desk: d, appointment: a } = props;
  return (
    <dl class="ponte-desk-summary">
      <dt>{t(l, 'desks.appt.service')}</dt>
      <dd>{a.service.name}</dd>
      <dt>{t(l, 'desks.appt.when')}</dt>
      <dd>{slotLabel(a.start, a.end, l, true)}</dd>
      <dt>{t(l, 'desks.appt.where')}</dt>
      <dd>
        {d.name} · {d.venue.name}, {d.venue.address}, {municipalityText(d)} · <a href={d.venue.mapUrl}>{t(l, 'desks.map')}</a>
      </dd>
      {props.withStatus ? (
        <>
          <dt>{t(l, 'desks.appt.status')}</dt>
          <dd>{t(l, `desks.appt.status.${a.status}`)}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function ConfirmationPage(props: {
  ctx: PageContext;
  desk: DeskView;
  appointment: AppointmentView;
  token: string;
  manageUrl: string;
}): VNode {
  const l = props.ctx.lang;
  const a = props.appointment;
  const service = props.desk.services.find((s) => s.code === a.service.code);
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'desks.done.title')}
      head={STYLES}
      crumbs={[{ href: '/sportelli', label: t(l, 'desks.title') }, { label: t(l, 'desks.done.title') }]}
    >
      <h1>{t(l, 'desks.done.title')}</h1>
      <Notice kind="success">{a.email ? t(l, 'desks.done.mail') : t(l, 'desks.done.noMail')}</Notice>
      <AppointmentSummary l={l} desk={props.desk} appointment={a} />
      {service ? <BringList l={l} service={service} /> : null}
      <p>
        <a href={`/appuntamenti/${a.id}/calendario.ics?token=${encodeURIComponent(props.token)}`}>{t(l, 'desks.appt.ics')}</a>
      </p>
      <p>{t(l, 'desks.done.keep')}</p>
      <p>
        <a class="btn btn-primary" href={`/appuntamenti/${a.id}?token=${encodeURIComponent(props.token)}`}>
          {t(l, 'desks.appt.manage')}
        </a>
      </p>
      <p class="ponte-desk-link">{props.manageUrl}</p>
    </Layout>
  );
}

export function ManagePage(props: {
  ctx: PageContext;
  desk: DeskView;
  appointment: AppointmentView;
  token: string;
  notice?: 'cancelled' | 'moved';
  problem?: string;
  future: boolean;
}): VNode {
  const l = props.ctx.lang;
  const a = props.appointment;
  const q = `token=${encodeURIComponent(props.token)}`;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'desks.appt.title')}
      head={STYLES}
      crumbs={[{ href: '/sportelli', label: t(l, 'desks.title') }, { label: t(l, 'desks.appt.title') }]}
    >
      <h1>{t(l, 'desks.appt.title')}</h1>
      {props.notice === 'cancelled' ? <Notice kind="success">{t(l, 'desks.appt.cancelled')}</Notice> : null}
      {props.notice === 'moved' ? (
        <Notice kind="success">{a.email ? t(l, 'desks.appt.moved') : t(l, 'desks.appt.movedNoMail')}</Notice>
      ) : null}
      {props.problem ? <Notice kind="danger">{props.problem}</Notice> : null}
      <AppointmentSummary l={l} desk={props.desk} appointment={a} withStatus />
      {a.status === 'booked' ? (
        <p>
          <a href={`/appuntamenti/${a.id}/calendario.ics?${q}`}>{t(l, 'desks.appt.ics')}</a>
        </p>
      ) : null}
      {a.status === 'booked' && props.future ? (
        <>
          <p>
            <a class="btn btn-outline-primary" href={`/appuntamenti/${a.id}/sposta?${q}`}>
              {t(l, 'desks.appt.move')}
            </a>
          </p>
          <h2 class="h4 mt-4">{t(l, 'desks.appt.cancel')}</h2>
          <p>{t(l, 'desks.appt.cancel.hint')}</p>
          <Form action={`/appuntamenti/${a.id}/annulla`} csrf={props.ctx.csrf}>
            <input type="hidden" name="token" value={props.token} />
            <button type="submit" class="btn btn-danger">
              {t(l, 'desks.appt.cancel')}
            </button>
          </Form>
        </>
      ) : null}
      {a.status === 'cancelled' ? (
        <p>
          <a href={`/sportelli/${props.desk.id}/prenota?servizio=${a.service.code}`}>{t(l, 'desks.appt.again')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function MovePage(props: {
  ctx: PageContext;
  desk: DeskView;
  appointment: AppointmentView;
  picker: PickerProps;
  title: string;
  crumbs: Crumb[];
  problem?: string;
}): VNode {
  const l = props.ctx.lang;
  const a = props.appointment;
  return (
    <Layout ctx={props.ctx} title={props.title} head={STYLES} crumbs={props.crumbs}>
      <h1>{props.title}</h1>
      <p>{t(l, 'desks.appt.current', { slot: slotLabel(a.start, a.end, l, true) })}</p>
      <p>
        {a.service.name} · {props.desk.name}
      </p>
      {props.problem ? <Notice kind="danger">{props.problem}</Notice> : null}
      <SlotPicker l={l} csrf={props.ctx.csrf} {...props.picker} />
    </Layout>
  );
}

// ---------------- back office ----------------

const adminCrumbs = (l: Lang, org: { id: string; name: string }, rest: Crumb[]): Crumb[] => [
  { href: '/admin', label: t(l, 'nav.backoffice') },
  { href: `/admin/organisations/${org.id}`, label: org.name },
  { href: `/admin/organisations/${org.id}/desks`, label: t(l, 'desks.admin.desks') },
  ...rest,
];

type FormValues = Record<string, string | string[] | undefined>;
const val = (v: FormValues | undefined, k: string): string => {
  const x = v?.[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};
const vals = (v: FormValues | undefined, k: string): string[] => {
  const x = v?.[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

const weekdayOptions = (l: Lang) => [1, 2, 3, 4, 5, 6, 7].map((w) => ({ value: String(w), label: t(l, `desks.weekday${w}`) }));

export function DesksAdminPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  desks: DeskView[];
  venues: { id: string; name: string }[];
  canEdit: boolean;
  errors?: Errors;
  values?: FormValues;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const v = props.values;
  const chosenServices = v ? vals(v, 'services') : ['spid'];
  const chosenDays = v ? vals(v, 'weekdays') : [];
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'desks.admin.desks')}
      head={STYLES}
      crumbs={adminCrumbs(l, props.organisation, [])
        .slice(0, 2)
        .concat([{ label: t(l, 'desks.admin.desks') }])}
    >
      <h1>{t(l, 'desks.admin.desks')}</h1>
      {props.desks.length === 0 ? <p>{t(l, 'desks.admin.desks.none')}</p> : null}
      <ul class="list-unstyled">
        {props.desks.map((d) => (
          <li class="ponte-card">
            <a class="fw-bold" href={`/admin/desks/${d.id}`}>
              {d.name}
            </a>
            {d.active ? null : <span> (inattivo)</span>}
            <span class="d-block">
              {d.venue.name}, {municipalityText(d)}
            </span>
            <span class="d-block">{d.services.map((s) => s.name).join(' · ')}</span>
            <a href={`/admin/desks/${d.id}/giornata`}>{t(l, 'desks.admin.desk.day')}</a>
          </li>
        ))}
      </ul>
      {props.canEdit ? (
        <>
          <h2 class="h4 mt-4">{t(l, 'desks.admin.desks.new')}</h2>
          <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
          <FormProblem errors={errors} />
          {props.venues.length === 0 ? (
            <p>
              <a href={`/admin/organisations/${props.organisation.id}/venues`}>{t(l, 'desks.admin.desk.venue.none')}</a>
            </p>
          ) : (
            <div class="col-12 col-md-8 col-lg-6 px-0">
              <Form action={`/admin/organisations/${props.organisation.id}/desks`} csrf={props.ctx.csrf}>
                <TextField
                  name="name"
                  label={t(l, 'desks.admin.desk.name')}
                  required
                  value={val(v, 'name')}
                  error={errors.name}
                  maxLength={200}
                />
                <SelectField
                  name="venue"
                  label={t(l, 'desks.admin.desk.venue')}
                  required
                  value={val(v, 'venue')}
                  error={errors.venue}
                  options={props.venues.map((x) => ({ value: x.id, label: x.name }))}
                />
                <fieldset class="mb-3">
                  <legend class="h6">{t(l, 'desks.admin.desk.services')}</legend>
                  {errors.services ? <div class="ponte-field-error">{errors.services}</div> : null}
                  {DEFAULT_SERVICES.map((s) => (
                    <CheckboxFieldX
                      name="services"
                      label={`${s.name} (${s.durationMinutes} min)`}
                      checked={chosenServices.includes(s.code)}
                      value={s.code}
                      id={`svc-${s.code}`}
                    />
                  ))}
                </fieldset>
                <fieldset class="mb-3">
                  <legend class="h6">{t(l, 'desks.admin.desk.days')}</legend>
                  {[1, 2, 3, 4, 5, 6, 7].map((w) => (
                    <CheckboxFieldX
                      name="weekdays"
                      label={t(l, `desks.weekday${w}`)}
                      checked={chosenDays.includes(String(w))}
                      value={String(w)}
                      id={`wd-${w}`}
                    />
                  ))}
                </fieldset>
                <TextField
                  name="start"
                  label={t(l, 'desks.admin.desk.start')}
                  value={val(v, 'start') || '09:00'}
                  error={errors.start}
                  maxLength={5}
                  inputMode="numeric"
                />
                <TextField
                  name="end"
                  label={t(l, 'desks.admin.desk.end')}
                  value={val(v, 'end') || '12:30'}
                  error={errors.end}
                  maxLength={5}
                  inputMode="numeric"
                />
                <TextField
                  name="operators"
                  label={t(l, 'desks.admin.desk.operators')}
                  value={val(v, 'operators') || '1'}
                  error={errors.operators}
                  maxLength={2}
                  inputMode="numeric"
                />
                <button type="submit" class="btn btn-primary">
                  {t(l, 'desks.admin.desks.create')}
                </button>
              </Form>
            </div>
          )}
        </>
      ) : null}
    </Layout>
  );
}

/** A checkbox with a value and an id of its own, for a group of checkboxes sharing a name (the shared CheckboxField sends "1"). */
function CheckboxFieldX(p: { name: string; label: string; checked?: boolean; value: string; id: string }): VNode {
  return (
    <div class="form-check">
      <input class="form-check-input" type="checkbox" id={p.id} name={p.name} value={p.value} checked={p.checked} />
      <label class="form-check-label" for={p.id}>
        {p.label}
      </label>
    </div>
  );
}

export function DeskAdminPage(props: {
  ctx: PageContext;
  desk: DeskView;
  venues: { id: string; name: string }[];
  exceptions: ExceptionView[];
  operators: OperatorView[];
  canEdit: boolean;
  notice?: 'created' | 'saved';
  errors?: Errors;
  /** Which form the errors belong to. */
  form?: string;
  values?: FormValues;
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const errors = props.errors ?? {};
  const e = (form: string) => (props.form === form ? errors : {});
  const v = (form: string) => (props.form === form ? props.values : undefined);
  const details = v('details');
  const dv = (k: string, fallback: string) => (details ? val(details, k) : fallback);
  const edit = props.canEdit;
  return (
    <Layout ctx={props.ctx} title={d.name} head={STYLES} crumbs={adminCrumbs(l, d.organisation, [{ label: d.name }])}>
      <h1>{d.name}</h1>
      {props.notice ? (
        <Notice kind="success">{t(l, props.notice === 'created' ? 'desks.admin.desk.created' : 'desks.admin.desk.saved')}</Notice>
      ) : null}
      {props.form && errors._ ? <Notice kind="danger">{errors._}</Notice> : null}
      <ul class="ponte-actions list-unstyled">
        <li>
          <a class="btn btn-outline-primary" href={`/admin/desks/${d.id}/giornata`}>
            {t(l, 'desks.admin.desk.day')}
          </a>
        </li>
        <li>
          <a class="btn btn-outline-primary" href={`/sportelli/${d.id}`}>
            {t(l, 'desks.admin.desk.public')}
          </a>
        </li>
      </ul>

      <h2 class="h4 mt-4">{t(l, 'desks.services')}</h2>
      <ul class="list-unstyled">
        {d.services.map((s) => (
          <li class="ponte-card">
            <span class="fw-semibold">{s.name}</span> ({s.code}, {t(l, 'desks.minutes', { n: s.durationMinutes })})
            {s.bring.length ? <span class="d-block">{s.bring.join(', ')}</span> : null}
            {edit && d.services.length > 1 ? (
              <Form action={`/admin/desks/${d.id}/servizi/rimuovi`} csrf={props.ctx.csrf} class="d-inline">
                <input type="hidden" name="code" value={s.code} />
                <button type="submit" class="btn btn-link p-0">
                  {t(l, 'desks.admin.remove')}
                  <span class="visually-hidden"> {s.name}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {edit ? (
        <details class="mb-3" open={props.form === 'service'}>
          <summary>{t(l, 'desks.admin.services.add')}</summary>
          <ErrorSummary idPrefix="service-" errors={e('service')} title={t(l, 'form.errors')} />
          <Form action={`/admin/desks/${d.id}/servizi`} csrf={props.ctx.csrf}>
            <TextField
              name="code"
              idPrefix="service-"
              label={t(l, 'desks.admin.services.code')}
              required
              value={val(v('service'), 'code')}
              error={e('service').code}
              hint={t(l, 'desks.admin.services.code.hint')}
              maxLength={40}
              list="default-services"
            />
            <datalist id="default-services">
              {DEFAULT_SERVICES.map((s) => (
                <option value={s.code}>{s.name}</option>
              ))}
            </datalist>
            <TextField
              name="name"
              idPrefix="service-"
              label={t(l, 'desks.admin.services.name')}
              value={val(v('service'), 'name')}
              error={e('service').name}
              maxLength={120}
            />
            <TextField
              name="durationMinutes"
              idPrefix="service-"
              label={t(l, 'desks.admin.services.duration')}
              value={val(v('service'), 'durationMinutes')}
              error={e('service').durationMinutes}
              maxLength={3}
              inputMode="numeric"
            />
            <TextArea
              name="bring"
              idPrefix="service-"
              label={t(l, 'desks.admin.services.bring')}
              value={val(v('service'), 'bring')}
              error={e('service').bring}
              rows={3}
            />
            <button type="submit" class="btn btn-primary">
              {t(l, 'desks.admin.services.add')}
            </button>
          </Form>
        </details>
      ) : null}

      <h2 class="h4 mt-4">{t(l, 'desks.hours')}</h2>
      {d.openingHours.length === 0 ? <p>{t(l, 'desks.hours.none')}</p> : null}
      <ul class="list-unstyled">
        {d.openingHours.map((h, i) => (
          <li class="ponte-card">
            <span class="fw-semibold">{t(l, `desks.weekday${h.weekday}`)}</span> {h.start}–{h.end} ·{' '}
            {h.operators === 1 ? t(l, 'desks.operator') : t(l, 'desks.operators', { n: h.operators })}
            {edit ? (
              <Form action={`/admin/desks/${d.id}/orari/rimuovi`} csrf={props.ctx.csrf} class="d-inline ms-2">
                <input type="hidden" name="index" value={String(i)} />
                <button type="submit" class="btn btn-link p-0">
                  {t(l, 'desks.admin.remove')}
                  <span class="visually-hidden">
                    {' '}
                    {t(l, `desks.weekday${h.weekday}`)} {h.start}–{h.end}
                  </span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {edit ? (
        <details class="mb-3" open={props.form === 'hours'}>
          <summary>{t(l, 'desks.admin.hours.add')}</summary>
          <ErrorSummary idPrefix="hours-" errors={e('hours')} title={t(l, 'form.errors')} />
          <Form action={`/admin/desks/${d.id}/orari`} csrf={props.ctx.csrf}>
            <SelectField
              name="weekday"
              idPrefix="hours-"
              label={t(l, 'desks.admin.hours.weekday')}
              value={val(v('hours'), 'weekday')}
              options={weekdayOptions(l)}
              error={e('hours').weekday}
            />
            <TextField
              name="start"
              idPrefix="hours-"
              label={t(l, 'desks.admin.desk.start')}
              value={val(v('hours'), 'start')}
              error={e('hours').start}
              maxLength={5}
            />
            <TextField
              name="end"
              idPrefix="hours-"
              label={t(l, 'desks.admin.desk.end')}
              value={val(v('hours'), 'end')}
              error={e('hours').end}
              maxLength={5}
            />
            <TextField
              name="operators"
              idPrefix="hours-"
              label={t(l, 'desks.admin.desk.operators')}
              value={val(v('hours'), 'operators') || '1'}
              error={e('hours').operators}
              maxLength={2}
              inputMode="numeric"
            />
            <button type="submit" class="btn btn-primary">
              {t(l, 'desks.admin.hours.add')}
            </button>
          </Form>
        </details>
      ) : null}

      <h2 class="h4 mt-4">{t(l, 'desks.admin.exceptions')}</h2>
      <p>{t(l, 'desks.holidays')}</p>
      {props.exceptions.length === 0 ? <p>{t(l, 'desks.admin.exceptions.none')}</p> : null}
      <ul class="list-unstyled">
        {props.exceptions.map((x) => (
          <li class="ponte-card">
            <span class="fw-semibold">{t(l, `desks.kind.${x.kind}`)}</span>: {x.from}
            {x.to !== x.from ? ` – ${x.to}` : ''}
            {x.start ? ` ${x.start}–${x.end}` : ''}
            {x.operators ? ` · ${x.operators === 1 ? t(l, 'desks.operator') : t(l, 'desks.operators', { n: x.operators })}` : ''}
            {x.note ? ` (${x.note})` : ''}
            {edit ? (
              <Form action={`/admin/desk-exceptions/${x.id}/rimuovi`} csrf={props.ctx.csrf} class="d-inline ms-2">
                <button type="submit" class="btn btn-link p-0">
                  {t(l, 'desks.admin.remove')}
                  <span class="visually-hidden">
                    {' '}
                    {t(l, `desks.kind.${x.kind}`)} {x.from}
                  </span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {edit ? (
        <details class="mb-3" open={props.form === 'exception'}>
          <summary>{t(l, 'desks.admin.exceptions.add')}</summary>
          <ErrorSummary idPrefix="exception-" errors={e('exception')} title={t(l, 'form.errors')} />
          <Form action={`/admin/desks/${d.id}/eccezioni`} csrf={props.ctx.csrf}>
            <SelectField
              name="kind"
              idPrefix="exception-"
              label={t(l, 'desks.admin.exceptions.kind')}
              value={val(v('exception'), 'kind')}
              error={e('exception').kind}
              options={(['closed', 'open', 'blocked'] as const).map((k) => ({ value: k, label: t(l, `desks.kind.${k}`) }))}
            />
            <TextField
              name="from"
              idPrefix="exception-"
              label={t(l, 'desks.admin.exceptions.from')}
              value={val(v('exception'), 'from')}
              error={e('exception').from}
              maxLength={10}
            />
            <TextField
              name="to"
              idPrefix="exception-"
              label={t(l, 'desks.admin.exceptions.to')}
              value={val(v('exception'), 'to')}
              error={e('exception').to}
              maxLength={10}
            />
            <p class="form-text">{t(l, 'desks.admin.exceptions.times.hint')}</p>
            <TextField
              name="start"
              idPrefix="exception-"
              label={t(l, 'desks.admin.desk.start')}
              value={val(v('exception'), 'start')}
              error={e('exception').start}
              maxLength={5}
            />
            <TextField
              name="end"
              idPrefix="exception-"
              label={t(l, 'desks.admin.desk.end')}
              value={val(v('exception'), 'end')}
              error={e('exception').end}
              maxLength={5}
            />
            <TextField
              name="operators"
              idPrefix="exception-"
              label={t(l, 'desks.admin.desk.operators')}
              value={val(v('exception'), 'operators')}
              error={e('exception').operators}
              maxLength={2}
              inputMode="numeric"
            />
            <TextField
              name="note"
              idPrefix="exception-"
              label={t(l, 'desks.admin.exceptions.note')}
              value={val(v('exception'), 'note')}
              error={e('exception').note}
              maxLength={500}
            />
            <button type="submit" class="btn btn-primary">
              {t(l, 'desks.admin.exceptions.add')}
            </button>
          </Form>
        </details>
      ) : null}

      <h2 class="h4 mt-4">{t(l, 'desks.admin.operators')}</h2>
      <p>{t(l, 'desks.admin.operators.hint')}</p>
      {props.operators.length === 0 ? <p>{t(l, 'desks.admin.operators.none')}</p> : null}
      <ul class="list-unstyled">
        {props.operators.map((o) => (
          <li class="ponte-card">
            <span class="fw-semibold">{o.name}</span>:{' '}
            {o.date ? o.date : t(l, 'desks.admin.operators.weekly', { day: t(l, `desks.weekday${o.weekday}`) })}{' '}
            {o.absent ? t(l, 'desks.admin.operators.absentLabel') : `${o.start}–${o.end}`}
            {edit ? (
              <Form action={`/admin/desk-operators/${o.id}/rimuovi`} csrf={props.ctx.csrf} class="d-inline ms-2">
                <button type="submit" class="btn btn-link p-0">
                  {t(l, 'desks.admin.remove')}
                  <span class="visually-hidden"> {o.name}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {edit ? (
        <details class="mb-3" open={props.form === 'operator'}>
          <summary>{t(l, 'desks.admin.operators.add')}</summary>
          <ErrorSummary idPrefix="operator-" errors={e('operator')} title={t(l, 'form.errors')} />
          <Form action={`/admin/desks/${d.id}/operatori`} csrf={props.ctx.csrf}>
            <TextField
              name="name"
              idPrefix="operator-"
              label={t(l, 'desks.admin.operators.name')}
              required
              value={val(v('operator'), 'name')}
              error={e('operator').name}
              maxLength={120}
            />
            <SelectField
              name="weekday"
              idPrefix="operator-"
              label={t(l, 'desks.admin.operators.weekday')}
              value={val(v('operator'), 'weekday')}
              placeholder="—"
              options={weekdayOptions(l)}
              error={e('operator').weekday}
            />
            <TextField
              name="date"
              idPrefix="operator-"
              label={t(l, 'desks.admin.operators.date')}
              value={val(v('operator'), 'date')}
              error={e('operator').date}
              maxLength={10}
            />
            <TextField
              name="start"
              idPrefix="operator-"
              label={t(l, 'desks.admin.desk.start')}
              value={val(v('operator'), 'start')}
              error={e('operator').start}
              maxLength={5}
            />
            <TextField
              name="end"
              idPrefix="operator-"
              label={t(l, 'desks.admin.desk.end')}
              value={val(v('operator'), 'end')}
              error={e('operator').end}
              maxLength={5}
            />
            <CheckboxField
              idPrefix="operator-"
              name="absent"
              label={t(l, 'desks.admin.operators.absent')}
              checked={val(v('operator'), 'absent') === '1'}
            />
            <button type="submit" class="btn btn-primary">
              {t(l, 'desks.admin.operators.add')}
            </button>
          </Form>
        </details>
      ) : null}

      {edit ? (
        <>
          <h2 class="h4 mt-4">{t(l, 'desks.admin.desk.details')}</h2>
          <ErrorSummary errors={e('details')} title={t(l, 'form.errors')} />
          <div class="col-12 col-md-8 col-lg-6 px-0">
            <Form action={`/admin/desks/${d.id}`} csrf={props.ctx.csrf}>
              <TextField
                name="name"
                label={t(l, 'desks.admin.desk.name')}
                required
                value={dv('name', d.name)}
                error={e('details').name}
                maxLength={200}
              />
              <SelectField
                name="venue"
                label={t(l, 'desks.admin.desk.venue')}
                value={dv('venue', d.venue.id)}
                error={e('details').venue}
                options={props.venues.map((x) => ({ value: x.id, label: x.name }))}
              />
              <TextArea
                name="description"
                label={t(l, 'desks.admin.desk.description')}
                value={dv('description', d.description ?? '')}
                error={e('details').description}
                maxLength={4000}
              />
              <TextField
                name="patronDay"
                label={t(l, 'desks.admin.desk.patronDay')}
                value={dv('patronDay', d.patronDay ?? '')}
                error={e('details').patronDay}
                hint={t(l, 'desks.admin.desk.patronDay.hint')}
                maxLength={5}
              />
              <TextField
                name="limitCount"
                label={t(l, 'desks.admin.desk.limitCount')}
                value={dv('limitCount', d.personLimit ? String(d.personLimit.count) : '')}
                error={e('details')['personLimit.count'] ?? e('details').personLimit}
                hint={t(l, 'desks.admin.desk.limit.hint')}
                maxLength={2}
                inputMode="numeric"
              />
              <TextField
                name="limitDays"
                label={t(l, 'desks.admin.desk.limitDays')}
                value={dv('limitDays', d.personLimit ? String(d.personLimit.days) : '')}
                error={e('details')['personLimit.days']}
                maxLength={3}
                inputMode="numeric"
              />
              <TextField
                name="retentionDays"
                label={t(l, 'desks.admin.desk.retention')}
                value={dv('retentionDays', String(d.retentionDays))}
                error={e('details').retentionDays}
                maxLength={4}
                inputMode="numeric"
              />
              <TextField
                name="eventId"
                label={t(l, 'desks.admin.desk.eventId')}
                value={dv('eventId', d.eventId ?? '')}
                error={e('details').eventId}
                hint={t(l, 'desks.admin.desk.eventId.hint')}
                maxLength={36}
              />
              <CheckboxField
                name="active"
                label={t(l, 'desks.admin.desk.active')}
                checked={details ? val(details, 'active') === '1' : d.active}
              />
              <button type="submit" class="btn btn-primary">
                {t(l, 'form.save')}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </Layout>
  );
}

/** Whose appointment a button acts on, for screen readers: " – Anna Bianchi, 9:30". */
function Whose(props: { a: AppointmentView }): VNode {
  return (
    <span class="visually-hidden">
      {' '}
      – {props.a.name ?? ''}, {time(props.a.start)}
    </span>
  );
}

export function DayPage(props: {
  ctx: PageContext;
  agenda: Agenda;
  prev: string;
  next: string;
  canManage: boolean;
  /** The facilitation form's address for each served appointment, by id (none without that module). */
  facilitationUrls: Record<string, string>;
  /** The present instant: an appointment can be marked served only once it has begun. */
  now: string;
  errors?: Errors;
  walkInValues?: FormValues;
}): VNode {
  const l = props.ctx.lang;
  const { desk: d, date, items, plan } = props.agenda;
  const errors = props.errors ?? {};
  const title = t(l, 'desks.day.title', { desk: d.name });
  const live = items.filter((a) => a.status !== 'cancelled');
  return (
    <Layout
      ctx={props.ctx}
      title={title}
      head={STYLES}
      crumbs={adminCrumbs(l, d.organisation, [{ href: `/admin/desks/${d.id}`, label: d.name }, { label: t(l, 'desks.admin.desk.day') }])}
    >
      <h1>{title}</h1>
      <p class="lead">{dayLabel(date, l, true)}</p>
      <p>
        {plan.holiday ? t(l, 'desks.day.holiday', { name: plan.holiday }) : null}
        {!plan.holiday && plan.periods.length === 0 ? t(l, 'desks.day.closed') : null}
        {plan.periods.length
          ? t(l, 'desks.day.open', { periods: plan.periods.map((p) => `${time(p.start)}–${time(p.end)}`).join(', ') })
          : null}{' '}
        {live.length === 1 ? t(l, 'desks.day.countOne') : t(l, 'desks.day.count', { n: live.length })}
      </p>
      <nav class="ponte-desk-daynav d-print-none" aria-label={t(l, 'desks.admin.desk.day')}>
        <a href={`/admin/desks/${d.id}/giornata?data=${props.prev}`}>{t(l, 'desks.day.prev')}</a>
        <a href={`/admin/desks/${d.id}/giornata?data=${props.next}`}>{t(l, 'desks.day.next')}</a>
      </nav>
      <Form action={`/admin/desks/${d.id}/giornata`} method="get" class="d-print-none ponte-desk-datepick">
        <TextField name="data" label={t(l, 'desks.day.date')} value={date} maxLength={10} />
        <button type="submit" class="btn btn-outline-primary">
          {t(l, 'desks.day.show')}
        </button>
      </Form>
      <p class="d-print-none">{t(l, 'desks.day.print')}</p>
      {errors._ ? <Notice kind="danger">{errors._}</Notice> : null}
      {items.length === 0 ? <p>{t(l, 'desks.day.none')}</p> : null}
      <ol class="list-unstyled ponte-desk-agenda">
        {items.map((a) => (
          <li class={`ponte-card ponte-desk-appt ponte-desk-${a.status}`}>
            <h2 class="h5 mb-1">
              {time(a.start)}–{time(a.end)} · {a.service.name}
            </h2>
            <p class="mb-1">
              <span class="fw-semibold">{a.name ?? '—'}</span>
              {a.source === 'walk-in' ? ` (${t(l, 'desks.day.walkIn.source')})` : ''}
              {a.phone ? <span class="d-block">{a.phone}</span> : null}
              {a.email ? <span class="d-block">{a.email}</span> : null}
            </p>
            <p class="mb-2">
              {t(l, 'desks.appt.status')}: <span class="fw-semibold">{t(l, `desks.appt.status.${a.status}`)}</span>
            </p>
            <div class="ponte-desk-actions d-print-none">
              {a.status === 'booked' ? (
                <>
                  {Date.parse(a.start) <= Date.parse(props.now) ? (
                    <Form action={`/admin/desk-appointments/${a.id}/stato`} csrf={props.ctx.csrf}>
                      <input type="hidden" name="status" value="served" />
                      <button type="submit" class="btn btn-success btn-sm">
                        {t(l, 'desks.day.served')}
                        <Whose a={a} />
                      </button>
                    </Form>
                  ) : null}
                  <Form action={`/admin/desk-appointments/${a.id}/stato`} csrf={props.ctx.csrf}>
                    <input type="hidden" name="status" value="no-show" />
                    <button type="submit" class="btn btn-outline-secondary btn-sm">
                      {t(l, 'desks.day.noShow')}
                      <Whose a={a} />
                    </button>
                  </Form>
                </>
              ) : null}
              {a.status === 'served' || a.status === 'no-show' ? (
                <Form action={`/admin/desk-appointments/${a.id}/stato`} csrf={props.ctx.csrf}>
                  <input type="hidden" name="status" value="booked" />
                  <button type="submit" class="btn btn-link btn-sm">
                    {t(l, 'desks.day.undo')}
                    <Whose a={a} />
                  </button>
                </Form>
              ) : null}
              {a.status === 'served' && props.facilitationUrls[a.id] ? (
                <a class="btn btn-primary btn-sm" href={props.facilitationUrls[a.id]}>
                  {t(l, 'desks.day.facilitation')}
                  <Whose a={a} />
                </a>
              ) : null}
              {a.status === 'booked' && props.canManage ? (
                <>
                  <a class="btn btn-outline-primary btn-sm" href={`/admin/desk-appointments/${a.id}/sposta`}>
                    {t(l, 'desks.day.move')}
                    <Whose a={a} />
                  </a>
                  <details>
                    <summary>
                      {t(l, 'desks.day.cancel')}
                      <Whose a={a} />
                    </summary>
                    <Form action={`/admin/desk-appointments/${a.id}/annulla`} csrf={props.ctx.csrf}>
                      <div class="mb-2 ponte-field">
                        <label class="form-label" for={`reason-${a.id}`}>
                          {t(l, 'desks.day.cancel.reason')}
                        </label>
                        <input class="form-control" id={`reason-${a.id}`} name="reason" maxLength={500} />
                      </div>
                      <button type="submit" class="btn btn-danger btn-sm">
                        {t(l, 'desks.day.cancel')}
                      </button>
                    </Form>
                  </details>
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      <section class="d-print-none mt-4" aria-labelledby="walk-in">
        <h2 class="h4" id="walk-in">
          {t(l, 'desks.day.walkIn')}
        </h2>
        <ErrorSummary errors={Object.fromEntries(Object.entries(errors).filter(([k]) => k !== '_'))} title={t(l, 'form.errors')} />
        <div class="col-12 col-md-8 col-lg-6 px-0">
          <Form action={`/admin/desks/${d.id}/walk-in`} csrf={props.ctx.csrf}>
            <SelectField
              name="service"
              label={t(l, 'desks.appt.service')}
              value={val(props.walkInValues, 'service')}
              error={errors.service}
              options={d.services.map((s) => ({ value: s.code, label: s.name }))}
            />
            <TextField
              name="name"
              label={t(l, 'desks.day.walkIn.name')}
              value={val(props.walkInValues, 'name')}
              error={errors.name}
              maxLength={120}
            />
            <button type="submit" class="btn btn-primary">
              {t(l, 'desks.day.walkIn.add')}
            </button>
          </Form>
        </div>
      </section>
    </Layout>
  );
}
