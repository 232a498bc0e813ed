/**
 * How citizens ask for a service and how sheets name it. When a query contains one of the `match`
 * phrases (compared word by word after accents, apostrophes, stop words and endings are dropped, so
 * "carta d'identità", "carte di identita" and "carta identità" are the same phrase), every phrase
 * in `add` becomes an alternative to it: "carta d'identità" finds sheets that only say "CIE".
 *
 * Synonyms are one-way on purpose: "identità digitale" also looks for "SPID", but "SPID" does not
 * look for every sheet that mentions digital identity, so the best sheet stays first.
 */
export interface Synonym {
  match: string[];
  add: string[];
}

export const SYNONYMS: Synonym[] = [
  // Identity and credentials
  {
    match: ["carta d'identità", "carta d'identità elettronica", "documento d'identità", "carta d'identita digitale", 'carta identità'],
    add: ['cie'],
  },
  { match: ['cie'], add: ["carta d'identità elettronica"] },
  {
    match: ['identità digitale', 'credenziali', 'credenziali digitali', 'accesso servizi online', 'username password', 'login'],
    add: ['spid'],
  },
  { match: ['carta nazionale servizi', 'tessera sanitaria chip', 'carta servizi'], add: ['cns'] },
  { match: ['firma', 'firma elettronica', 'firmare documenti', 'firmare online'], add: ['firma digitale'] },
  { match: ['posta certificata', 'raccomandata online', 'raccomandata elettronica', 'email certificata'], add: ['pec'] },
  { match: ['domicilio digitale', 'indirizzo digitale'], add: ['inad'] },
  { match: ['passaporto'], add: ['passaporto online'] },

  // Payments and taxes
  {
    match: ['multa', 'contravvenzione', 'verbale', 'sanzione stradale', 'avviso pagamento', 'pagamenti pa', 'pagare comune'],
    add: ['pagopa'],
  },
  { match: ['multa', 'contravvenzione', 'verbale stradale'], add: ['multe', 'sanzioni codice strada'] },
  { match: ['bollo auto', 'bollo', 'tassa auto', 'bollo moto', 'bollo macchina'], add: ['tassa automobilistica'] },
  { match: ['tassa rifiuti', 'rifiuti', 'spazzatura', 'immondizia', 'nettezza urbana', 'tassa spazzatura'], add: ['tari'] },
  { match: ['imu', 'tassa casa', 'tasse casa', 'seconda casa'], add: ['imposta municipale propria'] },
  {
    match: ['dichiarazione redditi', 'dichiarazione dei redditi', 'modello 730', 'precompilato', 'rimborso irpef', 'tasse reddito'],
    add: ['730 precompilato', 'precompilata'],
  },
  { match: ['app pagamenti', 'app comune', 'app servizi pubblici', 'messaggi pa'], add: ['app io'] },

  // Registry
  {
    match: [
      'certificato residenza',
      'certificato nascita',
      'stato famiglia',
      'certificato anagrafico',
      'certificati online',
      'autocertificazione',
    ],
    add: ['anpr', 'certificati anagrafici'],
  },
  {
    match: ['trasloco', 'cambio casa', 'cambiare casa', 'cambio indirizzo', 'cambio residenza', 'nuova casa', 'trasferimento'],
    add: ['residenza'],
  },
  { match: ['nascita figlio', 'nato figlio', 'neonato'], add: ['nascita'] },

  // Health
  {
    match: [
      'referti',
      'referto',
      'esami sangue',
      'ricetta elettronica',
      'ricette',
      'vaccinazioni',
      'certificato vaccinale',
      'storia clinica',
    ],
    add: ['fascicolo sanitario elettronico', 'fse'],
  },
  { match: ['fse'], add: ['fascicolo sanitario elettronico'] },
  {
    match: ['prenotare visita', 'prenotare esame', 'prenotazione visita', 'prenotazione esami', 'visita specialistica', 'esame medico'],
    add: ['cup'],
  },
  { match: ['medico famiglia', 'medico di base', 'cambio medico', 'scelta medico', 'pediatra'], add: ['scelta revoca medico'] },

  // School
  {
    match: ['iscrivere figlio scuola', 'iscrizione scuola', 'iscrizioni scolastiche', 'prima elementare', 'scuola primaria'],
    add: ['iscrizioni online'],
  },
  { match: ['mensa', 'buoni pasto scuola', 'pranzo scuola', 'refezione'], add: ['mensa scolastica', 'refezione scolastica'] },
  { match: ['asilo', 'asilo nido', 'nido'], add: ['nido infanzia'] },
  { match: ['scuolabus', 'pulmino'], add: ['trasporto scolastico'] },

  // Work, pensions, welfare
  { match: ['pensione', 'pensioni', 'contributi', 'cedolino'], add: ['inps'] },
  { match: ['disoccupazione', 'perso lavoro', 'licenziato'], add: ['naspi'] },
  { match: ['assegno figli', 'assegno unico', 'bonus figli'], add: ['assegno unico universale'] },
  { match: ['isee', 'reddito famiglia', 'dsu'], add: ['isee precompilato'] },
  { match: ['bonus', 'agevolazioni', 'contributo', 'sussidio'], add: ['bonus sociali'] },

  // Mobility and environment
  { match: ['ztl', 'zona traffico limitato', 'permesso auto centro'], add: ['permesso ztl'] },
  { match: ['parcheggio', 'sosta', 'strisce blu'], add: ['permesso sosta'] },
  { match: ['ingombranti', 'rifiuti ingombranti', 'ritiro mobili'], add: ['ritiro ingombranti'] },
];
