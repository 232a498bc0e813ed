import type { Dictionary } from '../../../core/module.js';

/** The words of the page shown once a booking is received. */
export const receivedWords: Dictionary = {
  it: {
    'received.title': 'Prenotazione ricevuta',
    'received.email': 'Ti abbiamo inviato una e-mail a {email} con il link personale per vedere, modificare o annullare la prenotazione.',
    'received.email.check':
      "Se non la trovi tra pochi minuti, guarda nella posta indesiderata. Se l'indirizzo è sbagliato, prenota di nuovo con quello giusto.",
    'received.confirmed': 'Ci sono posti liberi: nella e-mail trovi il biglietto con il codice QR. Il giorno prima ricevi un promemoria.',
    'received.waitlisted': "L'evento è al completo: la richiesta va in lista d'attesa. Se si libera un posto ti avvisiamo {how}.",
    'received.byEmail': 'per e-mail',
    'received.byPhone': 'per telefono',
    'received.bySms': 'con un SMS',
    'received.sms':
      'Ti mandiamo un SMS al numero {phone} con il codice della prenotazione. Con il codice e il numero puoi vedere, cambiare o annullare la prenotazione da «Gestisci la prenotazione». Se avevi già prenotato con questo numero, vale il codice che hai già ricevuto.',
    'received.confirmed.sms':
      "Ci sono posti liberi. Il giorno prima ti mandiamo un SMS di promemoria. All'ingresso basta dire il tuo nome.",
    'received.manage': 'Gestisci la prenotazione',
    'received.confirmed.phone': "Ci sono posti liberi. All'ingresso basta dire il tuo nome.",
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
    // A session in e-mails: luxon formats for the day, the time and both, then the sentence.
    'mail.session.day': 'cccc d LLLL yyyy',
    'mail.session.time': 'HH:mm',
    'mail.session.instant': "cccc d LLLL yyyy 'ore' HH:mm",
    'mail.session.sameDay': '{day}, dalle {from} alle {to}',
    'mail.session.days': 'da {from} a {to}',
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
    'received.bySms': 'by SMS',
    'received.sms':
      'We send an SMS to {phone} with the booking code. With the code and the number you can see, change or cancel the booking from "Manage your booking". If you had already booked with this number, the code you already received is the one that counts.',
    'received.confirmed.sms': 'There are free seats. The day before we send you an SMS reminder. At the entrance just say your name.',
    'received.manage': 'Manage your booking',
    'received.confirmed.phone': 'There are free seats. At the entrance just say your name.',
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
    'mail.session.day': 'cccc d LLLL yyyy',
    'mail.session.time': 'HH:mm',
    'mail.session.instant': "cccc d LLLL yyyy 'at' HH:mm",
    'mail.session.sameDay': '{day}, {from} to {to}',
    'mail.session.days': '{from} to {to}',
  },
};
