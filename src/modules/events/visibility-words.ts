import type { Dictionary } from '../../core/module.js';

/** The words of closed and internal courses (visibility.ts): the staff form, the badge, the refusals. */
export const visibilityWords: Dictionary = {
  it: {
    'events.check.visibility': 'visibilità non valida: usa public, unlisted o invitation',
    'events.check.invitations': "l'elenco degli invitati deve essere una lista di indirizzi e-mail o numeri di telefono",
    'events.check.invitations.max': 'al massimo {maximum} persone invitate',
    'events.check.invitation': 'riga {line}: «{entry}» non è un indirizzo e-mail né un numero di telefono valido',
    'events.error.invitations': "Controlla l'elenco degli invitati (righe da correggere: {count}).",
    'events.error.invitationOnly.title': 'Corso riservato',
    'events.error.invitationOnly':
      "Questo corso è riservato alle persone invitate. Se hai ricevuto un invito, usa l'indirizzo e-mail o il numero di telefono a cui è arrivato; per informazioni rivolgiti all'organizzatore.",
    'vis.legend': 'Chi può vedere e prenotare',
    'vis.field': 'Visibilità',
    'vis.public': 'Pubblico: nel catalogo, nelle ricerche e nei calendari',
    'vis.unlisted': 'Non in elenco: si apre solo con il link',
    'vis.invitation': 'Su invito: non in elenco, prenotano solo le persone invitate',
    'vis.hint':
      'Per formazioni interne e gruppi chiusi. Un corso non in elenco o su invito non compare nel catalogo, nelle ricerche, nei calendari né nei dati aperti: condividi tu il link.',
    'vis.invitations': 'Persone invitate (per i corsi su invito)',
    'vis.invitations.hint':
      "Un indirizzo e-mail o un numero di telefono per riga (anche più di uno, separati da virgole). Chi prenota deve usare un contatto di questo elenco; il numero vale con o senza +39. L'elenco si cancella con i dati personali dell'evento.",
    'events.error.invitations.notClosed': 'Gli inviti si mandano solo per un corso su invito: scegli «Su invito» e salva.',
    'events.error.invitations.notOpen': 'Il corso non è pubblicato o è già finito: nessun invito è partito.',
    'vis.mail.subject': 'Invito',
    'vis.mail.intro': '{organisation} ti invita a «{title}».',
    'vis.mail.book': 'Per prenotare usa questo indirizzo e-mail ({email}) nella pagina del corso:',
    'vis.send.title': 'Inviti',
    'vis.send.hint':
      "Manda per e-mail l'invito, con il link per prenotare, a chi è nell'elenco. Ognuno lo riceve una volta sola: dopo aver aggiunto persone, premi di nuovo e scrivi solo alle nuove. Chi è nell'elenco con il solo telefono va chiamato.",
    'vis.send.submit': 'Invia gli inviti per e-mail',
    'vis.sent': "Inviti in partenza per e-mail. Chi è nell'elenco con il solo telefono va chiamato.",
    'vis.badge.unlisted': 'non in elenco',
    'vis.badge.invitation': 'su invito',
    'vis.notice.invitation':
      'Corso su invito: possono prenotare solo le persone invitate, con l’e-mail o il telefono a cui è arrivato l’invito.',
  },
  en: {
    'events.check.visibility': 'visibility not valid: use public, unlisted or invitation',
    'events.check.invitations': 'the invitation list must be a list of e-mail addresses or phone numbers',
    'events.check.invitations.max': 'at most {maximum} invited people',
    'events.check.invitation': 'line {line}: “{entry}” is neither a valid e-mail address nor a valid phone number',
    'events.error.invitations': 'Check the invitation list (lines to correct: {count}).',
    'events.error.invitationOnly.title': 'Invitation only',
    'events.error.invitationOnly':
      'This course is for invited people only. If you received an invitation, use the e-mail address or phone number it was sent to; for information ask the organiser.',
    'vis.legend': 'Who can see and book',
    'vis.field': 'Visibility',
    'vis.public': 'Public: in the catalogue, searches and calendars',
    'vis.unlisted': 'Unlisted: opens only with its link',
    'vis.invitation': 'By invitation: unlisted, only invited people can book',
    'vis.hint':
      'For internal training and closed groups. An unlisted or invitation-only course is not shown in the catalogue, searches, calendars or open data: you share the link.',
    'vis.invitations': 'Invited people (for courses by invitation)',
    'vis.invitations.hint':
      'One e-mail address or phone number per line (several separated by commas are fine too). Whoever books must use a contact on this list; a number counts with or without +39. The list is erased with the event’s personal data.',
    'events.error.invitations.notClosed': 'Invitations are sent only for a course by invitation: choose “By invitation” and save.',
    'events.error.invitations.notOpen': 'The course is not published or is over: no invitation was sent.',
    'vis.mail.subject': 'Invitation',
    'vis.mail.intro': '{organisation} invites you to “{title}”.',
    'vis.mail.book': 'To book, use this e-mail address ({email}) on the course page:',
    'vis.send.title': 'Invitations',
    'vis.send.hint':
      'E-mail the invitation, with the link to book, to the people on the list. Each gets it once: after adding people, press again to write to the new ones only. People listed with a phone only are to be called.',
    'vis.send.submit': 'Send the invitations by e-mail',
    'vis.sent': 'Invitations are on their way by e-mail. People listed with a phone only are to be called.',
    'vis.badge.unlisted': 'unlisted',
    'vis.badge.invitation': 'by invitation',
    'vis.notice.invitation': 'Course by invitation: only invited people can book, with the e-mail or phone the invitation was sent to.',
  },
};
