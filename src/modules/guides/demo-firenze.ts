import type { DemoSheet } from './demo-sheet.js';

const FIRENZE_URP =
  'Ufficio Relazioni con il Pubblico del Comune di Firenze. Scrivi dal sito [www.comune.fi.it](https://www.comune.fi.it) oppure vieni al Centro per le competenze digitali, Piazza delle Murate 1.';

/** The Comune di Firenze's sheets, as in Firenze digitale: national services and the city's own. */
export const FIRENZE_SHEETS: DemoSheet[] = [
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
    org: 'firenze',
    slug: 'truffe-online',
    name: 'Truffe online: come difendersi',
    summary: 'Impara a riconoscere i messaggi falsi e a proteggere SPID, conto e dati personali.',
    audience: 'Tutti quelli che usano il telefono, la posta elettronica o i servizi online.',
    category: 'identita-digitale',
    access: ['none'],
    url: 'https://www.commissariatodips.it',
    cost: 'Gratis.',
    times: 'Bastano pochi minuti per fare i controlli.',
    lifeEvents: [],
    topics: ['sicurezza-informatica', 'privacy'],
    desk: ['aiuto-digitale'],
    body: `Chi truffa online manda messaggi che sembrano veri. Finge di essere la banca, le Poste, un corriere o un ente pubblico. Ti chiede di aprire un link o di dare un codice.

Nessun ente ti chiede mai la password o i codici di SPID per messaggio o al telefono. Se qualcuno te li chiede, è una truffa.

Prima di aprire un link, guarda bene il nome del sito. Se hai dubbi, non aprire il link: cerca tu il sito o chiama il numero ufficiale.`,
    steps: [
      'Leggi con calma il messaggio: chi lo manda? Ti mette fretta?',
      'Non aprire link e allegati che non aspettavi.',
      'Non dare mai password, codici SPID o codici della carta.',
      'Usa password diverse per ogni servizio.',
      'Se hai dato un codice, cambia subito la password e chiama la banca.',
      'Segnala la truffa alla Polizia Postale.',
    ],
    faqs: [
      ['Come capisco se un SMS è falso?', 'Spesso ha errori, ti mette fretta e contiene un link strano. Nel dubbio, non aprirlo.'],
      ['Ho cliccato su un link falso. Cosa faccio?', 'Non scrivere nessun dato. Cambia la password e chiedi aiuto a uno sportello.'],
    ],
    contacts: FIRENZE_URP,
  },
];
