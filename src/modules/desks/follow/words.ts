import type { Dictionary } from '../../../core/module.js';

/** The words of a desk that follows an event, Italian first. */
export const followWords: Dictionary = {
  it: {
    'desks.follow.check.event': 'scegli un evento',
    'desks.follow.check.operators': 'da 1 a 20 operatori',
    'desks.follow.title': 'Sportello durante un evento',
    'desks.follow.intro':
      'Lo sportello apre durante ogni incontro dell’evento scelto, con gli operatori indicati: gli orari si aggiornano da soli quando cambiano le date dell’evento.',
    'desks.follow.field.event': 'Evento',
    'desks.follow.field.choose': 'Scegli…',
    'desks.follow.field.operators': 'Operatori durante ogni incontro',
    'desks.follow.submit': 'Segui l’evento',
    'desks.follow.stop': 'Non seguire più l’evento',
    'desks.follow.now': 'Lo sportello segue «{title}»: aperture durante gli incontri:',
    'desks.follow.none': 'Lo sportello non segue nessun evento.',
    'desks.follow.noEvents': 'L’organizzazione non ha eventi in programma.',
    'desks.follow.done': 'Fatto: aperture aggiornate.',
    'desks.follow.opening': '{date}, dalle {start} alle {end} ({operators} operatori)',
    'desks.follow.opening.staff': '{date}, dalle {start} alle {end}: {names}',
    'desks.follow.opening.nostaff': '{date}, dalle {start} alle {end}: nessun volontario iscritto ai turni dell’evento, sportello chiuso',
    'desks.follow.field.staff': 'Operatori: lo staff dell’evento',
    'desks.follow.field.staff.hint':
      'Durante ogni incontro operano i volontari iscritti ai turni dell’evento in quell’orario; il numero sopra non conta.',
    'desks.follow.link': 'Apri lo sportello durante un evento',
    'desks.follow.back': 'Torna allo sportello',
    'desks.follow.event.title': '{name} durante l’incontro',
    'desks.follow.event.text': 'Durante l’incontro è aperto lo sportello: puoi prenotare un appuntamento.',
    'desks.follow.event.book': 'Prenota un appuntamento allo sportello',
  },
  en: {
    'desks.follow.check.event': 'choose an event',
    'desks.follow.check.operators': 'from 1 to 20 operators',
    'desks.follow.title': 'Desk during an event',
    'desks.follow.intro':
      "The desk opens during each session of the chosen event, with the operators given: its hours follow the event's dates when they change.",
    'desks.follow.field.event': 'Event',
    'desks.follow.field.choose': 'Choose…',
    'desks.follow.field.operators': 'Operators during each session',
    'desks.follow.submit': 'Follow the event',
    'desks.follow.stop': 'Stop following the event',
    'desks.follow.now': 'The desk follows "{title}": openings during its sessions:',
    'desks.follow.none': 'The desk follows no event.',
    'desks.follow.noEvents': 'The organisation has no upcoming events.',
    'desks.follow.done': 'Done: openings updated.',
    'desks.follow.opening': '{date}, {start} to {end} ({operators} operators)',
    'desks.follow.opening.staff': '{date}, {start} to {end}: {names}',
    'desks.follow.opening.nostaff': '{date}, {start} to {end}: no volunteer on the event’s shifts, desk closed',
    'desks.follow.field.staff': 'Operators: the event’s staff',
    'desks.follow.field.staff.hint':
      'At each session the volunteers on the event’s shifts at that time work the desk; the number above does not count.',
    'desks.follow.link': 'Open the desk during an event',
    'desks.follow.back': 'Back to the desk',
    'desks.follow.event.title': '{name} during the meeting',
    'desks.follow.event.text': 'A help desk is open during the meeting: you can book an appointment.',
    'desks.follow.event.book': 'Book an appointment at the desk',
  },
};
