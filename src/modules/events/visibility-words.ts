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
    'vis.badge.unlisted': 'unlisted',
    'vis.badge.invitation': 'by invitation',
    'vis.notice.invitation': 'Course by invitation: only invited people can book, with the e-mail or phone the invitation was sent to.',
  },
};
