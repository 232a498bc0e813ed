/**
 * DigComp 2.2, the European digital competence framework: 5 areas, 21 competences, 8 proficiency
 * levels in 4 bands. Names are the official Italian ones (AgID translation) and the English ones.
 * Also the mapping to the competence codes of the national monitoring platform (SE5, see
 * FACILITATION.md), so a facilitator knows which codes a citizen's gaps correspond to.
 */

export type Bilingual = { it: string; en: string };

export const AREAS = [1, 2, 3, 4, 5] as const;
export type Area = (typeof AREAS)[number];

export const AREA_NAMES: Record<Area, Bilingual> = {
  1: { it: 'Alfabetizzazione su informazioni e dati', en: 'Information and data literacy' },
  2: { it: 'Comunicazione e collaborazione', en: 'Communication and collaboration' },
  3: { it: 'Creazione di contenuti digitali', en: 'Digital content creation' },
  4: { it: 'Sicurezza', en: 'Safety' },
  5: { it: 'Risolvere problemi', en: 'Problem solving' },
};

export const COMPETENCES = {
  '1.1': {
    it: 'Navigare, ricercare e filtrare dati, informazioni e contenuti digitali',
    en: 'Browsing, searching and filtering data, information and digital content',
  },
  '1.2': { it: 'Valutare dati, informazioni e contenuti digitali', en: 'Evaluating data, information and digital content' },
  '1.3': { it: 'Gestire dati, informazioni e contenuti digitali', en: 'Managing data, information and digital content' },
  '2.1': { it: 'Interagire attraverso le tecnologie digitali', en: 'Interacting through digital technologies' },
  '2.2': { it: 'Condividere informazioni attraverso le tecnologie digitali', en: 'Sharing through digital technologies' },
  '2.3': { it: 'Esercitare la cittadinanza attraverso le tecnologie digitali', en: 'Engaging in citizenship through digital technologies' },
  '2.4': { it: 'Collaborare attraverso le tecnologie digitali', en: 'Collaborating through digital technologies' },
  '2.5': { it: 'Netiquette', en: 'Netiquette' },
  '2.6': { it: "Gestire l'identità digitale", en: 'Managing digital identity' },
  '3.1': { it: 'Sviluppare contenuti digitali', en: 'Developing digital content' },
  '3.2': { it: 'Integrare e rielaborare contenuti digitali', en: 'Integrating and re-elaborating digital content' },
  '3.3': { it: 'Copyright e licenze', en: 'Copyright and licences' },
  '3.4': { it: 'Programmazione', en: 'Programming' },
  '4.1': { it: 'Proteggere i dispositivi', en: 'Protecting devices' },
  '4.2': { it: 'Proteggere i dati personali e la privacy', en: 'Protecting personal data and privacy' },
  '4.3': { it: 'Proteggere la salute e il benessere', en: 'Protecting health and well-being' },
  '4.4': { it: "Proteggere l'ambiente", en: 'Protecting the environment' },
  '5.1': { it: 'Risolvere problemi tecnici', en: 'Solving technical problems' },
  '5.2': { it: 'Individuare bisogni e risposte tecnologiche', en: 'Identifying needs and technological responses' },
  '5.3': { it: 'Utilizzare in modo creativo le tecnologie digitali', en: 'Creatively using digital technologies' },
  '5.4': { it: 'Individuare i divari di competenze digitali', en: 'Identifying digital competence gaps' },
} as const satisfies Record<string, Bilingual>;

export type Competence = keyof typeof COMPETENCES;
export const COMPETENCE_CODES = Object.keys(COMPETENCES) as Competence[];

export function isCompetence(value: unknown): value is Competence {
  return typeof value === 'string' && Object.hasOwn(COMPETENCES, value);
}

export function areaOf(competence: string): Area {
  return Number(competence.split('.')[0]) as Area;
}

export function competencesOf(area: Area): Competence[] {
  return COMPETENCE_CODES.filter((c) => areaOf(c) === area);
}

// ---------- proficiency levels ----------

export const MIN_LEVEL = 1;
export const MAX_LEVEL = 8;

export const BANDS = ['base', 'intermedio', 'avanzato', 'altamente-specializzato'] as const;
export type Band = (typeof BANDS)[number];

export const BAND_NAMES: Record<Band, Bilingual> = {
  base: { it: 'Base', en: 'Foundation' },
  intermedio: { it: 'Intermedio', en: 'Intermediate' },
  avanzato: { it: 'Avanzato', en: 'Advanced' },
  'altamente-specializzato': { it: 'Altamente specializzato', en: 'Highly specialised' },
};

/** Levels 1–2 base, 3–4 intermedio, 5–6 avanzato, 7–8 altamente specializzato. */
export function bandOf(level: number): Band {
  if (level <= 2) return 'base';
  if (level <= 4) return 'intermedio';
  if (level <= 6) return 'avanzato';
  return 'altamente-specializzato';
}

export function levelLabel(level: number, lang: 'it' | 'en' = 'it'): string {
  return BAND_NAMES[bandOf(level)][lang];
}

/**
 * What a band means in each area, in plain words for the person who took the test. DigComp's own
 * descriptors are for experts; these say what one can do and what comes next.
 */
export const AREA_EXPLANATIONS: Record<Area, Record<Band, Bilingual>> = {
  1: {
    base: {
      it: 'Trovi informazioni semplici su internet con un aiuto. Il prossimo passo: cercare da solo un servizio del tuo comune e capire se un sito è quello ufficiale.',
      en: 'You find simple information online with some help. Next step: look up a service of your municipality on your own and tell whether a site is the official one.',
    },
    intermedio: {
      it: 'Cerchi e trovi da solo quello che ti serve e riconosci le fonti più affidabili. Il prossimo passo: salvare e ordinare i tuoi documenti e verificare le notizie prima di condividerle.',
      en: 'You search and find what you need on your own and recognise reliable sources. Next step: save and organise your documents and check news before sharing it.',
    },
    avanzato: {
      it: 'Sai valutare le fonti, filtrare le ricerche e tenere in ordine i tuoi dati, anche su più dispositivi. Puoi aiutare altre persone a fare lo stesso.',
      en: 'You evaluate sources, filter searches and keep your data in order across devices. You can help others do the same.',
    },
    'altamente-specializzato': {
      it: 'Gestisci informazioni e dati in modo esperto e sai insegnarlo ad altri.',
      en: 'You handle information and data expertly and can teach it to others.',
    },
  },
  2: {
    base: {
      it: 'Usi i messaggi e le chiamate con un aiuto. Il prossimo passo: attivare lo SPID o la CIE per entrare nei servizi online della pubblica amministrazione.',
      en: 'You use messages and calls with some help. Next step: activate SPID or your electronic ID card (CIE) to use public online services.',
    },
    intermedio: {
      it: 'Comunichi con messaggi e videochiamate e usi alcuni servizi pubblici online. Il prossimo passo: pagare con pagoPA, usare l’app IO e la PEC in autonomia.',
      en: 'You communicate with messages and video calls and use some public online services. Next step: pay with pagoPA and use the IO app and certified e-mail (PEC) on your own.',
    },
    avanzato: {
      it: 'Usi con sicurezza la tua identità digitale, i pagamenti e i servizi pubblici online, e collabori con altri su documenti condivisi.',
      en: 'You confidently use your digital identity, payments and public online services, and work with others on shared documents.',
    },
    'altamente-specializzato': {
      it: 'Comunichi e collabori online in modo esperto e guidi altre persone nei servizi digitali.',
      en: 'You communicate and collaborate online expertly and guide others through digital services.',
    },
  },
  3: {
    base: {
      it: 'Scrivi testi semplici con un aiuto. Il prossimo passo: creare un documento, salvarlo in PDF e inviarlo come allegato.',
      en: 'You write simple texts with some help. Next step: create a document, save it as PDF and send it as an attachment.',
    },
    intermedio: {
      it: 'Crei e modifichi documenti e immagini. Il prossimo passo: capire le licenze (ad esempio Creative Commons) prima di usare contenuti di altri.',
      en: 'You create and edit documents and images. Next step: understand licences (such as Creative Commons) before using other people’s content.',
    },
    avanzato: {
      it: 'Crei contenuti digitali curati, rispetti il diritto d’autore e sai dare semplici istruzioni a un programma.',
      en: 'You create polished digital content, respect copyright and can give simple instructions to a program.',
    },
    'altamente-specializzato': {
      it: 'Crei contenuti e programmi in modo esperto e insegni ad altri a farlo.',
      en: 'You create content and programs expertly and teach others to do so.',
    },
  },
  4: {
    base: {
      it: 'Conosci poche regole per proteggerti online. Il prossimo passo: riconoscere i messaggi truffa (phishing), usare password sicure e non dare mai a nessuno i codici che ricevi per SMS.',
      en: 'You know a few rules to stay safe online. Next step: recognise scam messages (phishing), use strong passwords and never give anyone the codes you receive by text message.',
    },
    intermedio: {
      it: 'Riconosci le truffe più comuni e proteggi il tuo telefono. Il prossimo passo: controllare le impostazioni della privacy e i permessi delle app.',
      en: 'You recognise common scams and protect your phone. Next step: check privacy settings and app permissions.',
    },
    avanzato: {
      it: 'Proteggi dispositivi, dati personali e benessere tuo e dei tuoi familiari, e sai consigliare gli altri.',
      en: 'You protect your devices, personal data and well-being and those of your family, and can advise others.',
    },
    'altamente-specializzato': {
      it: 'Hai competenze esperte di sicurezza e privacy e sai insegnarle.',
      en: 'You have expert safety and privacy skills and can teach them.',
    },
  },
  5: {
    base: {
      it: 'Quando qualcosa non funziona chiedi aiuto. Il prossimo passo: imparare le verifiche più semplici (la connessione, il riavvio) e sapere dove trovare un punto di facilitazione digitale.',
      en: 'When something does not work you ask for help. Next step: learn the simplest checks (connection, restart) and where to find a digital facilitation point.',
    },
    intermedio: {
      it: 'Risolvi da solo i problemi più comuni e trovi il servizio online adatto. Il prossimo passo: usare gli strumenti digitali in modo creativo per organizzarti.',
      en: 'You solve common problems on your own and find the right online service. Next step: use digital tools creatively to get organised.',
    },
    avanzato: {
      it: 'Scegli gli strumenti giusti, risolvi i problemi tecnici e sai cosa ti serve per imparare ancora.',
      en: 'You choose the right tools, solve technical problems and know what you need to learn next.',
    },
    'altamente-specializzato': {
      it: 'Risolvi problemi complessi con il digitale e aiuti gli altri a colmare i loro divari.',
      en: 'You solve complex problems digitally and help others close their gaps.',
    },
  },
};

export function explain(area: Area, level: number, lang: 'it' | 'en' = 'it'): string {
  return AREA_EXPLANATIONS[area][bandOf(level)][lang];
}

// ---------- national monitoring codes (SE5) ----------

/** The 13 competence codes of the national facilitation records (column SE5). */
export const SE5_NAMES: Record<number, Bilingual> = {
  1: { it: 'Navigare e ricercare informazioni', en: 'Browsing and searching' },
  2: { it: 'Valutare le informazioni (fake news)', en: 'Evaluating information (fake news)' },
  3: { it: 'Gestire dati e file', en: 'Managing data and files' },
  4: { it: 'Interagire con le tecnologie digitali (messaggi, chiamate)', en: 'Interacting (messaging, calls)' },
  5: { it: 'Condividere (PEC, domicilio digitale)', en: 'Sharing (certified e-mail, digital domicile)' },
  6: {
    it: 'Cittadinanza digitale: servizi pubblici online, acquisti, banca',
    en: 'Citizenship through public digital services, shopping, banking',
  },
  7: { it: 'Collaborare online', en: 'Collaborating' },
  8: { it: 'Netiquette', en: 'Netiquette' },
  9: { it: 'Identità digitale (SPID, CNS, CIE)', en: 'Digital identity (SPID, CNS, CIE)' },
  10: { it: 'Creazione di contenuti digitali', en: 'Content creation' },
  11: { it: 'Proteggere i dispositivi (password, phishing)', en: 'Protecting devices (passwords, phishing)' },
  12: { it: 'Proteggere i dati personali', en: 'Protecting personal data' },
  13: { it: 'Risolvere problemi tecnici', en: 'Technical problems' },
};

/**
 * DigComp competence → SE5 code. Areas 1 and 2 map one to one (1.1→1 … 2.6→9); area 3 is one
 * code (10); in area 4 the national list has only devices (11) and personal data (12), so health
 * and well-being (4.3) goes with personal data and the environment (4.4) with devices; area 5 is
 * one code (13).
 */
export const SE5_OF: Record<Competence, number> = {
  '1.1': 1,
  '1.2': 2,
  '1.3': 3,
  '2.1': 4,
  '2.2': 5,
  '2.3': 6,
  '2.4': 7,
  '2.5': 8,
  '2.6': 9,
  '3.1': 10,
  '3.2': 10,
  '3.3': 10,
  '3.4': 10,
  '4.1': 11,
  '4.2': 12,
  '4.3': 12,
  '4.4': 11,
  '5.1': 13,
  '5.2': 13,
  '5.3': 13,
  '5.4': 13,
};

/** The SE4 area letter of an SE5 code (1–3 A, 4–9 B, 10 C, 11–12 D, 13 E). */
export function se4Of(se5: number): 'A' | 'B' | 'C' | 'D' | 'E' {
  if (se5 <= 3) return 'A';
  if (se5 <= 9) return 'B';
  if (se5 === 10) return 'C';
  if (se5 <= 12) return 'D';
  return 'E';
}

/** The SE5 codes for a set of competences, each once, in code order. */
export function se5For(competences: readonly string[]): number[] {
  return [...new Set(competences.filter(isCompetence).map((c) => SE5_OF[c]))].sort((a, b) => a - b);
}

export const AGE_BANDS = ['under-18', '18-29', '30-54', '55-74', '75+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_NAMES: Record<AgeBand, Bilingual> = {
  'under-18': { it: 'Meno di 18 anni', en: 'Under 18' },
  '18-29': { it: 'Da 18 a 29 anni', en: '18 to 29' },
  '30-54': { it: 'Da 30 a 54 anni', en: '30 to 54' },
  '55-74': { it: 'Da 55 a 74 anni', en: '55 to 74' },
  '75+': { it: '75 anni e più', en: '75 and over' },
};
