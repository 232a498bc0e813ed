/**
 * The answer codes of the national monitoring platform's bulk upload (Facilita), with their
 * Italian labels as the platform maps them (fe-piattaforma/src/utils/ResponseCodeMappings.ts in
 * teamdigitale/monitoraggio.repubblicadigitale.gov.it). Ponte stores the codes and shows the labels.
 */
export type CodeList = Readonly<Record<string, string>>;

/** AN5: document type of a citizen without codice fiscale. */
export const DOCUMENT_TYPES: CodeList = {
  A: 'Carta di Identità',
  B: 'Patente',
  C: 'Passaporto',
  D: 'Permesso di soggiorno',
  E: 'Altro',
};

/** AN7: gender. */
export const GENDERS: CodeList = {
  A: 'F',
  B: 'M',
  C: 'Non binario',
  D: 'Preferisco non rispondere',
};

/** AN8: age band. E (14–17) only in programmes that admit minors from a date already passed. */
export const AGE_BANDS: CodeList = {
  A: 'da 18 a 29',
  B: 'da 30 a 54',
  C: 'da 55 a 74',
  D: '75 e oltre',
  E: 'da 14 a 17',
};

/** Age bands as the API names them, in order. */
export const AGE_BAND_KEYS = ['14-17', '18-29', '30-54', '55-74', '75+'] as const;
export type AgeBand = (typeof AGE_BAND_KEYS)[number];
export const AGE_BAND_CODE: Record<AgeBand, string> = { '14-17': 'E', '18-29': 'A', '30-54': 'B', '55-74': 'C', '75+': 'D' };
export const AGE_BAND_LABEL: Record<AgeBand, string> = {
  '14-17': 'da 14 a 17',
  '18-29': 'da 18 a 29',
  '30-54': 'da 30 a 54',
  '55-74': 'da 55 a 74',
  '75+': '75 e oltre',
};

/** Gender as the API names it, and its AN7 letter. */
export const GENDER_KEYS = ['F', 'M', 'NB', 'ND'] as const;
export type Gender = (typeof GENDER_KEYS)[number];
export const GENDER_CODE: Record<Gender, string> = { F: 'A', M: 'B', NB: 'C', ND: 'D' };
export const GENDER_FROM_CODE: Record<string, Gender> = { A: 'F', B: 'M', C: 'NB', D: 'ND' };

/** AN9: education. */
export const EDUCATION: CodeList = {
  A: 'Licenza elementare',
  B: 'Licenza media',
  C: 'Diploma di scuola superiore',
  D: 'Istruzione post secondaria non terziaria',
  E: 'Diploma di qualifica professionale',
  F: 'Certificato di specializzazione tecnica superiore (IFTS)',
  G: 'Diploma di tecnico superiore (ITS)',
  H: 'Laurea a ciclo breve / diploma universitario',
  I: 'Laurea specialistica / magistrale / vecchio ordinamento o livello equivalente',
  J: 'Master o livello equivalente',
  K: 'Dottorato o livello equivalente',
  L: 'Non conosciuto / non fornito / altro',
};

/** AN10: employment. */
export const EMPLOYMENT: CodeList = {
  A: 'Dipendente',
  B: 'Imprenditore',
  C: 'Libero professionista',
  D: 'Non occupato',
  E: 'Studente o studentessa / in formazione',
  F: 'Casalinga/o',
  G: 'Persona ritirata dal lavoro / pensionato/a',
  H: 'Altro',
};

/** AN11: citizenship. */
export const CITIZENSHIP: CodeList = {
  A: 'Italiana',
  B: 'Straniera, di un Paese ALL’INTERNO dell’Unione Europea',
  C: 'Straniera, di un Paese AL DI FUORI dell’Unione Europea',
};

/** SE3 (and PR2): kind of service. */
export const KINDS: CodeList = {
  A: 'Facilitazione individuale',
  B: 'Facilitazione di gruppo',
  C: 'Formazione in presenza',
  D: 'Formazione online',
  E: 'Altro',
};

/** SE4: first-level competence areas, derived from SE5. */
export const AREAS: CodeList = {
  A: 'Alfabetizzazione su informazioni e dati',
  B: 'Comunicazione e collaborazione',
  C: 'Creazione di contenuti digitali',
  D: 'Sicurezza',
  E: 'Risolvere i problemi tecnici (es.: software e hardware)',
};

/** SE5: competences treated. */
export const COMPETENCES: CodeList = {
  '1': 'Navigare, ricercare e filtrare dati, informazioni e contenuti digitali (es.: consultare siti istituzionali, cercare atti e norme, leggere notizie online, guardare video su piattaforme in abbonamento)',
  '2': 'Valutare dati, informazioni e contenuti digitali (es.: riconoscere le fake news)',
  '3': 'Gestire dati, informazioni e contenuti digitali (es.: organizzare file, scaricare contenuti multimediali, utilizzare videogiochi)',
  '4': 'Interagire attraverso le tecnologie digitali (es.: usare servizi di messaggistica istantanea, effettuare chiamate o videochiamate via Internet)',
  '5': 'Condividere informazioni attraverso le tecnologie digitali (es.: usare la PEC, comunicare il domicilio digitale)',
  '6': 'Esercitare la cittadinanza attraverso le tecnologie digitali (es.: utilizzare i servizi pubblici digitali, fare acquisti online, gestire servizi bancari e di pagamento via Internet)',
  '7': 'Collaborare attraverso le tecnologie digitali',
  '8': 'Conoscere le regole di comportamento per il reciproco rispetto online (netiquette)',
  '9': 'Gestire l’identità digitale (es.: richiedere e usare SPID, CNS e CIE e identificativi social)',
  '10': 'Creazione di contenuti digitali',
  '11': 'Proteggere i dispositivi (es.: impostare e gestire password, riconoscere ed evitare i messaggi di phishing)',
  '12': 'Proteggere i dati personali e la privacy (es.: gestire i cookie, comunicare dati bancari per i pagamenti online)',
  '13': 'Risolvere i problemi tecnici (es.: software e hardware)',
};

/** Short labels of SE5 for checkboxes and charts. */
export const COMPETENCES_SHORT: CodeList = {
  '1': 'Navigare e cercare informazioni',
  '2': 'Valutare le informazioni (fake news)',
  '3': 'Gestire dati e file',
  '4': 'Messaggi, chiamate e videochiamate',
  '5': 'Condividere (PEC, domicilio digitale)',
  '6': 'Servizi pubblici digitali, acquisti, banca',
  '7': 'Collaborare online',
  '8': 'Netiquette',
  '9': 'Identità digitale (SPID, CIE, CNS)',
  '10': 'Creare contenuti digitali',
  '11': 'Proteggere i dispositivi (password, phishing)',
  '12': 'Proteggere i dati personali',
  '13': 'Risolvere problemi tecnici',
};

/** SE6: public digital services. */
export const SERVICES: CodeList = {
  A: 'App IO',
  B: 'Sistemi di pagamenti elettronici (pagoPA)',
  C: 'Servizi anagrafici tramite ANPR (es. richiedere certificati)',
  D: 'Fascicolo sanitario elettronico',
  E: 'Fatturazione elettronica',
  F: 'Cultura e turismo (es. consultare biblioteche e archivi, prenotare biglietti per musei e spettacoli o servizi turistici)',
  G: 'Istruzione (es. fare l’iscrizione a servizi per l’infanzia, mense e trasporti scolastici, richiedere agevolazioni, consultare il registro elettronico)',
  H: 'Formazione (es. iscriversi all’università o a corsi per adulti)',
  I: 'Sport (es. prenotazione impianti sportivi)',
  J: 'Servizi di sostegno all’occupazione (es. iscriversi al centro per l’impiego, consultare l’Informalavoro, rivolgersi a career service o servizi di consulenza)',
  K: 'Commercio e impresa (es. sportelli unici per le attività produttive)',
  L: 'Servizi previdenziali e assistenziali (es. accedere a prestazioni assistenziali e previdenziali, servizi per l’immigrazione)',
  M: 'Servizi sanitari diversi da FSE (es. prenotare visite ed esami con il Centro Unico di Prenotazione, scegliere il medico di famiglia, ritirare referti, richiedere l’assistenza domiciliare)',
  N: 'Adempimenti fiscali (es. dichiarazione dei redditi precompilata)',
  O: 'Servizi tributari e contravvenzioni (es. dichiarazioni IMU, TASI, TARi, consultazione accertamenti e pagamenti delle contravvenzioni)',
  P: 'Urbanistica ed edilizia (es. Gestire pratiche edilizie SCIA e CILA)',
  Q: 'Infrastrutture e mobilità (es. fare il biglietto o l’abbonamento per il trasporto pubblico locale, effettuare pagamenti per parcheggi, taxi e ZTL)',
  R: 'Utilizzo di piattaforme di partecipazione',
  S: 'Nessuna delle precedenti',
};

/** Short labels of SE6 for checkboxes and charts. */
export const SERVICES_SHORT: CodeList = {
  A: 'App IO',
  B: 'pagoPA',
  C: 'Certificati anagrafici (ANPR)',
  D: 'Fascicolo sanitario elettronico',
  E: 'Fatturazione elettronica',
  F: 'Cultura e turismo',
  G: 'Istruzione e servizi scolastici',
  H: 'Università e corsi per adulti',
  I: 'Sport',
  J: 'Lavoro e centri per l’impiego',
  K: 'Commercio e impresa (SUAP)',
  L: 'Previdenza e assistenza (INPS)',
  M: 'Sanità: CUP, medico, referti',
  N: 'Dichiarazione precompilata',
  O: 'Tributi locali e multe',
  P: 'Urbanistica ed edilizia',
  Q: 'Trasporti, parcheggi, ZTL',
  R: 'Piattaforme di partecipazione',
  S: 'Nessuna delle precedenti',
};

/** ES1: how they heard of the service. */
export const DISCOVERY: CodeList = {
  A: 'Sportello',
  B: 'Telefono',
  C: 'Sito internet',
  D: 'Social media',
  E: 'TV',
  F: 'Radio',
  G: 'Giornale',
  H: 'Durante un evento online',
  I: 'Durante un evento in presenza',
  J: 'Durante un evento della Settimana nazionale per le competenze Digitali',
  K: 'Materiale informativo e promozionale stampato',
  L: 'Passaparola',
  M: 'Facilitatore/ Formatore',
};

/** ES2: why they came. */
export const REASONS: CodeList = {
  A: 'Migliorare nello studio',
  B: 'Ricerca di lavoro',
  C: 'Migliorare nel mio lavoro',
  D: 'Cambiare lavoro',
  E: 'Cultura e crescita personale',
  F: 'Avere maggiore dimestichezza nell’utilizzo dei servizi digitali in generale',
  G: 'Risolvere problemi specifici relativi ai servizi pubblici',
  H: 'Risolvere problemi specifici relativi agli acquisti e ai pagamenti online',
  I: 'Frequento volentieri questo punto di facilitazione',
  J: 'Non ho un motivo particolare',
  K: 'Recuperare un precedente servizio non fruito',
  L: 'Altro',
};

/** ES3: will they come back. */
export const RETURN: CodeList = {
  A: 'Sì, per facilitazione',
  B: 'Sì, per formazione',
  C: 'Non saprei',
  D: 'No, non ne ho bisogno',
  E: 'No, riconosco il bisogno ma non trovo giovamento nel tornare',
};

/** ES5: who helps them with digital problems. */
export const HELPERS: CodeList = {
  A: 'Chiedere aiuto a parenti e amici',
  B: 'Chiedere aiuto ai colleghi',
  C: 'Punto di facilitazione',
  D: 'Facilitazione online (es.: videochiamata)',
  E: 'Formazione e seminari in presenza gratuiti',
  F: 'Formazione e seminari in presenza a pagamento',
  G: 'Formazione e seminari online',
  H: 'Piattaforma “ACCEDI”',
  I: 'Motori di ricerca su Internet',
  J: 'Video (es.: YouTube)',
  K: 'Podcast',
  L: 'Blog e forum online',
  M: 'Chat (es.: WhatsApp) e chatbot',
  N: 'Materiale informativo, giornali, articoli e altre pubblicazioni stampate',
  O: 'Materiale informativo, giornali, articoli e altre pubblicazioni online',
};

/** ES6: usefulness, 1 to 5. */
export const RATINGS: CodeList = { '1': '1', '2': '2', '3': '3', '4': '4', '5': '5' };

/** How the citizen gave consent to the processing of their data. */
export const CONSENT_CHANNELS = ['CARTACEO', 'EMAIL', 'ONLINE'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_LABELS: Record<ConsentChannel, string> = {
  CARTACEO: 'Modulo cartaceo firmato',
  EMAIL: 'Per e-mail',
  ONLINE: 'Online',
};

export const codesOf = (list: CodeList): string[] => Object.keys(list);

/** SE4 from SE5: 1–3 → A, 4–9 → B, 10 → C, 11–12 → D, 13 → E, in that order, each once. */
export function areasOf(competences: readonly number[]): string[] {
  const areas = new Set<string>();
  for (const c of competences) {
    if (c >= 1 && c <= 3) areas.add('A');
    else if (c >= 4 && c <= 9) areas.add('B');
    else if (c === 10) areas.add('C');
    else if (c === 11 || c === 12) areas.add('D');
    else if (c === 13) areas.add('E');
  }
  return ['A', 'B', 'C', 'D', 'E'].filter((a) => areas.has(a));
}

/** Several answers in one cell, as the bulk upload wants them: "A:B". */
export const joinCodes = (codes: readonly (string | number)[]): string => codes.join(':');
export const splitCodes = (cell: string | null | undefined): string[] =>
  (cell ?? '')
    .split(':')
    .map((s) => s.trim())
    .filter(Boolean);

/** Labels of several codes, for people ("; " between them). */
export const labelsOf = (list: CodeList, cell: string | null | undefined): string =>
  splitCodes(cell)
    .map((c) => list[c] ?? c)
    .join('; ');

/** Sorts codes the way the lists are written (numbers numerically). */
export function sortCodes<T extends string | number>(list: CodeList, codes: readonly T[]): T[] {
  const order = Object.keys(list);
  return [...new Set(codes)].sort((a, b) => order.indexOf(String(a)) - order.indexOf(String(b)));
}

/** What the dashboard breaks its figures down by (`by`). */
export const BREAKDOWNS = [
  'month',
  'municipality',
  'venue',
  'facilitator',
  'kind',
  'competence',
  'area',
  'service',
  'ageBand',
  'gender',
  'education',
  'employment',
  'citizenship',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** What the published aggregates break their counts down by: none that could name a venue or a person. */
export const SUMMARY_BREAKDOWNS = [
  'month',
  'municipality',
  'kind',
  'competence',
  'service',
  'ageBand',
  'gender',
] as const satisfies readonly Breakdown[];
export type SummaryBreakdown = (typeof SUMMARY_BREAKDOWNS)[number];
