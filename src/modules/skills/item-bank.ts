import { createHash } from 'node:crypto';
import type { Bilingual, Competence } from './digcomp.js';

/**
 * The built-in item bank, as data. Programme staff start from it and edit their own versions in
 * the back office; this file only seeds the default bank (a change here publishes a new default
 * version the next time the bank is read, and the old one retires).
 *
 * Two kinds of item:
 * - self-declared statements ("So pagare un avviso pagoPA…"), answered on four steps: never,
 *   with help, alone, I could teach it;
 * - knowledge and practical items with one right answer, plus "Non lo so" so nobody has to guess.
 *
 * Each item measures one DigComp competence at one level. The short version (`short`) has four
 * items per area: one base (level 2), two intermediate (levels 3 and 4, the probe of the adaptive
 * rule in scoring.ts) and one advanced (level 5); the full version is every item and covers all
 * 21 competences.
 */

export type ItemKind = 'self' | 'knowledge';

export interface SeedItem {
  key: string;
  competence: Competence;
  level: number;
  kind: ItemKind;
  short: boolean;
  text: Bilingual;
  options: Bilingual[];
  /** Index of the right option; null for self-declared statements. */
  correct: number | null;
}

/** The four steps of every self-declared statement; an answer's value is the step's index. */
export const SELF_OPTIONS: Bilingual[] = [
  { it: 'Non l’ho mai fatto', en: 'Never done it' },
  { it: 'Solo con un aiuto', en: 'Only with help' },
  { it: 'Da solo o da sola', en: 'On my own' },
  { it: 'Potrei insegnarlo ad altri', en: 'I could teach it to others' },
];

export const DONT_KNOW: Bilingual = { it: 'Non lo so', en: 'I don’t know' };

function self(key: string, competence: Competence, level: number, short: boolean, it: string, en: string): SeedItem {
  return { key, competence, level, kind: 'self', short, text: { it, en }, options: SELF_OPTIONS, correct: null };
}

function know(
  key: string,
  competence: Competence,
  level: number,
  short: boolean,
  text: [string, string],
  options: [string, string][],
  correct: number,
): SeedItem {
  return {
    key,
    competence,
    level,
    kind: 'knowledge',
    short,
    text: { it: text[0], en: text[1] },
    options: [...options.map(([it, en]) => ({ it, en })), DONT_KNOW],
    correct,
  };
}

export const SEED_ITEMS: SeedItem[] = [
  // ---------- 1 Information and data literacy ----------
  self(
    'cercare-orari',
    '1.1',
    2,
    true,
    'So cercare su internet un’informazione pratica, ad esempio l’orario dell’ufficio anagrafe del mio comune.',
    'I can look up practical information online, such as the opening hours of my municipality’s registry office.',
  ),
  know(
    'notizia-vera',
    '1.2',
    3,
    true,
    [
      'Sui social leggi una notizia sorprendente condivisa da un conoscente. Qual è il modo migliore per capire se è vera?',
      'On social media you read a surprising story shared by an acquaintance. What is the best way to tell whether it is true?',
    ],
    [
      ['Guardare quanti «mi piace» ha ricevuto', 'Look at how many likes it has'],
      [
        'Cercare la fonte originale e controllare se ne parlano fonti affidabili',
        'Find the original source and check whether reliable sources report it',
      ],
      ['Fidarsi, se l’ha condivisa una persona che conosco', 'Trust it if someone I know shared it'],
    ],
    1,
  ),
  know(
    'copia-foto',
    '1.3',
    4,
    true,
    [
      'Non vuoi perdere le foto se il telefono si rompe. Cosa conviene fare?',
      'You want to be sure you will not lose your photos if your phone breaks. What should you do?',
    ],
    [
      ['Tenerle solo nella memoria del telefono', 'Keep them only in the phone’s memory'],
      ['Spostarle nel cestino per liberare spazio', 'Move them to the bin to free up space'],
      [
        'Farne una copia (backup) su un servizio cloud o su un disco esterno',
        'Make a copy (backup) on a cloud service or an external drive',
      ],
    ],
    2,
  ),
  self(
    'backup-automatico',
    '1.3',
    5,
    true,
    'So attivare il backup automatico del telefono e recuperare i miei dati su un telefono nuovo.',
    'I can turn on my phone’s automatic backup and restore my data on a new phone.',
  ),
  know(
    'sito-ufficiale',
    '1.1',
    3,
    false,
    [
      'Cerchi il sito del tuo comune per iscrivere un figlio alla mensa scolastica. Quale risultato della ricerca scegli?',
      'You are looking for your municipality’s website to enrol a child in the school canteen. Which search result do you choose?',
    ],
    [
      ['Un annuncio «Sponsorizzato» di un sito che chiede un pagamento', 'A “Sponsored” ad for a site that asks for a payment'],
      ['Il sito istituzionale del comune, ad esempio www.comune.prato.it', 'The municipality’s official site, such as www.comune.prato.it'],
      ['Un gruppo social non ufficiale di genitori', 'An unofficial parents’ group on social media'],
    ],
    1,
  ),
  self(
    'filtri-ricerca',
    '1.1',
    4,
    false,
    'So usare i filtri di un motore di ricerca (data, tipo di file) per trovare un documento ufficiale, ad esempio un bando in PDF.',
    'I can use a search engine’s filters (date, file type) to find an official document, such as a call for applications in PDF.',
  ),
  self(
    'controllo-fonte',
    '1.2',
    2,
    false,
    'Quando leggo una notizia online guardo chi l’ha pubblicata e quando.',
    'When I read news online I check who published it and when.',
  ),
  know(
    'cartella-download',
    '1.3',
    3,
    false,
    [
      'Hai scaricato dal sito del comune un certificato in PDF. Dove lo trovi di solito sul telefono o sul computer?',
      'You downloaded a PDF certificate from your municipality’s website. Where do you usually find it on your phone or computer?',
    ],
    [
      ['Nelle impostazioni del telefono', 'In the phone’s settings'],
      ['Nel cestino', 'In the bin'],
      ['Nella cartella «Download» (o «Scaricati»)', 'In the “Downloads” folder'],
    ],
    2,
  ),

  // ---------- 2 Communication and collaboration ----------
  self(
    'messaggio-foto',
    '2.1',
    2,
    true,
    'So inviare un messaggio con una foto su WhatsApp o un’app simile.',
    'I can send a message with a photo on WhatsApp or a similar app.',
  ),
  know(
    'entra-con-spid',
    '2.6',
    3,
    true,
    [
      'Sul sito del comune vuoi entrare nella tua area personale per vedere le tue pratiche. Quale pulsante usi?',
      'On your municipality’s website you want to open your personal area to see your applications. Which button do you use?',
    ],
    [
      ['«Iscriviti alla newsletter»', '“Subscribe to the newsletter”'],
      ['«Entra con SPID» (o «Entra con CIE»)', '“Sign in with SPID” (or “Sign in with CIE”)'],
      ['«Accedi con il numero di telefono del vicino»', '“Sign in with your neighbour’s phone number”'],
    ],
    1,
  ),
  know(
    'avviso-pagopa',
    '2.3',
    4,
    true,
    [
      'Ti arriva un avviso di pagamento pagoPA per la TARI. Come puoi pagarlo?',
      'You receive a pagoPA payment notice for the waste tax (TARI). How can you pay it?',
    ],
    [
      ['Solo in contanti allo sportello del comune', 'Only in cash at the municipality’s office'],
      ['Mandando i dati della carta per e-mail al comune', 'By e-mailing your card details to the municipality'],
      [
        'Con l’app IO, l’home banking, in posta, in banca o in tabaccheria, usando il codice dell’avviso',
        'With the IO app, online banking, at the post office, a bank or a tobacconist, using the notice code',
      ],
    ],
    2,
  ),
  self(
    'invio-pec',
    '2.2',
    5,
    true,
    'So inviare una PEC a un ufficio pubblico con un documento allegato e conservare la ricevuta di consegna.',
    'I can send a certified e-mail (PEC) to a public office with an attached document and keep the delivery receipt.',
  ),
  know(
    'codice-otp',
    '2.6',
    4,
    false,
    [
      'Mentre entri con SPID ricevi un SMS con un codice (OTP). Una persona al telefono che dice di essere della banca te lo chiede. Cosa fai?',
      'While signing in with SPID you receive a text message with a code (OTP). Someone on the phone who says they are from the bank asks for it. What do you do?',
    ],
    [
      ['Glielo leggo, così mi aiuta', 'I read it to them so they can help me'],
      ['Non lo do a nessuno: serve solo a me per entrare', 'I give it to nobody: it is only for me to sign in'],
      ['Lo invio per e-mail, che è più sicuro', 'I send it by e-mail, which is safer'],
    ],
    1,
  ),
  self(
    'pagare-pagopa',
    '2.3',
    3,
    false,
    'So pagare un avviso pagoPA con l’app della mia banca o con l’app IO.',
    'I can pay a pagoPA notice with my bank’s app or the IO app.',
  ),
  know(
    'notifiche-app-io',
    '2.3',
    4,
    false,
    [
      'Nell’app IO arriva un messaggio del tuo comune con una scadenza di pagamento. Cosa puoi fare dall’app?',
      'In the IO app you get a message from your municipality with a payment deadline. What can you do from the app?',
    ],
    [
      [
        'Leggere il messaggio, pagare l’avviso collegato e aggiungere la scadenza al calendario',
        'Read the message, pay the linked notice and add the deadline to the calendar',
      ],
      ['Niente: l’app serve solo per ricevere pubblicità', 'Nothing: the app only shows advertising'],
      ['Rispondere all’impiegato con un messaggio vocale', 'Reply to the clerk with a voice message'],
    ],
    0,
  ),
  self(
    'documento-condiviso',
    '2.4',
    4,
    false,
    'So lavorare con altre persone sullo stesso documento online, ad esempio per organizzare i turni di un’associazione.',
    'I can work with other people on the same online document, for example to organise an association’s rota.',
  ),
  know(
    'foto-bambini',
    '2.5',
    3,
    false,
    [
      'Vuoi condividere nel gruppo WhatsApp della classe una foto della festa in cui si vedono altri bambini. Cosa è giusto fare?',
      'You want to share in the class WhatsApp group a photo of the party showing other children. What is the right thing to do?',
    ],
    [
      ['Pubblicarla anche sul mio profilo pubblico', 'Also post it on my public profile'],
      ['Chiedere prima il permesso ai genitori degli altri bambini', 'First ask the other children’s parents for permission'],
      ['Condividerla subito: è solo una foto', 'Share it straight away: it is just a photo'],
    ],
    1,
  ),
  self(
    'accesso-servizi',
    '2.6',
    3,
    false,
    'So entrare nei servizi online del comune o dell’INPS con SPID o con la CIE.',
    'I can sign in to the online services of my municipality or INPS with SPID or my electronic ID card (CIE).',
  ),
  know(
    'microfono-videochiamata',
    '2.1',
    3,
    false,
    [
      'Durante una videochiamata gli altri ti vedono ma non ti sentono. Cosa controlli per prima cosa?',
      'During a video call the others can see you but cannot hear you. What do you check first?',
    ],
    [
      ['La luminosità dello schermo', 'The screen brightness'],
      [
        'Che il microfono non sia disattivato (l’icona del microfono barrata)',
        'That the microphone is not muted (the crossed-out microphone icon)',
      ],
      ['Di aver spento la fotocamera', 'That the camera is off'],
    ],
    1,
  ),
  know(
    'cosa-e-pec',
    '2.2',
    4,
    false,
    ['Che cos’è la PEC?', 'What is a PEC?'],
    [
      ['Un’app per le videochiamate', 'A video-call app'],
      [
        'Una e-mail con valore legale, come una raccomandata con ricevuta di ritorno',
        'An e-mail with legal value, like registered mail with a return receipt',
      ],
      ['Il codice per pagare le multe', 'The code used to pay fines'],
    ],
    1,
  ),

  // ---------- 3 Digital content creation ----------
  self(
    'scrivere-lettera',
    '3.1',
    2,
    true,
    'So scrivere e salvare un semplice documento, ad esempio una lettera, con il computer o il telefono.',
    'I can write and save a simple document, such as a letter, on a computer or phone.',
  ),
  know(
    'licenza-foto',
    '3.3',
    3,
    true,
    [
      'Trovi su internet una bella foto e vuoi usarla per il volantino della tua associazione. Cosa devi controllare?',
      'You find a nice photo online and want to use it on your association’s leaflet. What must you check?',
    ],
    [
      ['Niente: quello che è su internet è libero', 'Nothing: whatever is online is free'],
      ['Che la foto sia abbastanza grande', 'That the photo is big enough'],
      [
        'La licenza: ad esempio se è Creative Commons o se l’autore ne permette l’uso',
        'The licence: for example whether it is Creative Commons or the author allows its use',
      ],
    ],
    2,
  ),
  know(
    'unire-pdf',
    '3.2',
    4,
    true,
    [
      'Hai fotografato le cinque pagine di una domanda da inviare al comune. Qual è il modo più ordinato per inviarle?',
      'You photographed the five pages of an application to send to your municipality. What is the tidiest way to send them?',
    ],
    [
      ['Unirle in un solo file PDF, nell’ordine giusto', 'Combine them into a single PDF file, in the right order'],
      ['Mandare cinque e-mail, una per pagina', 'Send five e-mails, one per page'],
      ['Stamparle e fotografarle di nuovo', 'Print them and photograph them again'],
    ],
    0,
  ),
  self(
    'istruzioni-programma',
    '3.4',
    5,
    true,
    'So creare una semplice sequenza di istruzioni, ad esempio con Scratch o con un’automazione del telefono.',
    'I can create a simple sequence of instructions, for example with Scratch or a phone automation.',
  ),
  self(
    'volantino-pdf',
    '3.1',
    3,
    false,
    'So preparare un volantino con testo e immagini e salvarlo in PDF.',
    'I can make a leaflet with text and images and save it as a PDF.',
  ),
  self(
    'modificare-modulo',
    '3.2',
    4,
    false,
    'So modificare un modulo ricevuto da altri (ad esempio un file Word) e salvarlo con un nuovo nome.',
    'I can edit a form I received (for example a Word file) and save it under a new name.',
  ),
  know(
    'cc-by',
    '3.3',
    4,
    false,
    [
      'Cosa significa che una foto ha la licenza Creative Commons «CC BY»?',
      'What does it mean that a photo has a Creative Commons “CC BY” licence?',
    ],
    [
      ['Non si può usare in nessun caso', 'It may not be used at all'],
      ['Si può usare citando l’autore', 'It may be used if you credit the author'],
      ['Si può usare solo pagando', 'It may be used only for a fee'],
    ],
    1,
  ),
  know(
    'ripeti-tre-volte',
    '3.4',
    3,
    false,
    [
      'Un robot esegue queste istruzioni: «ripeti 3 volte: fai un passo avanti». Quanti passi fa?',
      'A robot runs these instructions: “repeat 3 times: take one step forward”. How many steps does it take?',
    ],
    [
      ['1', '1'],
      ['3', '3'],
      ['6', '6'],
    ],
    1,
  ),

  // ---------- 4 Safety ----------
  self(
    'blocco-telefono',
    '4.1',
    2,
    true,
    'Blocco il telefono con un PIN, una sequenza o l’impronta.',
    'I lock my phone with a PIN, a pattern or my fingerprint.',
  ),
  know(
    'phishing',
    '4.1',
    3,
    true,
    [
      'Ricevi questa e-mail da assistenza@banca-verifica-sicura.com: «Il suo conto è bloccato. Clicchi entro 24 ore sul link e inserisca la password». Che cos’è?',
      'You receive this e-mail from assistenza@banca-verifica-sicura.com: “Your account is blocked. Click the link within 24 hours and enter your password.” What is it?',
    ],
    [
      ['Un avviso vero della mia banca', 'A genuine notice from my bank'],
      ['Un aggiornamento del telefono', 'A phone update'],
      ['Un tentativo di truffa (phishing): non clicco e lo cancello', 'A scam attempt (phishing): I do not click and I delete it'],
    ],
    2,
  ),
  know(
    'password-sicura',
    '4.1',
    4,
    true,
    ['Quale di queste password è la più sicura?', 'Which of these passwords is the safest?'],
    [
      ['12345678', '12345678'],
      ['Mario1960', 'Mario1960'],
      ['Treno-Limone-Viola-47!', 'Treno-Limone-Viola-47!'],
    ],
    2,
  ),
  self(
    'impostazioni-privacy',
    '4.2',
    5,
    true,
    'So controllare e cambiare le impostazioni della privacy dei miei profili social e i permessi delle app sul telefono.',
    'I can check and change the privacy settings of my social media profiles and the app permissions on my phone.',
  ),
  know(
    'lucchetto-indirizzo',
    '4.1',
    4,
    false,
    [
      'Stai per inserire i dati della carta per pagare una bolletta. Quale indirizzo ti dà più fiducia?',
      'You are about to enter your card details to pay a bill. Which address do you trust most?',
    ],
    [
      ['http://www.poste-italiane.verifica-dati.biz', 'http://www.poste-italiane.verifica-dati.biz'],
      ['https://www.poste.it, con il lucchetto nella barra degli indirizzi', 'https://www.poste.it, with the padlock in the address bar'],
      ['Uno qualsiasi: conta che la pagina sia bella', 'Any of them: what matters is that the page looks nice'],
    ],
    1,
  ),
  know(
    'permessi-app',
    '4.2',
    4,
    false,
    [
      'Un’app per la lista della spesa chiede di accedere ai contatti, alla posizione e al microfono. Cosa fai?',
      'A shopping-list app asks for access to your contacts, location and microphone. What do you do?',
    ],
    [
      ['Accetto tutto, altrimenti non funziona', 'I accept everything, otherwise it will not work'],
      [
        'Concedo solo i permessi che servono davvero all’app e nego gli altri',
        'I grant only the permissions the app really needs and deny the others',
      ],
      ['Do l’accesso, tanto i miei dati non interessano a nessuno', 'I allow it: nobody cares about my data anyway'],
    ],
    1,
  ),
  self(
    'tempo-schermo',
    '4.3',
    3,
    false,
    'So impostare il telefono per limitare le notifiche o il tempo davanti allo schermo, ad esempio con la modalità «Non disturbare».',
    'I can set my phone to limit notifications or screen time, for example with “Do not disturb”.',
  ),
  know(
    'cyberbullismo',
    '4.3',
    3,
    false,
    [
      'Un ragazzo riceve ogni giorno messaggi offensivi in una chat di classe. Cosa è giusto consigliargli?',
      'A teenager receives offensive messages every day in a class chat. What is the right advice?',
    ],
    [
      ['Rispondere con altri insulti', 'Answer with more insults'],
      ['Non dirlo a nessuno', 'Tell nobody'],
      [
        'Salvare i messaggi, bloccare chi li manda e parlarne con un adulto o segnalarli',
        'Save the messages, block the sender and talk to an adult or report them',
      ],
    ],
    2,
  ),
  know(
    'raee',
    '4.4',
    3,
    false,
    ['Il tuo vecchio telefono non funziona più. Dove va buttato?', 'Your old phone no longer works. Where should it go?'],
    [
      ['Nell’indifferenziata', 'In general waste'],
      [
        'Nella raccolta dei rifiuti elettronici (RAEE), all’isola ecologica o in negozio',
        'In electronic waste collection (WEEE), at the recycling centre or in a shop',
      ],
      ['Nella raccolta della plastica', 'In plastic recycling'],
    ],
    1,
  ),
  self(
    'risparmio-energia',
    '4.4',
    2,
    false,
    'Spengo o metto in risparmio energetico i dispositivi quando non li uso.',
    'I switch off devices or put them in energy-saving mode when I am not using them.',
  ),
  self(
    'aggiornamenti',
    '4.1',
    3,
    false,
    'Installo gli aggiornamenti del telefono e del computer quando arrivano.',
    'I install phone and computer updates when they arrive.',
  ),

  // ---------- 5 Problem solving ----------
  self(
    'riavvio',
    '5.1',
    2,
    true,
    'Se il telefono si blocca, so spegnerlo e riaccenderlo.',
    'If my phone freezes, I can switch it off and on again.',
  ),
  know(
    'pagina-non-carica',
    '5.1',
    3,
    true,
    ['Una pagina web non si apre. Qual è la prima cosa da controllare?', 'A web page will not open. What is the first thing to check?'],
    [
      ['Cambiare la suoneria', 'Change the ringtone'],
      [
        'Che il telefono sia collegato a internet (Wi-Fi o dati mobili)',
        'That the phone is connected to the internet (Wi-Fi or mobile data)',
      ],
      ['Comprare un telefono nuovo', 'Buy a new phone'],
    ],
    1,
  ),
  know(
    'certificato-anpr',
    '5.2',
    4,
    true,
    [
      'Ti serve un certificato di residenza e non vuoi andare in comune. Quale servizio online usi?',
      'You need a certificate of residence and do not want to go to the town hall. Which online service do you use?',
    ],
    [
      ['Un sito che vende certificati a pagamento', 'A site that sells certificates for a fee'],
      ['Il profilo social del sindaco', 'The mayor’s social media profile'],
      [
        'L’Anagrafe nazionale (ANPR), entrando con SPID o CIE: il certificato è gratuito',
        'The national registry (ANPR), signing in with SPID or CIE: the certificate is free',
      ],
    ],
    2,
  ),
  self(
    'trovare-aiuto',
    '5.4',
    5,
    true,
    'Quando non so usare un servizio digitale, so trovare senza aiuto un corso, una guida o un punto di facilitazione.',
    'When I do not know how to use a digital service, I can find a course, a guide or a facilitation point to help me on my own.',
  ),
  self(
    'memoria-piena',
    '5.1',
    4,
    false,
    'So liberare spazio sul telefono quando la memoria è piena.',
    'I can free up space on my phone when its memory is full.',
  ),
  self(
    'scegliere-app',
    '5.2',
    3,
    false,
    'So scegliere e installare un’app adatta a quello che mi serve, ad esempio per gli orari dei mezzi pubblici.',
    'I can choose and install an app that fits what I need, for example for public transport timetables.',
  ),
  self(
    'uso-creativo',
    '5.3',
    4,
    false,
    'Uso gli strumenti digitali in modo creativo per risolvere problemi di tutti i giorni, ad esempio organizzare un evento.',
    'I use digital tools creatively to solve everyday problems, such as organising an event.',
  ),
  know(
    'modulo-iscrizioni',
    '5.3',
    5,
    false,
    [
      'Vuoi raccogliere le iscrizioni a una gita del circolo. Qual è lo strumento più adatto?',
      'You want to collect sign-ups for a club outing. Which tool fits best?',
    ],
    [
      ['Un messaggio vocale a ciascuno', 'A voice message to each person'],
      ['Un post pubblico con i dati di tutti', 'A public post with everybody’s details'],
      ['Un modulo online che raccoglie le risposte in una tabella', 'An online form that collects the answers in a table'],
    ],
    2,
  ),
  know(
    'punto-facilitazione',
    '5.4',
    3,
    false,
    [
      'Dove puoi ricevere aiuto gratuito per imparare a usare SPID e i servizi online?',
      'Where can you get free help to learn how to use SPID and online services?',
    ],
    [
      ['Da nessuna parte', 'Nowhere'],
      [
        'In un Punto Digitale Facile o in uno sportello di facilitazione digitale',
        'At a “Punto Digitale Facile” or a digital facilitation desk',
      ],
      ['Solo a pagamento, in un negozio di telefonia', 'Only for a fee, in a phone shop'],
    ],
    1,
  ),
];

/** A hash of the seed data: the default bank is republished when it changes. */
export function seedHash(items: SeedItem[] = SEED_ITEMS): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 32);
}
