import type { Db } from '../../db/index.js';
import { type AccessMethod, type Category, type LifeEvent, SheetContent } from './schemas.js';
import { insertBatch, type NewSheet } from './service.js';

/**
 * Demo service sheets: thirty national and local online services explained in plain Italian,
 * with links to the official sites. Most belong to the Comune di Firenze (as in Firenze digitale);
 * the others to Prato, Consorzio.it, the Unione Valnure e Valchero and Gussago.
 * Topics use the events' codes and desk services the desks' codes, so sheets show the meetings
 * and help desks about them.
 */

interface DemoSheet {
  org: string;
  slug: string;
  name: string;
  summary: string;
  audience: string;
  category: Category;
  access: AccessMethod[];
  url: string;
  cost: string;
  times: string;
  lifeEvents: LifeEvent[];
  topics: string[];
  desk: string[];
  body: string;
  steps: string[];
  faqs: [string, string][];
  contacts: string;
}

const FIRENZE_URP =
  'Ufficio Relazioni con il Pubblico del Comune di Firenze. Scrivi dal sito [www.comune.fi.it](https://www.comune.fi.it) oppure vieni al Centro per le competenze digitali, Piazza delle Murate 1.';
const PRATO_URP =
  'Comune di Prato, Ufficio Relazioni con il Pubblico. Sito: [www.comune.prato.it](https://www.comune.prato.it). Agli incontri nei circoli trovi lo sportello SPID.';
const GUSSAGO_URP =
  'Comune di Gussago, sportello al cittadino. Sito: [www.comune.gussago.bs.it](https://www.comune.gussago.bs.it). Allo Hub Gussago ti aiutiamo su appuntamento.';
const CONSORZIO = 'Consorzio.it, Crema. Chiedi al tuo Comune o agli incontri di facilitazione digitale nel Cremasco.';
const VALNURE = 'Unione dei Comuni Valnure e Valchero. Gli animatori digitali ti aiutano in biblioteca a Podenzano.';

export const DEMO_SHEETS: DemoSheet[] = [
  {
    org: 'firenze',
    slug: 'spid',
    name: "SPID, l'identità digitale",
    summary: 'Con SPID entri nei siti pubblici. Ti bastano un nome utente e una password.',
    audience: 'Chi ha almeno 18 anni. Servono un documento valido, la tessera sanitaria, una e-mail e un telefono.',
    category: 'identita-digitale',
    access: ['none'],
    url: 'https://www.spid.gov.it',
    cost: 'Di solito è gratis. Alcuni gestori chiedono un piccolo costo per il riconoscimento a distanza.',
    times: 'Da pochi minuti a qualche giorno, secondo il modo di riconoscimento.',
    lifeEvents: ['maggiorenne', 'documenti'],
    topics: ['spid'],
    desk: ['spid'],
    body: `SPID vuol dire Sistema Pubblico di Identità Digitale. È una chiave sola per tanti servizi online.

Con SPID puoi:

- vedere il tuo Fascicolo Sanitario Elettronico;
- chiedere un certificato al Comune;
- controllare la pensione sul sito dell'INPS;
- iscrivere i figli a scuola.

SPID lo danno alcune aziende, chiamate gestori. Le trovi tutte sul sito ufficiale. Scegli quella che ti è più comoda.

Poi devi farti riconoscere. Puoi andare in un ufficio, fare una videochiamata o usare la CIE.`,
    steps: [
      'Prepara un documento valido, la tessera sanitaria, il tuo indirizzo e-mail e il cellulare.',
      'Vai sul sito [www.spid.gov.it](https://www.spid.gov.it) e scegli un gestore.',
      'Compila i tuoi dati e scegli nome utente e password.',
      'Fatti riconoscere: di persona, in video o con la CIE.',
      "Scarica l'app del gestore sul telefono: ti serve per entrare nei servizi.",
    ],
    faqs: [
      ['Quanto costa SPID?', 'Con molti gestori è gratis. Il riconoscimento in video a volte si paga.'],
      ['Posso avere SPID se non ho lo smartphone?', 'Sì. Alcuni gestori mandano il codice per SMS. Chiedi allo sportello SPID.'],
      ['Ho dimenticato la password. Cosa faccio?', 'Vai sul sito del tuo gestore e scegli "Password dimenticata". Ti serve la tua e-mail.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'carta-identita-elettronica',
    name: "CIE, la carta d'identità elettronica",
    summary: "La CIE è la carta d'identità con il chip. Serve come documento e per entrare nei servizi online.",
    audience: 'Chi vive in Italia ed è iscritto in anagrafe. Anche i bambini possono averla.',
    category: 'identita-digitale',
    access: ['cie'],
    url: 'https://www.cartaidentita.interno.gov.it',
    cost: 'Circa 22 euro, da pagare al Comune.',
    times: 'La carta arriva per posta in circa 6 giorni lavorativi.',
    lifeEvents: ['documenti', 'maggiorenne'],
    topics: ['cie'],
    desk: ['cie'],
    body: `La carta d'identità elettronica (CIE) è il documento d'identità di oggi. Ha un chip, come una carta di pagamento.

Quando la fai ti danno un codice PIN e un codice PUK. **Conservali bene.** Una parte la ricevi in Comune e una parte con la carta.

Con la CIE e il PIN puoi entrare nei siti della pubblica amministrazione. Ti basta il telefono con l'app CieID.

La CIE vale anche per viaggiare nei paesi dell'Unione europea.`,
    steps: [
      "Scarica sul telefono l'app CieID.",
      "Apri l'app e appoggia la carta sul retro del telefono.",
      'Scrivi le 8 cifre del PIN.',
      'Quando un sito ti chiede di entrare, scegli "Entra con CIE" e segui l\'app.',
    ],
    faqs: [
      [
        'Ho perso il PIN. Cosa faccio?',
        'Puoi recuperarlo con il PUK sul sito ufficiale della CIE. Se hai perso anche il PUK, chiedi al Comune.',
      ],
      ['Il mio telefono legge la CIE?', 'Serve un telefono con NFC. Quasi tutti i telefoni recenti lo hanno.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'appuntamento-carta-identita',
    name: "Prenotare l'appuntamento per la carta d'identità",
    summary: "Prenoti online il giorno e l'ora per fare o rinnovare la carta d'identità elettronica in Comune.",
    audience: "Chi è residente a Firenze e deve fare la carta d'identità per la prima volta o rinnovarla.",
    category: 'anagrafe',
    access: ['none', 'spid', 'cie'],
    url: 'https://www.prenotazionicie.interno.gov.it',
    cost: 'La prenotazione è gratis. La carta costa circa 22 euro.',
    times: 'Trovi posto di solito entro qualche settimana. Prenota prima che la carta scada.',
    lifeEvents: ['documenti'],
    topics: ['cie'],
    desk: ['cie'],
    body: `Per fare la carta d'identità elettronica devi andare in Comune. Prima però prenoti l'appuntamento online.

Porta con te:

- la vecchia carta d'identità o la denuncia di smarrimento;
- una foto recente;
- la tessera sanitaria.

Puoi rinnovare la carta da 180 giorni prima della scadenza.`,
    steps: [
      'Vai sul sito di prenotazione del Ministero.',
      'Scegli il Comune di Firenze e la sede più vicina.',
      "Scegli il giorno e l'ora che ti vanno bene.",
      'Scrivi i tuoi dati e conferma. Ti arriva una e-mail.',
      'Vai in Comune il giorno fissato. Porta la foto, il vecchio documento e la tessera.',
    ],
    faqs: [
      ['Non trovo posti liberi. Cosa faccio?', "I posti si liberano spesso. Riprova nei giorni seguenti o scegli un'altra sede."],
      ['Posso disdire?', 'Sì, con il link nella e-mail di conferma.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'pagopa',
    name: 'PagoPA, pagare la pubblica amministrazione',
    summary: 'Con pagoPA paghi tasse, multe, mense e altri servizi pubblici in modo sicuro, online o in negozio.',
    audience: 'Tutti. Non serve SPID per pagare un avviso.',
    category: 'pagamenti',
    access: ['none'],
    url: 'https://www.pagopa.gov.it',
    cost: 'Paghi una piccola commissione, diversa per ogni modo di pagamento.',
    times: 'Il pagamento vale subito. La ricevuta arriva in pochi minuti.',
    lifeEvents: ['tasse'],
    topics: ['pagopa'],
    desk: ['pagopa'],
    body: `PagoPA è il sistema per pagare gli enti pubblici. Sull'avviso di pagamento trovi un codice e un codice QR.

Puoi pagare:

- sul sito dell'ente;
- con l'app IO;
- con l'app della tua banca;
- in tabaccheria, in posta o al bancomat.

Conserva sempre la ricevuta.`,
    steps: [
      "Prendi l'avviso di pagamento pagoPA.",
      'Apri l\'app IO o l\'app della banca e scegli "Paga un avviso".',
      'Inquadra il codice QR oppure scrivi il codice avviso.',
      'Controlla importo ed ente, poi conferma.',
      'Salva la ricevuta.',
    ],
    faqs: [
      ["Ho perso l'avviso. Posso pagare lo stesso?", "Chiedi all'ente una copia. Spesso la trovi anche nell'app IO."],
      ['Il pagamento è sicuro?', 'Sì. PagoPA è un sistema dello Stato e la ricevuta vale come prova.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'app-io',
    name: 'App IO, i servizi pubblici sul telefono',
    summary: "IO è l'app dei servizi pubblici: ricevi messaggi, scadenze e avvisi, e paghi con pagoPA.",
    audience: 'Chi ha SPID o la CIE e uno smartphone.',
    category: 'identita-digitale',
    access: ['spid', 'cie'],
    url: 'https://io.italia.it',
    cost: 'Gratis.',
    times: 'Dieci minuti per installarla e attivarla.',
    lifeEvents: ['tasse', 'documenti'],
    topics: ['app-io'],
    desk: ['app-io'],
    body: `Con l'app IO il Comune e gli altri enti ti scrivono direttamente sul telefono.

Nell'app trovi:

- i messaggi e le scadenze, come il rinnovo della carta d'identità;
- gli avvisi da pagare con pagoPA;
- i documenti, come la patente e la tessera sanitaria;
- i bonus che hai chiesto.

Puoi scegliere quali enti ti possono scrivere.`,
    steps: [
      "Scarica l'app IO dal negozio di app del telefono.",
      'Entra con SPID o con la CIE.',
      'Scegli un codice di sblocco di 6 cifre.',
      'Scrivi la tua e-mail e confermala.',
      'Guarda i servizi e attiva quelli che ti servono.',
    ],
    faqs: [
      ['IO è sicura?', "Sì. È l'app ufficiale dello Stato e non usa i tuoi dati per pubblicità."],
      ['Posso usarla su due telefoni?', 'No, su un telefono alla volta. Quando entri da un altro telefono, il primo esce.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'fascicolo-sanitario-elettronico',
    name: 'Fascicolo Sanitario Elettronico',
    summary: 'Nel fascicolo trovi referti, ricette e vaccini. È la tua storia di salute, sempre con te.',
    audience: 'Tutte le persone assistite dal Servizio sanitario nazionale. I genitori vedono il fascicolo dei figli minorenni.',
    category: 'salute',
    access: ['spid', 'cie', 'cns'],
    url: 'https://www.fascicolosanitario.gov.it',
    cost: 'Gratis.',
    times: 'I referti arrivano nel fascicolo pochi giorni dopo la visita.',
    lifeEvents: ['salute', 'figlio'],
    topics: ['fascicolo-sanitario'],
    desk: ['fse'],
    body: `Il Fascicolo Sanitario Elettronico (FSE) raccoglie i tuoi dati di salute in un posto solo.

Dentro trovi:

- i referti delle analisi e delle visite;
- le ricette del medico;
- il certificato dei vaccini;
- le lettere di dimissione dall'ospedale.

Puoi mostrare il fascicolo al medico che ti cura. Decidi tu chi può vederlo.`,
    steps: [
      'Vai sul sito del Fascicolo Sanitario della tua regione. Lo trovi dal sito nazionale.',
      'Entra con SPID, CIE o tessera sanitaria con chip.',
      'Dai il consenso alla consultazione, se ti viene chiesto.',
      'Apri la sezione dei referti o delle ricette.',
      'Scarica o stampa il documento che ti serve.',
    ],
    faqs: [
      [
        'Non vedo un referto. Perché?',
        "Alcuni referti arrivano dopo qualche giorno. Se manca ancora, chiedi alla struttura che ha fatto l'esame.",
      ],
      ['Posso vedere il fascicolo di mio figlio?', 'Sì, se è minorenne. Entri con le tue credenziali e scegli il suo nome.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'certificati-anagrafici-online',
    name: 'Certificati anagrafici online (ANPR)',
    summary: 'Scarichi gratis da casa i certificati. Per esempio residenza, nascita e stato di famiglia.',
    audience: 'Chi è iscritto in anagrafe in un comune italiano. Puoi chiedere i certificati anche per un familiare.',
    category: 'anagrafe',
    access: ['spid', 'cie', 'cns', 'eidas'],
    url: 'https://www.anagrafenazionale.interno.gov.it',
    cost: 'Gratis online: non paghi il bollo.',
    times: 'Subito: il certificato si scarica in pochi secondi.',
    lifeEvents: ['casa', 'figlio', 'documenti'],
    topics: ['anpr'],
    desk: ['anpr'],
    body: `L'Anagrafe Nazionale (ANPR) unisce le anagrafi di tutti i Comuni. Per questo puoi avere un certificato da qualsiasi posto.

Puoi scaricare, tra gli altri:

- il certificato di residenza;
- il certificato di nascita;
- lo stato di famiglia;
- il certificato di cittadinanza.

Il certificato ha un sigillo elettronico e vale come quello di carta.`,
    steps: [
      'Vai sul sito dell\'Anagrafe Nazionale e scegli "Servizi al cittadino".',
      'Entra con SPID, CIE o CNS.',
      'Scegli "Certificati" e poi il certificato che ti serve.',
      'Scegli per chi è: per te o per un familiare.',
      'Scarica il PDF e stampalo se ti serve.',
    ],
    faqs: [
      [
        'Posso usare il certificato per un ufficio pubblico?',
        "Non serve. Gli uffici pubblici non chiedono certificati. Basta un'autocertificazione.",
      ],
      ['Il certificato online vale come quello del Comune?', 'Sì, ha lo stesso valore.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'cambio-di-residenza',
    name: 'Cambio di residenza online',
    summary: 'Hai cambiato casa? Dichiari la nuova residenza online, senza fare la fila.',
    audience: 'Chi va a vivere in una nuova casa, nello stesso comune o in un altro comune.',
    category: 'anagrafe',
    access: ['spid', 'cie', 'cns'],
    url: 'https://www.anagrafenazionale.interno.gov.it',
    cost: 'Gratis.',
    times: 'Devi dichiarare il cambio entro 20 giorni dal trasloco. Il Comune controlla entro 45 giorni.',
    lifeEvents: ['casa'],
    topics: ['anpr', 'servizi-comunali'],
    desk: ['anpr'],
    body: `Hai cambiato casa? Devi dichiarare la nuova residenza entro 20 giorni.

La dichiarazione si fa online sul sito dell'Anagrafe Nazionale. Vale anche per i familiari che vengono con te.

Dopo la richiesta la Polizia Municipale passa a controllare che tu abiti lì. Fatti trovare o lascia il tuo nome sul campanello.`,
    steps: [
      "Entra nel sito dell'Anagrafe Nazionale con SPID o CIE.",
      'Scegli "Cambio di residenza".',
      'Scrivi il nuovo indirizzo e chi viene a vivere con te.',
      'Allega i documenti richiesti, come il contratto di affitto.',
      'Invia la richiesta e conserva la ricevuta.',
    ],
    faqs: [
      ["Devo cambiare la carta d'identità?", "No. L'indirizzo non è scritto sul chip: la carta resta valida."],
      ["E la patente e il libretto dell'auto?", 'Vengono aggiornati in automatico dal Comune.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'inps-servizi-online',
    name: 'INPS online: pensione, cedolino e domande',
    summary: "Sul sito dell'INPS vedi la pensione e scarichi il cedolino. Puoi anche fare domande di aiuto.",
    audience: 'Pensionati, lavoratori e famiglie.',
    category: 'lavoro',
    access: ['spid', 'cie', 'cns', 'eidas'],
    url: 'https://www.inps.it',
    cost: 'Gratis.',
    times: 'Il cedolino della pensione è online qualche giorno prima del pagamento.',
    lifeEvents: ['pensione', 'lavoro'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `L'INPS paga le pensioni e molti aiuti alle famiglie. Quasi tutto si fa dal sito o dall'app INPS Mobile.

Puoi:

- vedere il cedolino della pensione;
- scaricare la Certificazione Unica, che serve per il 730;
- controllare i contributi versati;
- fare domanda di assegno o di bonus.

Se hai bisogno di aiuto puoi andare a un patronato: è gratis.`,
    steps: [
      "Vai sul sito www.inps.it o apri l'app INPS Mobile.",
      'Entra con SPID, CIE o CNS.',
      'Scrivi nella ricerca quello che ti serve, ad esempio "cedolino".',
      'Apri il servizio e segui le istruzioni.',
    ],
    faqs: [
      ['Non ho SPID. Posso fare da solo?', 'Ti serve SPID, CIE o CNS. Altrimenti puoi andare da un patronato.'],
      ['Dove trovo la Certificazione Unica?', 'Nel servizio "Certificazione Unica" sul sito INPS, da metà marzo.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: '730-precompilato',
    name: '730 precompilato',
    summary: "L'Agenzia delle Entrate prepara per te la dichiarazione dei redditi. Tu controlli e la invii online.",
    audience: 'Lavoratori dipendenti e pensionati.',
    category: 'tributi',
    access: ['spid', 'cie', 'cns'],
    url: 'https://infoprecompilata.agenziaentrate.gov.it',
    cost: 'Gratis se la invii da solo.',
    times: 'Di solito è pronta a fine aprile. Si invia entro il 30 settembre.',
    lifeEvents: ['tasse', 'pensione', 'lavoro'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `Il 730 precompilato è la dichiarazione dei redditi già scritta. L'Agenzia delle Entrate mette i dati che conosce: stipendio, pensione, spese mediche, mutuo.

Tu devi solo controllare. Se è tutto giusto, la accetti e la invii. Se manca qualcosa, la correggi.

Se la accetti così com'è, non ci saranno controlli sulle spese già inserite.`,
    steps: [
      'Entra nel sito della dichiarazione precompilata con SPID, CIE o CNS.',
      'Apri il modello 730 e controlla i dati.',
      'Aggiungi le spese che mancano, se ne hai.',
      'Invia la dichiarazione.',
      'Scarica la ricevuta di invio.',
    ],
    faqs: [
      ['Devo pagare qualcuno?', 'No. Da solo è gratis. Puoi anche farti aiutare da un CAF.'],
      ['Quando arriva il rimborso?', 'Con lo stipendio o con la pensione, di solito da luglio.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'iscrizioni-scolastiche-online',
    name: 'Iscrizioni scolastiche online',
    summary: 'Iscrivi online tuo figlio alla prima classe. Vale per elementari, medie e superiori.',
    audience: 'Genitori e tutori di bambini e ragazzi che iniziano un nuovo ciclo di scuola.',
    category: 'scuola',
    access: ['spid', 'cie', 'eidas'],
    url: 'https://www.istruzione.it/iscrizionionline/',
    cost: 'Gratis.',
    times: 'Le iscrizioni sono aperte di solito a gennaio, per alcune settimane.',
    lifeEvents: ['scuola', 'figlio'],
    topics: ['iscrizioni-scolastiche'],
    desk: ['aiuto-digitale'],
    body: `L'iscrizione alla prima classe della scuola si fa online sul sito del Ministero.

Prima di iscrivere tuo figlio:

- guarda le scuole vicino a casa nel portale "Scuola in chiaro";
- scegli la scuola che preferisci e altre due di riserva;
- prepara il codice fiscale tuo e di tuo figlio.

Per la scuola dell'infanzia ci si iscrive invece in Comune o alla scuola.`,
    steps: [
      'Vai sul sito delle iscrizioni online del Ministero.',
      'Entra con SPID, CIE o eIDAS.',
      'Cerca la scuola con il suo codice o con il nome.',
      'Compila la domanda con i dati di tuo figlio.',
      'Invia la domanda. Ti arriva una e-mail di conferma.',
    ],
    faqs: [
      ['Conta chi si iscrive per primo?', "No, non conta l'ordine di arrivo. Conta rispettare le date."],
      ['Posso cambiare la domanda?', 'Sì, finché le iscrizioni sono aperte.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'pec-posta-certificata',
    name: 'PEC, la posta elettronica certificata',
    summary: 'La PEC è una e-mail che vale come una raccomandata con ricevuta di ritorno.',
    audience: 'Tutti. Le imprese e i professionisti devono averla.',
    category: 'identita-digitale',
    access: ['none'],
    url: 'https://www.agid.gov.it',
    cost: "Pochi euro all'anno, secondo il gestore.",
    times: 'Si attiva in un giorno.',
    lifeEvents: ['impresa', 'lavoro'],
    topics: ['pec'],
    desk: ['aiuto-digitale'],
    body: `Con la PEC mandi messaggi che hanno valore legale. Ricevi una ricevuta quando il messaggio parte e quando arriva.

La PEC si compra da un gestore, come una normale casella di posta. L'elenco dei gestori è sul sito dell'AgID.

Puoi usare la PEC come tuo domicilio digitale: così gli enti ti scrivono lì e non per raccomandata.`,
    steps: [
      "Scegli un gestore PEC dall'elenco dell'AgID.",
      'Compra la casella e scegli il nome.',
      'Fatti riconoscere, di solito con SPID o con un documento.',
      'Apri la casella dal sito del gestore o da un programma di posta.',
    ],
    faqs: [
      ['Posso scrivere con la PEC a una e-mail normale?', 'Sì, ma il messaggio non ha valore legale.'],
      ['Devo controllare la PEC spesso?', 'Sì: i messaggi valgono come consegnati anche se non li leggi.'],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'domicilio-digitale',
    name: 'Domicilio digitale (INAD)',
    summary: 'Scegli una PEC dove ricevere le lettere degli enti pubblici. Così non ricevi più raccomandate.',
    audience: 'Tutte le persone maggiorenni che hanno una PEC.',
    category: 'identita-digitale',
    access: ['spid', 'cie', 'cns'],
    url: 'https://www.inad.gov.it',
    cost: 'Gratis. Serve solo una casella PEC.',
    times: 'Subito.',
    lifeEvents: ['documenti'],
    topics: ['pec'],
    desk: ['aiuto-digitale'],
    body: `Il domicilio digitale è il tuo indirizzo ufficiale online. Si registra sul sito INAD.

Quando lo hai scelto, gli enti pubblici ti mandano le comunicazioni lì: multe, avvisi, risposte. Non ricevi più raccomandate di carta.

Puoi cambiare il domicilio o toglierlo quando vuoi.`,
    steps: [
      "Attiva una casella PEC, se non ce l'hai.",
      'Vai sul sito INAD ed entra con SPID, CIE o CNS.',
      'Scrivi il tuo indirizzo PEC.',
      'Conferma con il codice che arriva sulla PEC.',
    ],
    faqs: [
      ['È obbligatorio?', 'No, per i cittadini è una scelta.'],
      ['Posso indicare la PEC di un familiare?', "Sì, se sei d'accordo con lui. Le comunicazioni arrivano a quella casella."],
    ],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'permesso-ztl',
    name: 'Permesso ZTL per residenti',
    summary: "Chiedi online il permesso per entrare con l'auto nella Zona a Traffico Limitato.",
    audience: "Chi abita nella ZTL e ha un'auto intestata a sé o alla famiglia.",
    category: 'mobilita',
    access: ['spid', 'cie'],
    url: 'https://www.comune.fi.it',
    cost: 'Il permesso ha un costo annuale. Lo paghi con pagoPA.',
    times: 'Il permesso è attivo pochi giorni dopo il pagamento.',
    lifeEvents: ['auto', 'casa'],
    topics: ['servizi-comunali'],
    desk: ['pagopa'],
    body: `Nella Zona a Traffico Limitato (ZTL) si entra solo con il permesso. Le telecamere leggono la targa.

Il permesso per residenti si chiede online dal sito del Comune. Ti serve la targa dell'auto e il tuo indirizzo nella ZTL.

Se cambi auto, aggiorna la targa prima di entrare.`,
    steps: [
      'Vai sul sito del Comune, nella sezione mobilità.',
      'Entra con SPID o CIE.',
      'Scegli "Permesso ZTL residenti" e scrivi la targa.',
      'Paga con pagoPA.',
      'Aspetta la conferma via e-mail prima di entrare.',
    ],
    faqs: [["Posso avere il permesso per un'auto a noleggio?", 'Sì, con il contratto di noleggio a lungo termine intestato a te.']],
    contacts: FIRENZE_URP,
  },
  {
    org: 'firenze',
    slug: 'firma-digitale',
    name: 'Firma digitale',
    summary: 'Con la firma digitale firmi documenti dal computer o dal telefono. Vale come la firma a mano.',
    audience: 'Tutti, e in particolare chi lavora con enti pubblici e imprese.',
    category: 'identita-digitale',
    access: ['none'],
    url: 'https://www.agid.gov.it',
    cost: 'Da pochi euro a qualche decina di euro, secondo il gestore e il tipo.',
    times: 'Si attiva in uno o due giorni.',
    lifeEvents: ['impresa', 'lavoro'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `La firma digitale è una firma elettronica con pieno valore legale. Con lei firmi contratti, domande e moduli senza stampare.

Ci sono due tipi:

- la firma su chiavetta o su carta con chip;
- la firma remota, che usi dal telefono con un codice.

La rilasciano i gestori che trovi sul sito dell'AgID.`,
    steps: [
      "Scegli un gestore dall'elenco dell'AgID.",
      'Scegli il tipo di firma: remota o su chiavetta.',
      'Fatti riconoscere, anche con SPID.',
      "Installa il programma o l'app del gestore.",
      'Firma il tuo primo documento in formato PDF.',
    ],
    faqs: [['La firma digitale scade?', 'Sì, di solito dopo 3 anni. Si rinnova prima della scadenza.']],
    contacts: FIRENZE_URP,
  },
  {
    org: 'prato',
    slug: 'tari',
    name: 'TARI, la tassa sui rifiuti',
    summary: 'La TARI è la tassa per la raccolta dei rifiuti. La paghi ogni anno con pagoPA.',
    audience: 'Chi abita o ha un negozio o un ufficio a Prato.',
    category: 'tributi',
    access: ['none', 'spid', 'cie'],
    url: 'https://www.comune.prato.it',
    cost: 'Dipende da quanti metri è la casa e da quante persone ci vivono.',
    times: "L'avviso arriva in primavera. Si paga in più rate durante l'anno.",
    lifeEvents: ['tasse', 'casa'],
    topics: ['pagopa', 'servizi-comunali'],
    desk: ['pagopa'],
    body: `La TARI paga la raccolta e lo smaltimento dei rifiuti. La paga chi usa una casa o un locale.

Ogni anno ricevi a casa l'avviso con i moduli pagoPA, uno per ogni rata. Puoi pagare con l'app IO, in banca o in tabaccheria.

Se vai a vivere in una nuova casa, devi fare la dichiarazione TARI entro 90 giorni.`,
    steps: [
      "Prendi l'avviso TARI con i moduli pagoPA.",
      "Apri l'app IO o l'app della banca.",
      'Inquadra il codice QR della rata.',
      'Conferma e paga.',
      'Tieni la ricevuta per almeno 5 anni.',
    ],
    faqs: [
      ["Non mi è arrivato l'avviso. Cosa faccio?", "Lo trovi nell'app IO o lo chiedi all'ufficio tributi."],
      ['Posso pagare tutto in una volta?', 'Sì, con il modulo della rata unica.'],
    ],
    contacts: PRATO_URP,
  },
  {
    org: 'prato',
    slug: 'multe',
    name: 'Pagare una multa',
    summary: 'Paghi online una multa con pagoPA. Se paghi presto, risparmi.',
    audience: 'Chi ha ricevuto un verbale per una violazione del codice della strada.',
    category: 'pagamenti',
    access: ['none'],
    url: 'https://www.comune.prato.it',
    cost: "L'importo scritto sul verbale. Se paghi entro 5 giorni hai lo sconto del 30%.",
    times: 'Hai 60 giorni per pagare. Il pagamento vale subito.',
    lifeEvents: ['auto'],
    topics: ['pagopa'],
    desk: ['pagopa'],
    body: `Sul verbale della multa trovi il codice pagoPA. Con quel codice paghi dove vuoi.

Ricorda le scadenze:

- entro 5 giorni paghi il 30% in meno;
- entro 60 giorni paghi l'importo pieno;
- dopo 60 giorni l'importo aumenta.

Se pensi che la multa sia sbagliata, puoi fare ricorso al Prefetto o al Giudice di pace.`,
    steps: [
      'Prendi il verbale e trova il codice avviso pagoPA.',
      "Apri l'app IO o il sito del Comune.",
      'Scrivi il codice o inquadra il QR.',
      'Controlla importo e scadenza, poi paga.',
    ],
    faqs: [
      ['Come vedo la foto della multa?', 'Dal sito del Comune, con il numero del verbale e la targa.'],
      ['Posso pagare a rate?', 'Sì, se la multa è alta e hai un reddito basso. Chiedi alla Polizia Municipale.'],
    ],
    contacts: PRATO_URP,
  },
  {
    org: 'prato',
    slug: 'bollo-auto',
    name: 'Bollo auto',
    summary: "Il bollo è la tassa annuale di auto e moto. Calcoli l'importo e paghi online con pagoPA.",
    audience: "Chi ha un'auto o una moto intestata.",
    category: 'tributi',
    access: ['none'],
    url: 'https://www.aci.it',
    cost: 'Dipende dalla potenza e dal tipo di motore.',
    times: 'Si paga entro la fine del mese dopo la scadenza.',
    lifeEvents: ['auto', 'tasse'],
    topics: ['pagopa'],
    desk: ['pagopa'],
    body: `Il bollo auto, o tassa automobilistica, va pagato ogni anno. In Toscana lo gestisce la Regione.

Per sapere quanto pagare ti basta la targa. Il calcolo si fa online sul sito dell'ACI o della Regione.

Puoi pagare con pagoPA: online, in tabaccheria, in posta o in un ufficio ACI.`,
    steps: [
      'Vai sul servizio di calcolo del bollo e scrivi la targa.',
      "Controlla l'importo e la scadenza.",
      'Scegli "Paga con pagoPA".',
      'Paga e salva la ricevuta.',
    ],
    faqs: [
      ['Ho pagato in ritardo. Cosa succede?', 'Paghi una piccola sanzione e gli interessi. Prima paghi, meno spendi.'],
      ['Chi ha una disabilità paga il bollo?', "In molti casi no. Chiedi l'esenzione alla Regione."],
    ],
    contacts: PRATO_URP,
  },
  {
    org: 'prato',
    slug: 'ritiro-ingombranti',
    name: 'Ritiro dei rifiuti ingombranti',
    summary: 'Prenoti il ritiro gratis di mobili, materassi e frigoriferi. Passano sotto casa.',
    audience: 'Chi abita a Prato e paga la TARI.',
    category: 'ambiente',
    access: ['none'],
    url: 'https://www.comune.prato.it',
    cost: 'Gratis fino a un certo numero di pezzi.',
    times: 'Il ritiro avviene di solito entro due settimane.',
    lifeEvents: ['casa'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `Mobili vecchi, materassi e frigoriferi non vanno nei cassonetti. Puoi prenotare il ritiro gratuito.

Il giorno del ritiro metti gli oggetti fuori dal portone, la mattina presto. Non bloccare il marciapiede.

Puoi anche portarli da solo al centro di raccolta.`,
    steps: [
      'Fai la lista degli oggetti da buttare.',
      'Prenota online o per telefono con il gestore dei rifiuti.',
      'Annota il giorno del ritiro.',
      'Metti gli oggetti sotto casa la mattina del ritiro.',
    ],
    faqs: [['Posso buttare anche i calcinacci?', 'No. Per i lavori in casa serve una ditta o il centro di raccolta.']],
    contacts: PRATO_URP,
  },
  {
    org: 'prato',
    slug: 'nascita-di-un-figlio',
    name: 'Dichiarare la nascita di un figlio',
    summary: 'Registri la nascita di tuo figlio in ospedale o in Comune e ricevi il codice fiscale.',
    audience: 'I genitori di un bambino appena nato.',
    category: 'anagrafe',
    access: ['none'],
    url: 'https://www.comune.prato.it',
    cost: 'Gratis.',
    times: 'In ospedale entro 3 giorni dalla nascita, in Comune entro 10 giorni.',
    lifeEvents: ['figlio'],
    topics: ['anpr', 'servizi-comunali'],
    desk: ['anpr'],
    body: `Quando nasce un bambino i genitori devono dichiarare la nascita. Si può fare in ospedale o in Comune.

Dopo la dichiarazione il bambino è iscritto in anagrafe e riceve il codice fiscale. La tessera sanitaria arriva a casa per posta.

Poi puoi chiedere l'assegno unico all'INPS e scegliere il pediatra.`,
    steps: [
      'Porta i documenti di identità dei genitori.',
      "Porta l'attestazione di nascita data dall'ospedale.",
      "Fai la dichiarazione all'ufficio nascite dell'ospedale o del Comune.",
      "Chiedi l'assegno unico sul sito dell'INPS.",
    ],
    faqs: [['Serve la presenza di tutti e due i genitori?', 'Se non sono sposati, sì, per il riconoscimento del figlio.']],
    contacts: PRATO_URP,
  },
  {
    org: 'consorzio',
    slug: 'mensa-scolastica',
    name: 'Mensa scolastica',
    summary: 'Iscrivi tuo figlio alla mensa della scuola e ricarichi i pasti online con pagoPA.',
    audience: "Genitori di bambini dell'asilo e delle elementari, nei Comuni del Cremasco.",
    category: 'scuola',
    access: ['spid', 'cie'],
    url: 'https://www.pagopa.gov.it',
    cost: "Il costo del pasto dipende dall'ISEE della famiglia.",
    times: "Le iscrizioni sono aperte prima dell'inizio della scuola.",
    lifeEvents: ['scuola', 'figlio'],
    topics: ['pagopa', 'iscrizioni-scolastiche'],
    desk: ['pagopa'],
    body: `La mensa scolastica è il pranzo a scuola. Per usarla devi iscrivere tuo figlio ogni anno.

Il servizio funziona con un conto a scalare: ricarichi il credito e ogni pasto viene tolto. Ricarichi con pagoPA.

Se tuo figlio ha allergie o segue una dieta, chiedi un menù speciale con il certificato del medico.`,
    steps: [
      'Entra nel portale della mensa del tuo Comune con SPID o CIE.',
      "Iscrivi tuo figlio e indica l'ISEE, se vuoi la tariffa ridotta.",
      'Ricarica il credito con pagoPA.',
      "Controlla i pasti e il credito dal portale o dall'app.",
    ],
    faqs: [['Se mio figlio è a casa malato, pago il pasto?', 'No, se lo segnali entro le 9 del mattino.']],
    contacts: CONSORZIO,
  },
  {
    org: 'consorzio',
    slug: 'trasporto-scolastico',
    name: 'Trasporto scolastico (scuolabus)',
    summary: 'Chiedi lo scuolabus per portare tuo figlio a scuola e a casa.',
    audience: 'Genitori di alunni che abitano lontano dalla scuola.',
    category: 'scuola',
    access: ['spid', 'cie'],
    url: 'https://www.pagopa.gov.it',
    cost: 'Una quota annuale, ridotta con ISEE basso.',
    times: 'La domanda si fa entro giugno per il nuovo anno.',
    lifeEvents: ['scuola'],
    topics: ['servizi-comunali'],
    desk: ['pagopa'],
    body: `Il trasporto scolastico porta i bambini da casa a scuola e ritorno. Lo organizza il Comune.

La domanda si fa online ogni anno. Il Comune ti dice la fermata e gli orari prima dell'inizio della scuola.

Alla fermata deve esserci sempre un adulto, per i bambini più piccoli.`,
    steps: [
      'Entra nel portale dei servizi scolastici del Comune.',
      'Compila la domanda di trasporto.',
      'Paga la quota con pagoPA.',
      'Aspetta la lettera con fermata e orari.',
    ],
    faqs: [['Posso cambiare fermata?', "Sì, scrivi all'ufficio scuola del tuo Comune."]],
    contacts: CONSORZIO,
  },
  {
    org: 'consorzio',
    slug: 'assegno-unico',
    name: 'Assegno unico per i figli',
    summary: "L'assegno unico è un aiuto ogni mese per le famiglie con figli. Si chiede all'INPS.",
    audience: 'Famiglie con figli fino a 21 anni, e senza limiti di età per i figli con disabilità.',
    category: 'sociale',
    access: ['spid', 'cie', 'cns'],
    url: 'https://www.inps.it',
    cost: 'Gratis.',
    times: 'Il primo pagamento arriva circa due mesi dopo la domanda.',
    lifeEvents: ['figlio'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `L'assegno unico aiuta le famiglie a crescere i figli. L'INPS lo paga ogni mese sul conto corrente.

L'importo dipende dall'ISEE. Senza ISEE ricevi la cifra più bassa.

La domanda vale finché non cambia qualcosa in famiglia. Ogni anno però devi rinnovare l'ISEE.`,
    steps: [
      "Fai l'ISEE, se non ce l'hai.",
      "Entra nel sito dell'INPS con SPID o CIE.",
      'Cerca "Assegno unico" e fai la domanda.',
      "Scrivi l'IBAN del conto dove ricevere i soldi.",
    ],
    faqs: [['Posso farmi aiutare?', 'Sì, gratis, da un patronato.']],
    contacts: CONSORZIO,
  },
  {
    org: 'valnure',
    slug: 'isee-precompilato',
    name: 'ISEE precompilato',
    summary: "L'ISEE misura la situazione economica della famiglia. Serve per avere bonus e tariffe ridotte.",
    audience: 'Tutte le famiglie che chiedono un aiuto o una riduzione.',
    category: 'sociale',
    access: ['spid', 'cie', 'cns'],
    url: 'https://www.inps.it',
    cost: 'Gratis.',
    times: "L'ISEE è pronto in pochi giorni e vale fino al 31 dicembre.",
    lifeEvents: ['figlio', 'assistenza', 'scuola'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `L'ISEE è un numero che dice quanto è ricca o povera una famiglia. Si chiede per avere bonus, assegni e tariffe ridotte.

Con l'ISEE precompilato l'INPS mette già molti dati. Tu controlli e aggiungi quelli che mancano.

L'ISEE scade ogni anno il 31 dicembre: rinnovalo a gennaio.`,
    steps: [
      "Entra nel sito dell'INPS con SPID o CIE.",
      'Cerca "ISEE precompilato".',
      'Scrivi chi fa parte della famiglia.',
      'Controlla i dati e invia la dichiarazione.',
      "Scarica l'attestazione ISEE dopo qualche giorno.",
    ],
    faqs: [['Posso farlo al CAF?', 'Sì, il CAF lo fa gratis per te.']],
    contacts: VALNURE,
  },
  {
    org: 'valnure',
    slug: 'bonus-sociale-bollette',
    name: 'Bonus sociale per luce, gas e acqua',
    summary: 'Se il tuo ISEE è basso ricevi uno sconto sulle bollette, senza fare domanda.',
    audience: 'Famiglie con ISEE basso o con una persona in gravi condizioni di salute.',
    category: 'sociale',
    access: ['none'],
    url: 'https://www.arera.it',
    cost: 'Gratis.',
    times: "Lo sconto arriva in bolletta qualche mese dopo la presentazione dell'ISEE.",
    lifeEvents: ['assistenza', 'casa'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `Il bonus sociale è uno sconto sulle bollette di luce, gas e acqua. Non devi fare domanda.

Basta fare l'ISEE ogni anno. Se il valore è basso, lo sconto arriva da solo in bolletta.

Per il bonus per disagio fisico, cioè per chi usa macchinari medici a casa, la domanda si fa al Comune.`,
    steps: [
      "Fai l'ISEE ogni anno, a gennaio.",
      'Controlla che le bollette siano intestate a una persona della famiglia.',
      'Guarda in bolletta la riga del bonus.',
    ],
    faqs: [['Quanto vale il bonus?', "Dipende dal numero di persone in famiglia e dalla zona. Lo trovi sul sito dell'ARERA."]],
    contacts: VALNURE,
  },
  {
    org: 'valnure',
    slug: 'naspi-disoccupazione',
    name: 'NASpI, indennità di disoccupazione',
    summary: "Se perdi il lavoro puoi avere un aiuto ogni mese dall'INPS. La domanda si fa online.",
    audience: 'Lavoratori dipendenti che hanno perso il lavoro senza volerlo.',
    category: 'lavoro',
    access: ['spid', 'cie', 'cns'],
    url: 'https://www.inps.it',
    cost: 'Gratis.',
    times: 'La domanda va fatta entro 68 giorni dalla fine del lavoro.',
    lifeEvents: ['lavoro'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `La NASpI è un aiuto per chi ha perso il lavoro. L'INPS la paga ogni mese per un periodo che dipende da quanto hai lavorato.

Per riceverla devi anche dare la tua disponibilità a cercare un nuovo lavoro. Lo fai online o al Centro per l'impiego.

Non aspettare: la domanda va fatta entro 68 giorni.`,
    steps: [
      "Entra nel sito dell'INPS con SPID o CIE.",
      'Cerca "NASpI" e compila la domanda.',
      "Scrivi l'IBAN del tuo conto.",
      "Dai la disponibilità al lavoro dal sito o al Centro per l'impiego.",
    ],
    faqs: [['Mi sono dimesso. Posso averla?', 'Di solito no. Ci sono eccezioni, per esempio per giusta causa.']],
    contacts: VALNURE,
  },
  {
    org: 'gussago',
    slug: 'prenotazioni-sanitarie-cup',
    name: 'Prenotare visite ed esami (CUP)',
    summary: 'Prenoti online visite ed esami. Vale per ospedali e ambulatori della Lombardia.',
    audience: 'Chi ha una ricetta del medico per una visita o un esame.',
    category: 'salute',
    access: ['none', 'spid', 'cie'],
    url: 'https://www.prenotasalute.regione.lombardia.it',
    cost: 'La prenotazione è gratis. Per la visita paghi il ticket, se lo devi.',
    times: "I tempi dipendono dall'urgenza scritta sulla ricetta.",
    lifeEvents: ['salute'],
    topics: ['fascicolo-sanitario'],
    desk: ['fse'],
    body: `Il CUP è il Centro Unico di Prenotazione. Con lui prenoti visite ed esami negli ospedali e negli ambulatori.

Ti servono:

- il codice della ricetta elettronica;
- il codice fiscale della persona da visitare.

Puoi prenotare online, dal telefono o in farmacia. Se non puoi andare, disdici: il posto passa a un'altra persona.`,
    steps: [
      'Prendi la ricetta elettronica e la tessera sanitaria.',
      'Vai sul sito di prenotazione della Regione.',
      'Scrivi il codice della ricetta e il codice fiscale.',
      'Scegli il giorno e il posto.',
      'Conferma e salva il promemoria.',
    ],
    faqs: [
      ['Come pago il ticket?', 'Online con pagoPA o alla cassa, prima della visita.'],
      ['Come disdico?', 'Dallo stesso sito, con il codice di prenotazione.'],
    ],
    contacts: GUSSAGO_URP,
  },
  {
    org: 'gussago',
    slug: 'imu',
    name: "IMU, l'imposta sulla casa",
    summary: "L'IMU è l'imposta comunale sugli immobili. La paga chi ha una seconda casa, un terreno o un negozio.",
    audience: "Proprietari di immobili che non sono l'abitazione principale.",
    category: 'tributi',
    access: ['none'],
    url: 'https://www.comune.gussago.bs.it',
    cost: 'Dipende dalla rendita catastale e dalle aliquote del Comune.',
    times: 'Si paga in due rate: a giugno e a dicembre.',
    lifeEvents: ['tasse', 'casa'],
    topics: ['servizi-comunali', 'pagopa'],
    desk: ['pagopa'],
    body: `L'IMU è un'imposta del Comune sulle case e sui terreni. Per la casa dove vivi non si paga, salvo le case di lusso.

Il calcolo si fa con la rendita catastale e le aliquote decise dal Comune. Sul sito del Comune trovi un calcolatore.

Si paga con il modello F24, in banca, in posta o online.`,
    steps: [
      'Trova la rendita catastale della casa.',
      'Usa il calcolatore IMU sul sito del Comune.',
      'Stampa o salva il modello F24.',
      'Paga entro il 16 giugno e il 16 dicembre.',
    ],
    faqs: [["Pago l'IMU sulla casa dove abito?", 'No, se è la tua abitazione principale e non è di lusso.']],
    contacts: GUSSAGO_URP,
  },
  {
    org: 'gussago',
    slug: 'suap-aprire-attivita',
    name: "Aprire un'attività (SUAP)",
    summary: "Con lo sportello SUAP apri un negozio o un'attività. Basta una pratica online.",
    audience: 'Imprese, artigiani, commercianti e professionisti.',
    category: 'imprese',
    access: ['spid', 'cie', 'cns'],
    url: 'https://www.impresainungiorno.gov.it',
    cost: 'Dipende dalla pratica: diritti e bolli si pagano online.',
    times: "Molte attività possono iniziare subito dopo l'invio della pratica.",
    lifeEvents: ['impresa'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `Il SUAP è lo sportello del Comune per le imprese. Per aprire un negozio, un bar o un laboratorio si manda una pratica online.

Per molte attività basta la SCIA: la invii e puoi cominciare. Il Comune controlla dopo.

Ti servono la firma digitale e una PEC.`,
    steps: [
      'Vai sul portale impresainungiorno.',
      'Scegli il Comune di Gussago.',
      'Cerca il tipo di attività e compila la pratica.',
      'Firma con la firma digitale e invia.',
      'Ricevi la ricevuta sulla PEC.',
    ],
    faqs: [['Posso farmi aiutare?', "Sì, da un'associazione di categoria o da un professionista."]],
    contacts: GUSSAGO_URP,
  },
  {
    org: 'gussago',
    slug: 'passaporto',
    name: 'Passaporto: prenotare online',
    summary: 'Prenoti online in Questura il giorno per fare o rinnovare il passaporto.',
    audience: "Chi deve andare in un paese fuori dall'Unione europea.",
    category: 'anagrafe',
    access: ['spid', 'cie'],
    url: 'https://www.passaportonline.poliziadistato.it',
    cost: 'Il contributo del passaporto più la marca da bollo.',
    times: 'Il passaporto è pronto di solito in qualche settimana.',
    lifeEvents: ['documenti'],
    topics: ['servizi-comunali'],
    desk: ['aiuto-digitale'],
    body: `Il passaporto si chiede in Questura. Prima si prenota l'appuntamento sul sito della Polizia di Stato.

Porta con te:

- un documento d'identità;
- due foto uguali e recenti;
- la ricevuta del pagamento;
- la marca da bollo.

Per i minorenni serve il consenso di tutti e due i genitori.`,
    steps: [
      'Vai sul sito del passaporto online ed entra con SPID o CIE.',
      'Scegli la Questura o il commissariato.',
      "Scegli giorno e ora dell'appuntamento.",
      'Stampa la ricevuta di prenotazione.',
      'Porta documenti, foto e ricevute il giorno fissato.',
    ],
    faqs: [['Posso avere il passaporto in fretta?', 'Solo per motivi urgenti e documentati. Chiedi alla Questura.']],
    contacts: GUSSAGO_URP,
  },
];

function toNew(d: DemoSheet): NewSheet {
  return {
    status: 'published',
    content: SheetContent.parse({
      name: d.name,
      slug: d.slug,
      summary: d.summary,
      audience: d.audience,
      body: d.body,
      category: d.category,
      access: d.access,
      url: d.url,
      cost: d.cost,
      times: d.times,
      lifeEvents: d.lifeEvents,
      faqs: d.faqs.map(([question, answer]) => ({ question, answer })),
      contacts: d.contacts,
      topics: d.topics,
      deskServices: d.desk,
      steps: d.steps.map((text) => ({ text })),
    }) as NewSheet['content'],
  };
}

/** Seeds the demo sheets, published, and returns their ids by slug. */
export async function seedDemoGuides(db: Db, ids: { organisations: Record<string, string> }): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const actor = { userId: null, name: 'Redazione demo' };
  const byOrg = new Map<string, DemoSheet[]>();
  for (const d of DEMO_SHEETS) byOrg.set(d.org, [...(byOrg.get(d.org) ?? []), d]);
  for (const [org, sheets] of byOrg) {
    const organisationId = ids.organisations[org];
    if (!organisationId) continue;
    const created = await insertBatch(db, actor, organisationId, sheets.map(toNew));
    sheets.forEach((s, i) => {
      out[s.slug] = created[i];
    });
  }
  return out;
}
