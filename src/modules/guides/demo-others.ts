import type { DemoSheet } from './demo-sheet.js';

const PRATO_URP =
  'Comune di Prato, Ufficio Relazioni con il Pubblico. Sito: [www.comune.prato.it](https://www.comune.prato.it). Agli incontri nei circoli trovi lo sportello SPID.';
const GUSSAGO_URP =
  'Comune di Gussago, sportello al cittadino. Sito: [www.comune.gussago.bs.it](https://www.comune.gussago.bs.it). Allo Hub Gussago ti aiutiamo su appuntamento.';
const CONSORZIO = 'Consorzio.it, Crema. Chiedi al tuo Comune o agli incontri di facilitazione digitale nel Cremasco.';
const VALNURE = 'Unione dei Comuni Valnure e Valchero. Gli animatori digitali ti aiutano in biblioteca a Podenzano.';

/** The sheets of Prato, Consorzio.it, the Unione Valnure e Valchero and Gussago. */
export const OTHER_SHEETS: DemoSheet[] = [
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
