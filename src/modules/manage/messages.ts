import type { Dictionary } from '../../core/module.js';

/** The words of "Gestisci la prenotazione", Italian first. */
export const messages: Dictionary = {
  it: {
    'manage.title': 'Gestisci la prenotazione',
    'manage.lead':
      'Scrivi il codice della prenotazione o dell’appuntamento (è nell’SMS o nell’e-mail di conferma) e il numero di cellulare o l’indirizzo e-mail che hai indicato.',
    'manage.code': 'Codice',
    'manage.code.hint': 'Ad esempio ABCDE-FGHJK per un evento, ABCD-EFGH per uno sportello',
    'manage.contact': 'Cellulare o e-mail',
    'manage.contact.hint': 'Lo stesso indicato quando hai prenotato, ad esempio 333 123 4567',
    'manage.submit': 'Apri la prenotazione',
    'manage.check.code': 'Scrivi il codice',
    'manage.check.contact': 'Scrivi il numero di cellulare o l’indirizzo e-mail',
    'manage.check.email': 'indirizzo e-mail non valido',
    'manage.not-found': 'Nessuna prenotazione con questo codice e questo recapito',
    'manage.not-found.title': 'Prenotazione non trovata',
    'manage.limited': 'Troppi tentativi. Riprova tra {minutes} minuti.',
    'manage.link': 'Gestisci una prenotazione',
  },
  en: {
    'manage.title': 'Manage your booking',
    'manage.lead':
      'Type the code of the booking or appointment (it is in the confirmation SMS or e-mail) and the mobile number or e-mail address you gave.',
    'manage.code': 'Code',
    'manage.code.hint': 'For example ABCDE-FGHJK for an event, ABCD-EFGH for a desk',
    'manage.contact': 'Mobile number or e-mail',
    'manage.contact.hint': 'The one you gave when booking, for example 333 123 4567',
    'manage.submit': 'Open the booking',
    'manage.check.code': 'Type the code',
    'manage.check.contact': 'Type the mobile number or the e-mail address',
    'manage.check.email': 'invalid e-mail address',
    'manage.not-found': 'No booking with this code and this contact',
    'manage.not-found.title': 'Booking not found',
    'manage.limited': 'Too many tries. Try again in {minutes} minutes.',
    'manage.link': 'Manage a booking',
  },
};
