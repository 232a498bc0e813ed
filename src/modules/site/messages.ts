import type { Dictionary } from '../../core/module.js';

/** The words of the home page and of the pages every site has, Italian first. */
export const messages: Dictionary = {
  it: {
    'home.title': 'Ponte: facilitazione digitale',
    'home.lead': 'Incontri, corsi e sportelli gratuiti per imparare a usare SPID, CIE, PagoPA e i servizi online del tuo comune.',
    'home.orgs': 'Enti e associazioni che partecipano',
    'home.events': 'Prossimi eventi',
    'home.events.none': 'Al momento non ci sono eventi in programma.',
    'home.events.all': 'Tutti gli eventi: cerca per comune, argomento e data',
    'home.staff': "Lavori o fai volontariato in un programma? Accedi all'area riservata.",
    'privacy.title': 'Informativa sulla privacy',
    'a11y.title': 'Dichiarazione di accessibilità',
    'privacy.p1':
      "Il titolare del trattamento è l'ente che organizza l'incontro, il corso o lo sportello a cui ti iscrivi: lo trovi indicato in ogni pagina.",
    'privacy.h1': 'Quali dati raccogliamo',
    'privacy.p2':
      "Solo quelli che servono: il nome e un recapito (e-mail o telefono) per confermare la prenotazione e ricordarti l'appuntamento. Fascia d'età e pubblico di riferimento sono facoltativi e servono solo per statistiche anonime.",
    'privacy.h2': 'Per quanto tempo',
    'privacy.p3':
      "I dati personali delle prenotazioni vengono cancellati automaticamente dopo la fine dell'iniziativa, entro il periodo indicato dall'ente (di norma 90 giorni). Restano solo i conteggi anonimi. Puoi cancellare i tuoi dati in qualsiasi momento con il link privato ricevuto via e-mail.",
    'privacy.h3': 'I tuoi diritti',
    'privacy.p4':
      "Puoi chiedere accesso, rettifica o cancellazione dei tuoi dati all'ente titolare e presentare reclamo al Garante per la protezione dei dati personali.",
    'privacy.p5':
      'Non usiamo cookie di profilazione né servizi di terze parti: solo cookie tecnici per la lingua e la sicurezza dei moduli.',
    'a11y.p1':
      "Ponte è progettato per essere conforme alle Linee guida sull'accessibilità degli strumenti informatici di AgID e ai criteri WCAG 2.1 livello AA. Le pagine pubbliche funzionano senza JavaScript, su schermi larghi 320 pixel e con i lettori di schermo; ogni modifica è verificata con test automatici di accessibilità in un browser reale.",
    'a11y.h1': 'Segnalazioni',
    'a11y.p2':
      "Se trovi un problema di accessibilità scrivi all'ente che gestisce la pagina: risponderà entro 30 giorni. In caso di risposta insoddisfacente puoi rivolgerti al Difensore civico per il digitale presso AgID.",
  },
  en: {
    'home.title': 'Ponte: digital facilitation',
    'home.lead': "Free meetings, courses and help desks to learn how to use SPID, CIE, PagoPA and your municipality's online services.",
    'home.orgs': 'Public bodies and associations taking part',
    'home.events': 'Upcoming events',
    'home.events.none': 'There are no upcoming events at the moment.',
    'home.events.all': 'All events: search by municipality, topic and date',
    'home.staff': 'Do you work or volunteer in a programme? Sign in to the staff area.',
    'privacy.title': 'Privacy notice',
    'a11y.title': 'Accessibility statement',
    'privacy.p1': 'The data controller is the body that runs the meeting, course or help desk you book: it is named on every page.',
    'privacy.h1': 'What we collect',
    'privacy.p2':
      'Only what is needed: your name and one contact (e-mail or phone) to confirm the booking and remind you. Age band and audience are optional and used only for anonymous statistics.',
    'privacy.h2': 'For how long',
    'privacy.p3':
      'Personal data of bookings is erased automatically after the event, within the period set by the body (usually 90 days). Only anonymous counts remain. You can erase your data at any time through the private link in your e-mail.',
    'privacy.h3': 'Your rights',
    'privacy.p4':
      'You can ask the controller for access, correction or erasure, and complain to the Italian data protection authority (Garante).',
    'privacy.p5': 'We use no profiling cookies and no third-party services: only technical cookies for language and form security.',
    'a11y.p1':
      "Ponte is designed to meet AgID's accessibility guidelines and WCAG 2.1 level AA. Public pages work without JavaScript, on screens 320 pixels wide and with screen readers; every change is checked by automated accessibility tests in a real browser.",
    'a11y.h1': 'Feedback',
    'a11y.p2':
      "If you find an accessibility problem, write to the body that runs the page: it will answer within 30 days. If the answer does not satisfy you, you can turn to AgID's Digital Ombudsman.",
  },
};
