import type { Dictionary } from '../../core/module.js';

/** The words of "Gestisci la prenotazione", Italian first. */
export const messages: Dictionary = {
  it: {
    'bycode.title': 'Gestisci la prenotazione',
    'bycode.lead':
      'Scrivi il codice della prenotazione o dell’appuntamento (è nell’SMS o nell’e-mail di conferma) e il numero di cellulare o l’indirizzo e-mail che hai indicato.',
    'bycode.code': 'Codice',
    'bycode.code.hint': 'Ad esempio ABCDE-FGHJK per un evento, ABCD-EFGH per uno sportello',
    'bycode.contact': 'Cellulare o e-mail',
    'bycode.contact.hint': 'Lo stesso indicato quando hai prenotato, ad esempio 333 123 4567',
    'bycode.submit': 'Apri la prenotazione',
    'bycode.check.code': 'Scrivi il codice',
    'bycode.check.contact': 'Scrivi il numero di cellulare o l’indirizzo e-mail',
    'bycode.check.email': 'indirizzo e-mail non valido',
    'bycode.not-found': 'Nessuna prenotazione con questo codice e questo recapito',
    'bycode.not-found.title': 'Prenotazione non trovata',
    'bycode.limited': 'Troppi tentativi. Riprova tra {minutes} minuti.',
    'bycode.link': 'Gestisci una prenotazione',
  },
  en: {
    'bycode.title': 'Manage your booking',
    'bycode.lead':
      'Type the code of the booking or appointment (it is in the confirmation SMS or e-mail) and the mobile number or e-mail address you gave.',
    'bycode.code': 'Code',
    'bycode.code.hint': 'For example ABCDE-FGHJK for an event, ABCD-EFGH for a desk',
    'bycode.contact': 'Mobile number or e-mail',
    'bycode.contact.hint': 'The one you gave when booking, for example 333 123 4567',
    'bycode.submit': 'Open the booking',
    'bycode.check.code': 'Type the code',
    'bycode.check.contact': 'Type the mobile number or the e-mail address',
    'bycode.check.email': 'invalid e-mail address',
    'bycode.not-found': 'No booking with this code and this contact',
    'bycode.not-found.title': 'Booking not found',
    'bycode.limited': 'Too many tries. Try again in {minutes} minutes.',
    'bycode.link': 'Manage a booking',
  },
};
