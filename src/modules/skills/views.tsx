import type { ComponentChildren, VNode } from 'preact';
import { addMessages, type Lang, t } from '../../core/i18n.js';
import { formatDate, formatRome } from '../../core/time.js';
import { ErrorSummary, type Errors, Form, SelectField, TextArea, TextField } from '../../web/forms.js';
import { type Crumb, Layout, type PageContext } from '../../web/layout.js';
import type { Organisation } from '../organisations/service.js';
import {
  AGE_BAND_NAMES,
  AGE_BANDS,
  AREA_NAMES,
  AREAS,
  type Area,
  BAND_NAMES,
  BANDS,
  COMPETENCE_CODES,
  COMPETENCES,
  MAX_LEVEL,
} from './digcomp.js';
import { VARIANT_SLUGS, type Variant } from './schemas.js';
import type {
  Aggregates,
  AttemptState,
  BankItem,
  BankOverview,
  BankVersion,
  ChangeRow,
  GroupAggregate,
  ItemStatistics,
  ResultView,
  Se5Code,
} from './service.js';
import { levelChartSvg } from './svg.js';

addMessages({
  it: {
    'skills.title': 'Competenze digitali: fai il test',
    'skills.short': 'Versione breve',
    'skills.full': 'Versione completa',
    'skills.lead':
      'Scopri in pochi minuti quanto sai usare internet, lo smartphone e i servizi pubblici online, e ricevi un percorso su misura: guide da leggere, incontri vicino a te e sportelli dove farti aiutare.',
    'skills.what': 'Che cos’è',
    'skills.what.text': 'Il test segue DigComp 2.2, il quadro europeo delle competenze digitali. Ti dà un livello da 1 a 8 in cinque aree:',
    'skills.how': 'Come funziona',
    'skills.how.1': 'Una domanda per pagina: alcune ti chiedono che cosa sai fare, altre ti mettono alla prova con una situazione reale.',
    'skills.how.2': 'La versione breve richiede circa 5 minuti (fino a 20 domande); quella completa circa 15 minuti.',
    'skills.how.3': 'Non serve un account e non chiediamo il tuo nome. Puoi tornare indietro e cambiare le risposte.',
    'skills.how.4': 'Alla fine ricevi un link privato per rivedere il risultato e ripetere il test più avanti.',
    'skills.start.short': 'Inizia la versione breve (5 minuti)',
    'skills.start.full': 'Fai la versione completa (15 minuti)',
    'skills.large.on': 'Caratteri più grandi',
    'skills.large.off': 'Caratteri normali',
    'skills.start.title.short': 'Test breve sulle competenze digitali',
    'skills.start.title.full': 'Test completo sulle competenze digitali',
    'skills.start.intro':
      'Prima di cominciare, due domande facoltative: servono solo a suggerirti incontri vicini a te e per statistiche anonime.',
    'skills.start.municipality': 'Il tuo comune (facoltativo)',
    'skills.start.municipality.hint': 'Scrivi il nome del comune, ad esempio «Prato».',
    'skills.start.age': 'La tua fascia d’età (facoltativa)',
    'skills.start.age.none': 'Preferisco non dirlo',
    'skills.start.go': 'Inizia il test',
    'skills.start.event.prima': 'Questo test è collegato all’iniziativa «{title}»: lo fai prima del corso.',
    'skills.start.event.dopo': 'Questo test è collegato all’iniziativa «{title}»: lo fai dopo il corso, per vedere che cosa hai imparato.',
    'skills.start.retake': 'Ripeti il test: alla fine vedrai che cosa è cambiato dalla volta precedente, con lo stesso link privato.',
    'skills.q.title': 'Domanda {n} di {total}',
    'skills.q.area': 'Area: {area}',
    'skills.q.next': 'Avanti',
    'skills.q.save': 'Salva la risposta',
    'skills.q.back': 'Torna alla domanda precedente',
    'skills.q.progress': 'Avanzamento del test',
    'skills.q.choose': 'Scegli una delle risposte.',
    'skills.q.skip.note':
      'Alcune domande possono essere saltate: se le prime risposte di un’area sono tutte giuste o tutte sbagliate, il test non ti fa domande troppo facili o troppo difficili.',
    'skills.review.title': 'Hai risposto a tutte le domande',
    'skills.review.text': 'Controlla le tue risposte: puoi cambiarle prima di vedere il risultato.',
    'skills.review.change': 'Cambia la risposta',
    'skills.review.change.n': 'alla domanda {n}',
    'skills.review.skipped': '{n} domande non sono state necessarie.',
    'skills.review.finish': 'Vedi il risultato',
    'skills.retired':
      'Nel frattempo le domande del test sono state aggiornate e questa versione non è più valida. Ci scusiamo: ricomincia il test, ci vorrà poco.',
    'skills.restart': 'Ricomincia il test',
    'skills.result.title': 'Il tuo profilo di competenze digitali',
    'skills.result.date': 'Risultato del {date} · {variant}',
    'skills.result.newer': 'Hai rifatto il test dopo questo risultato.',
    'skills.result.newer.link': 'Vedi il risultato più recente',
    'skills.result.chart': 'Il tuo livello in ogni area (da 1 a 8)',
    'skills.result.table': 'Livelli per area',
    'skills.result.area': 'Area',
    'skills.result.level': 'Livello',
    'skills.result.band': 'Fascia',
    'skills.result.before': 'Prima',
    'skills.result.after': 'Dopo',
    'skills.result.change': 'Variazione',
    'skills.result.changes': 'Rispetto al test del {date}',
    'skills.result.explain': 'Che cosa significa',
    'skills.result.bands': 'Livelli 1–2 base, 3–4 intermedio, 5–6 avanzato, 7–8 altamente specializzato.',
    'skills.result.path': 'Il tuo percorso',
    'skills.result.path.intro': 'Da dove cominciare, in base alle risposte che hai dato:',
    'skills.result.path.none':
      'Per ora non ci sono guide, incontri o sportelli da suggerirti vicino a te. Ripassa tra qualche settimana o cerca un punto di facilitazione digitale.',
    'skills.kind.guide': 'Guida da leggere',
    'skills.kind.event': 'Incontro',
    'skills.kind.desk': 'Sportello',
    'skills.result.keep': 'Conserva il tuo link privato',
    'skills.result.keep.text': 'Con questo link puoi rivedere il risultato e ripetere il test più avanti. Non condividerlo.',
    'skills.result.print': 'Stampa',
    'skills.result.pdf': 'Scarica il profilo in PDF',
    'skills.result.email': 'Ricevi il profilo per e-mail',
    'skills.result.email.label': 'Il tuo indirizzo e-mail',
    'skills.result.email.hint': 'Lo usiamo solo per inviarti il profilo e non lo conserviamo.',
    'skills.result.email.send': 'Invia il profilo',
    'skills.result.email.sent': 'Fatto: ti abbiamo inviato il profilo. Se non lo trovi, controlla la posta indesiderata.',
    'skills.result.retake': 'Ripeti il test',
    'skills.result.retake.text':
      'Quando avrai fatto qualche passo del percorso, ripeti il test: vedrai i tuoi progressi con lo stesso link.',
    'skills.result.retake.short': 'Ripeti la versione breve',
    'skills.result.retake.full': 'Fai la versione completa',
    'skills.fac.title': 'Per chi facilita: competenze da lavorare',
    'skills.fac.text':
      'I codici delle competenze (SE5) da registrare nel servizio di facilitazione, a partire dalle lacune di questo profilo.',
    'skills.fac.none': 'Nessuna lacuna evidente: si può lavorare su obiettivi più avanzati.',
    'skills.fac.code': 'Codice SE5',
    'skills.fac.area': 'Area (SE4)',
    'skills.fac.name': 'Competenza',
    'skills.fac.digcomp': 'Competenze DigComp',
    'skills.admin.title': 'Competenze digitali',
    'skills.admin.bank': 'Banca delle domande',
    'skills.admin.inuse': 'Il pubblico riceve la versione {n} {which}.',
    'skills.admin.inuse.default': '(predefinita di Ponte)',
    'skills.admin.inuse.own': '(la vostra)',
    'skills.admin.draft': 'C’è una bozza in preparazione (versione {n}).',
    'skills.admin.draft.edit': 'Modifica la bozza',
    'skills.admin.draft.new': 'Crea una nuova versione da modificare',
    'skills.admin.draft.help':
      'La nuova versione parte dalle domande in uso. Quando la pubblichi diventa quella che il pubblico riceve; la precedente viene ritirata, ma i risultati già dati restano leggibili.',
    'skills.admin.versions': 'Versioni',
    'skills.admin.version': 'Versione',
    'skills.admin.status': 'Stato',
    'skills.admin.status.draft': 'Bozza',
    'skills.admin.status.current': 'In uso',
    'skills.admin.status.retired': 'Ritirata',
    'skills.admin.created': 'Creata il',
    'skills.admin.published': 'Pubblicata il',
    'skills.admin.stats': 'Statistiche per domanda (versione in uso)',
    'skills.admin.stats.help':
      'Quante persone rispondono giusto a ogni domanda. Una domanda a cui rispondono giusto quasi tutti o quasi nessuno va probabilmente riscritta. Con meno di 5 risposte non mostriamo i dati.',
    'skills.admin.aggregates': 'Risultati anonimi',
    'skills.admin.aggregates.help':
      'Distribuzione dei livelli dei cittadini del vostro territorio e delle vostre iniziative. I gruppi con meno di 5 risultati non vengono mai mostrati.',
    'skills.admin.aggregates.none': 'Non ci sono ancora almeno 5 risultati da mostrare.',
    'skills.admin.byArea': 'Livelli per area',
    'skills.admin.byAge': 'Livello medio per fascia d’età',
    'skills.admin.byPlace': 'Livello medio per comune',
    'skills.admin.hidden': 'Gruppi non mostrati perché con meno di 5 risultati: {n}.',
    'skills.admin.few': 'meno di 5',
    'skills.admin.people': 'Risultati',
    'skills.admin.municipality': 'Comune',
    'skills.admin.change': 'Prima e dopo i corsi',
    'skills.admin.change.help':
      'Per chiedere ai partecipanti di un evento di fare il test prima e dopo, spuntate la casella del test nel modulo dell’evento: la conferma della prenotazione e il questionario del giorno dopo portano i link. Per altre iniziative usate i link /competenze/breve?evento=ID&fase=prima e /competenze/breve?evento=ID&fase=dopo. Qui vedete il livello medio prima e dopo e la variazione; le coppie sono le persone che hanno rifatto il test con il loro link o dallo stesso dispositivo.',
    'skills.admin.change.events': 'Per iniziativa',
    'skills.admin.change.programmes': 'Per programma',
    'skills.admin.change.none': 'Ancora nessun risultato collegato a iniziative.',
    'skills.admin.change.pairs': 'Coppie',
    'skills.admin.change.few': 'Alcuni gruppi hanno meno di 5 risultati e non sono mostrati.',
    'skills.admin.mean': 'Media',
    'skills.admin.answered': 'Risposte',
    'skills.admin.right': 'Giuste',
    'skills.admin.meanStep': 'Media (0–3)',
    'skills.admin.flag': 'Da rivedere',
    'skills.admin.flag.too-easy': 'troppo facile',
    'skills.admin.flag.too-hard': 'troppo difficile',
    'skills.version.title': 'Banca delle domande · versione {n}',
    'skills.version.publish': 'Pubblica questa versione',
    'skills.version.discard': 'Elimina la bozza',
    'skills.version.items': 'Domande',
    'skills.version.add': 'Aggiungi una domanda',
    'skills.version.readonly': 'Questa versione non si può più modificare. Per cambiare le domande create una nuova versione.',
    'skills.version.published': 'Versione pubblicata: da ora il pubblico riceve queste domande.',
    'skills.item.title': 'Modifica la domanda',
    'skills.item.competence': 'Competenza DigComp',
    'skills.item.level': 'Livello (1–8)',
    'skills.item.level.hint': 'Il livello che la domanda misura: 1–2 base, 3–4 intermedio, 5–6 avanzato.',
    'skills.item.kind': 'Tipo',
    'skills.item.kind.self': 'Autodichiarazione (mai / con un aiuto / da solo / potrei insegnarlo)',
    'skills.item.kind.knowledge': 'Domanda con una risposta giusta',
    'skills.item.textIt': 'Testo (italiano)',
    'skills.item.textEn': 'Testo (inglese, facoltativo)',
    'skills.item.options': 'Risposte possibili (una per riga)',
    'skills.item.options.hint': 'Solo per le domande con una risposta giusta. Consigliamo di aggiungere in fondo «Non lo so».',
    'skills.item.optionsEn': 'Risposte in inglese (facoltative, una per riga, nello stesso ordine)',
    'skills.item.correct': 'Numero della risposta giusta',
    'skills.item.correct.hint': 'Ad esempio 2 se la risposta giusta è la seconda riga.',
    'skills.item.short': 'Fa parte anche della versione breve',
    'skills.item.delete': 'Elimina la domanda',
    'skills.item.kind.short.self': 'autodichiarazione',
    'skills.item.kind.short.knowledge': 'con risposta giusta',
    'skills.item.yes': 'sì',
    'skills.item.no': 'no',
    'skills.item.inShort': 'Breve',
    'skills.item.edit': 'Modifica',
    'skills.nav': 'Competenze digitali',
    'skills.homeLink': 'Quanto sai usare il digitale? Fai il test delle competenze digitali: 5 minuti, senza account',
  },
  en: {
    'skills.title': 'Digital skills: take the test',
    'skills.short': 'Short version',
    'skills.full': 'Full version',
    'skills.lead':
      'Find out in a few minutes how well you use the internet, your smartphone and public online services, and get a path made for you: guides to read, meetings near you and desks where you can get help.',
    'skills.what': 'What it is',
    'skills.what.text':
      'The test follows DigComp 2.2, the European digital competence framework. It gives you a level from 1 to 8 in five areas:',
    'skills.how': 'How it works',
    'skills.how.1': 'One question per page: some ask what you can do, others test you with a real situation.',
    'skills.how.2': 'The short version takes about 5 minutes (up to 20 questions); the full one about 15 minutes.',
    'skills.how.3': 'No account needed and we do not ask your name. You can go back and change your answers.',
    'skills.how.4': 'At the end you get a private link to see the result again and retake the test later.',
    'skills.start.short': 'Start the short version (5 minutes)',
    'skills.start.full': 'Take the full version (15 minutes)',
    'skills.large.on': 'Larger text',
    'skills.large.off': 'Normal text',
    'skills.start.title.short': 'Short digital skills test',
    'skills.start.title.full': 'Full digital skills test',
    'skills.start.intro':
      'Before you start, two optional questions: they only help us suggest meetings near you and count anonymous statistics.',
    'skills.start.municipality': 'Your municipality (optional)',
    'skills.start.municipality.hint': 'Type the municipality’s name, e.g. “Prato”.',
    'skills.start.age': 'Your age band (optional)',
    'skills.start.age.none': 'I prefer not to say',
    'skills.start.go': 'Start the test',
    'skills.start.event.prima': 'This test is linked to “{title}”: you take it before the course.',
    'skills.start.event.dopo': 'This test is linked to “{title}”: you take it after the course, to see what you learnt.',
    'skills.start.retake': 'Retake the test: at the end you will see what changed since last time, with the same private link.',
    'skills.q.title': 'Question {n} of {total}',
    'skills.q.area': 'Area: {area}',
    'skills.q.next': 'Next',
    'skills.q.save': 'Save the answer',
    'skills.q.back': 'Back to the previous question',
    'skills.q.progress': 'Test progress',
    'skills.q.choose': 'Choose one of the answers.',
    'skills.q.skip.note':
      'Some questions may be skipped: when the first answers of an area are all right or all wrong, the test does not ask questions that are too easy or too hard.',
    'skills.review.title': 'You have answered every question',
    'skills.review.text': 'Check your answers: you can change them before seeing the result.',
    'skills.review.change': 'Change the answer',
    'skills.review.change.n': 'to question {n}',
    'skills.review.skipped': '{n} questions were not needed.',
    'skills.review.finish': 'See the result',
    'skills.retired':
      'The test questions have been updated in the meantime and this version is no longer valid. Sorry: please start again, it will not take long.',
    'skills.restart': 'Start the test again',
    'skills.result.title': 'Your digital competence profile',
    'skills.result.date': 'Result of {date} · {variant}',
    'skills.result.newer': 'You retook the test after this result.',
    'skills.result.newer.link': 'See the latest result',
    'skills.result.chart': 'Your level in each area (1 to 8)',
    'skills.result.table': 'Levels by area',
    'skills.result.area': 'Area',
    'skills.result.level': 'Level',
    'skills.result.band': 'Band',
    'skills.result.before': 'Before',
    'skills.result.after': 'After',
    'skills.result.change': 'Change',
    'skills.result.changes': 'Compared with the test of {date}',
    'skills.result.explain': 'What it means',
    'skills.result.bands': 'Levels 1–2 foundation, 3–4 intermediate, 5–6 advanced, 7–8 highly specialised.',
    'skills.result.path': 'Your path',
    'skills.result.path.intro': 'Where to start, based on your answers:',
    'skills.result.path.none':
      'There are no guides, meetings or desks to suggest near you yet. Come back in a few weeks or look for a digital facilitation point.',
    'skills.kind.guide': 'Guide to read',
    'skills.kind.event': 'Meeting',
    'skills.kind.desk': 'Help desk',
    'skills.result.keep': 'Keep your private link',
    'skills.result.keep.text': 'With this link you can see the result again and retake the test later. Do not share it.',
    'skills.result.print': 'Print',
    'skills.result.pdf': 'Download the profile as PDF',
    'skills.result.email': 'Get the profile by e-mail',
    'skills.result.email.label': 'Your e-mail address',
    'skills.result.email.hint': 'We use it only to send you the profile and do not keep it.',
    'skills.result.email.send': 'Send the profile',
    'skills.result.email.sent': 'Done: we sent you the profile. If you cannot find it, check your spam folder.',
    'skills.result.retake': 'Retake the test',
    'skills.result.retake.text':
      'Once you have taken a few steps of the path, retake the test: you will see your progress with the same link.',
    'skills.result.retake.short': 'Retake the short version',
    'skills.result.retake.full': 'Take the full version',
    'skills.fac.title': 'For facilitators: competences to work on',
    'skills.fac.text': 'The competence codes (SE5) to record in the facilitation service, from this profile’s gaps.',
    'skills.fac.none': 'No clear gaps: you can work on more advanced goals.',
    'skills.fac.code': 'SE5 code',
    'skills.fac.area': 'Area (SE4)',
    'skills.fac.name': 'Competence',
    'skills.fac.digcomp': 'DigComp competences',
    'skills.admin.title': 'Digital skills',
    'skills.admin.bank': 'Item bank',
    'skills.admin.inuse': 'The public gets version {n} {which}.',
    'skills.admin.inuse.default': '(Ponte’s default)',
    'skills.admin.inuse.own': '(yours)',
    'skills.admin.draft': 'A draft is being prepared (version {n}).',
    'skills.admin.draft.edit': 'Edit the draft',
    'skills.admin.draft.new': 'Create a new version to edit',
    'skills.admin.draft.help':
      'The new version starts from the questions in use. When you publish it the public gets it; the previous one retires, but results already given stay readable.',
    'skills.admin.versions': 'Versions',
    'skills.admin.version': 'Version',
    'skills.admin.status': 'Status',
    'skills.admin.status.draft': 'Draft',
    'skills.admin.status.current': 'In use',
    'skills.admin.status.retired': 'Retired',
    'skills.admin.created': 'Created',
    'skills.admin.published': 'Published',
    'skills.admin.stats': 'Per-item statistics (version in use)',
    'skills.admin.stats.help':
      'How many people answer each question right. A question almost everyone or almost nobody gets right probably needs rewriting. Under 5 answers we show no figures.',
    'skills.admin.aggregates': 'Anonymous results',
    'skills.admin.aggregates.help':
      'Level distribution of the citizens of your area and your initiatives. Groups with fewer than 5 results are never shown.',
    'skills.admin.aggregates.none': 'There are not yet 5 results to show.',
    'skills.admin.byArea': 'Levels by area',
    'skills.admin.byAge': 'Mean level by age band',
    'skills.admin.byPlace': 'Mean level by municipality',
    'skills.admin.hidden': 'Groups not shown because they have fewer than 5 results: {n}.',
    'skills.admin.few': 'fewer than 5',
    'skills.admin.people': 'Results',
    'skills.admin.municipality': 'Municipality',
    'skills.admin.change': 'Before and after the courses',
    'skills.admin.change.help':
      'To ask an event’s attendees to take the test before and after, tick the test box in the event’s form: the booking confirmation and the survey of the day after carry the links. For other initiatives use the links /competenze/breve?evento=ID&fase=prima and /competenze/breve?evento=ID&fase=dopo. Here you see the mean level before and after and the change; pairs are people who retook the test with their link or from the same device.',
    'skills.admin.change.events': 'By initiative',
    'skills.admin.change.programmes': 'By programme',
    'skills.admin.change.none': 'No results linked to initiatives yet.',
    'skills.admin.change.pairs': 'Pairs',
    'skills.admin.change.few': 'Some groups have fewer than 5 results and are not shown.',
    'skills.admin.mean': 'Mean',
    'skills.admin.answered': 'Answers',
    'skills.admin.right': 'Right',
    'skills.admin.meanStep': 'Mean (0–3)',
    'skills.admin.flag': 'To review',
    'skills.admin.flag.too-easy': 'too easy',
    'skills.admin.flag.too-hard': 'too hard',
    'skills.version.title': 'Item bank · version {n}',
    'skills.version.publish': 'Publish this version',
    'skills.version.discard': 'Delete the draft',
    'skills.version.items': 'Questions',
    'skills.version.add': 'Add a question',
    'skills.version.readonly': 'This version can no longer be changed. To change the questions create a new version.',
    'skills.version.published': 'Version published: the public now gets these questions.',
    'skills.item.title': 'Edit the question',
    'skills.item.competence': 'DigComp competence',
    'skills.item.level': 'Level (1–8)',
    'skills.item.level.hint': 'The level the question measures: 1–2 foundation, 3–4 intermediate, 5–6 advanced.',
    'skills.item.kind': 'Kind',
    'skills.item.kind.self': 'Self-declared (never / with help / alone / could teach it)',
    'skills.item.kind.knowledge': 'Question with one right answer',
    'skills.item.textIt': 'Text (Italian)',
    'skills.item.textEn': 'Text (English, optional)',
    'skills.item.options': 'Possible answers (one per line)',
    'skills.item.options.hint': 'Only for questions with one right answer. We suggest adding “Non lo so” at the end.',
    'skills.item.optionsEn': 'Answers in English (optional, one per line, same order)',
    'skills.item.correct': 'Number of the right answer',
    'skills.item.correct.hint': 'E.g. 2 if the right answer is the second line.',
    'skills.item.short': 'Also part of the short version',
    'skills.item.delete': 'Delete the question',
    'skills.item.kind.short.self': 'self-declared',
    'skills.item.kind.short.knowledge': 'right answer',
    'skills.item.yes': 'yes',
    'skills.item.no': 'no',
    'skills.item.inShort': 'Short',
    'skills.item.edit': 'Edit',
    'skills.nav': 'Digital skills',
    'skills.homeLink': 'How digital are you? Take the digital skills test: 5 minutes, no account',
  },
});

const say = (b: { it: string; en?: string | null }, l: Lang) => (l === 'en' && b.en ? b.en : b.it);

/** The address of the current page with the large-type preference switched. */
function largeHref(path: string, large: boolean): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('testo', large ? 'normale' : 'grande');
  return url.pathname + url.search;
}

function SkillsLayout(props: {
  ctx: PageContext;
  title: string;
  large: boolean;
  crumbs?: Crumb[];
  script?: boolean;
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  return (
    <Layout
      ctx={props.ctx}
      title={props.title}
      crumbs={props.crumbs}
      head={
        <>
          <link rel="stylesheet" href="/competenze/stile.css" />
          {props.script ? <script src="/competenze/stampa.js" defer /> : null}
        </>
      }
    >
      <div class={`ponte-skills${props.large ? ' ponte-skills-large' : ''}`}>
        <p class="ponte-skills-noprint text-end mb-2">
          <a href={largeHref(props.ctx.path, props.large)}>{t(l, props.large ? 'skills.large.off' : 'skills.large.on')}</a>
        </p>
        {props.children}
      </div>
    </Layout>
  );
}

const publicCrumbs = (l: Lang, last?: string): Crumb[] => [
  { href: '/', label: t(l, 'nav.home') },
  { href: '/competenze', label: t(l, 'skills.nav') },
  ...(last ? [{ label: last }] : []),
];

// ---------- public pages ----------

export function IntroPage(props: { ctx: PageContext; large: boolean; query: string }): VNode {
  const l = props.ctx.lang;
  const q = props.query ? `?${props.query}` : '';
  return (
    <SkillsLayout ctx={props.ctx} title={t(l, 'skills.title')} large={props.large} crumbs={publicCrumbs(l)}>
      <h1>{t(l, 'skills.title')}</h1>
      <p class="lead">{t(l, 'skills.lead')}</p>
      <div class="ponte-skills-actions">
        <a class="btn btn-primary btn-lg" href={`/competenze/breve${q}`}>
          {t(l, 'skills.start.short')}
        </a>
        <a class="btn btn-outline-primary btn-lg" href={`/competenze/completo${q}`}>
          {t(l, 'skills.start.full')}
        </a>
      </div>
      <h2 class="h4">{t(l, 'skills.what')}</h2>
      <p>{t(l, 'skills.what.text')}</p>
      <ol>
        {AREAS.map((a) => (
          <li>{AREA_NAMES[a][l]}</li>
        ))}
      </ol>
      <h2 class="h4">{t(l, 'skills.how')}</h2>
      <ul>
        <li>{t(l, 'skills.how.1')}</li>
        <li>{t(l, 'skills.how.2')}</li>
        <li>{t(l, 'skills.how.3')}</li>
        <li>{t(l, 'skills.how.4')}</li>
      </ul>
    </SkillsLayout>
  );
}

export interface StartValues {
  municipality?: string;
  ageBand?: string;
}

export function StartPage(props: {
  ctx: PageContext;
  large: boolean;
  variant: Variant;
  hidden: Record<string, string>;
  event: { title: string; phase: string | null } | null;
  retake: boolean;
  values?: StartValues;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const title = t(l, `skills.start.title.${props.variant}`);
  return (
    <SkillsLayout ctx={props.ctx} title={title} large={props.large} crumbs={publicCrumbs(l, title)}>
      <h1>{title}</h1>
      {errors._ ? (
        <div class="alert alert-danger" role="alert">
          {errors._}
        </div>
      ) : null}
      <ErrorSummary
        errors={errors}
        title={t(l, 'form.errors')}
        labels={{ municipality: t(l, 'skills.start.municipality'), ageBand: t(l, 'skills.start.age') }}
      />
      {props.event ? (
        <p class="alert alert-info">
          {t(l, props.event.phase === 'dopo' ? 'skills.start.event.dopo' : 'skills.start.event.prima', { title: props.event.title })}
        </p>
      ) : null}
      {props.retake ? <p class="alert alert-info">{t(l, 'skills.start.retake')}</p> : null}
      <p>{t(l, 'skills.start.intro')}</p>
      <Form action={`/competenze/${VARIANT_SLUGS[props.variant]}`} csrf={props.ctx.csrf}>
        {Object.entries(props.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <TextField
          name="municipality"
          label={t(l, 'skills.start.municipality')}
          hint={t(l, 'skills.start.municipality.hint')}
          value={props.values?.municipality}
          error={errors.municipality}
          autocomplete="address-level2"
          maxLength={100}
        />
        <SelectField
          name="ageBand"
          label={t(l, 'skills.start.age')}
          value={props.values?.ageBand}
          error={errors.ageBand}
          placeholder={t(l, 'skills.start.age.none')}
          options={AGE_BANDS.map((b) => ({ value: b, label: AGE_BAND_NAMES[b][l] }))}
        />
        <button type="submit" class="btn btn-primary btn-lg">
          {t(l, 'skills.start.go')}
        </button>
      </Form>
    </SkillsLayout>
  );
}

/** Where a question stands among those asked: its number and the total expected now. */
export function questionNumbers(state: AttemptState, itemId: string): { n: number; total: number } {
  const asked = state.items.filter((i) => !state.skipped.has(i.id));
  const index = asked.findIndex((i) => i.id === itemId);
  return { n: index + 1, total: asked.length };
}

export function QuestionPage(props: {
  ctx: PageContext;
  large: boolean;
  token: string;
  state: AttemptState;
  item: BankItem;
  review: boolean;
  previous: string | null;
  error?: string;
}): VNode {
  const l = props.ctx.lang;
  const { item, state } = props;
  const { n, total } = questionNumbers(state, item.id);
  const answered = state.answers.get(item.id);
  const title = t(l, 'skills.q.title', { n, total });
  const base = `/competenze/prova/${encodeURIComponent(props.token)}`;
  return (
    <SkillsLayout ctx={props.ctx} title={`${title} · ${t(l, 'skills.nav')}`} large={props.large}>
      <p class="ponte-skills-area">{t(l, 'skills.q.area', { area: AREA_NAMES[Number(item.competence.split('.')[0]) as Area][l] })}</p>
      <h1 class="h3">{title}</h1>
      <progress class="ponte-skills-progress" max={total} value={state.answers.size} aria-label={t(l, 'skills.q.progress')}>
        {`${state.answers.size}/${total}`}
      </progress>
      {props.error ? (
        <div class="alert alert-danger mt-3" role="alert" id="error-summary" tabIndex={-1}>
          <a href={`#o-${item.id}-0`}>{props.error}</a>
        </div>
      ) : null}
      <Form action={base} csrf={props.ctx.csrf} class="mt-3">
        <input type="hidden" name="item" value={item.id} />
        {props.review ? <input type="hidden" name="rivedi" value="1" /> : null}
        <fieldset aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `e-${item.id}` : undefined}>
          <legend class="ponte-skills-question">{say(item.text, l)}</legend>
          {props.error ? (
            <p id={`e-${item.id}`} class="ponte-field-error">
              {props.error}
            </p>
          ) : null}
          <ul class="ponte-skills-options">
            {item.options.map((o, value) => (
              <li>
                <label class="ponte-skills-option" for={`o-${item.id}-${value}`}>
                  <input
                    type="radio"
                    id={`o-${item.id}-${value}`}
                    name="value"
                    value={String(value)}
                    checked={answered === value}
                    required
                  />
                  <span>{say(o, l)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="ponte-skills-actions">
          <button type="submit" class="btn btn-primary btn-lg">
            {t(l, props.review ? 'skills.q.save' : 'skills.q.next')}
          </button>
          {props.previous ? <a href={`${base}?domanda=${props.previous}`}>{t(l, 'skills.q.back')}</a> : null}
        </div>
      </Form>
      {state.variant === 'short' ? <p class="small">{t(l, 'skills.q.skip.note')}</p> : null}
    </SkillsLayout>
  );
}

export function ReviewPage(props: { ctx: PageContext; large: boolean; token: string; state: AttemptState; problem?: string }): VNode {
  const l = props.ctx.lang;
  const { state } = props;
  const base = `/competenze/prova/${encodeURIComponent(props.token)}`;
  const asked = state.items.filter((i) => state.answers.has(i.id));
  return (
    <SkillsLayout ctx={props.ctx} title={t(l, 'skills.review.title')} large={props.large}>
      <h1>{t(l, 'skills.review.title')}</h1>
      {props.problem ? (
        <div class="alert alert-danger" role="alert">
          <p>{props.problem}</p>
          <p class="mb-0">
            <a href={`/competenze/${VARIANT_SLUGS[state.variant]}`}>{t(l, 'skills.restart')}</a>
          </p>
        </div>
      ) : null}
      <p>{t(l, 'skills.review.text')}</p>
      <Form action={`${base}/fine`} csrf={props.ctx.csrf}>
        <button type="submit" class="btn btn-primary btn-lg">
          {t(l, 'skills.review.finish')}
        </button>
      </Form>
      <dl class="ponte-skills-review mt-4">
        {asked.map((item, i) => {
          const value = state.answers.get(item.id) as number;
          return (
            <>
              <dt>{`${i + 1}. ${say(item.text, l)}`}</dt>
              <dd>
                {say(item.options[value] ?? { it: '' }, l)}
                {' · '}
                <a href={`${base}?domanda=${item.id}&rivedi=1`}>
                  {t(l, 'skills.review.change')}
                  <span class="visually-hidden">{` ${t(l, 'skills.review.change.n', { n: i + 1 })}`}</span>
                </a>
              </dd>
            </>
          );
        })}
      </dl>
      {state.skipped.size > 0 ? <p>{t(l, 'skills.review.skipped', { n: state.skipped.size })}</p> : null}
      <Form action={`${base}/fine`} csrf={props.ctx.csrf}>
        <button type="submit" class="btn btn-primary btn-lg">
          {t(l, 'skills.review.finish')}
        </button>
      </Form>
    </SkillsLayout>
  );
}

export function RetiredPage(props: { ctx: PageContext; large: boolean; variant: Variant }): VNode {
  const l = props.ctx.lang;
  return (
    <SkillsLayout ctx={props.ctx} title={t(l, 'skills.restart')} large={props.large}>
      <h1>{t(l, 'skills.restart')}</h1>
      <p class="alert alert-warning">{t(l, 'skills.retired')}</p>
      <a class="btn btn-primary btn-lg" href={`/competenze/${VARIANT_SLUGS[props.variant]}`}>
        {t(l, 'skills.restart')}
      </a>
    </SkillsLayout>
  );
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function ResultPage(props: {
  ctx: PageContext;
  large: boolean;
  view: ResultView;
  facilitator: Se5Code[] | null;
  sent?: boolean;
  errors?: Errors;
  email?: string;
  absoluteLink: string;
}): VNode {
  const l = props.ctx.lang;
  const { view } = props;
  const errors = props.errors ?? {};
  const tokenQ = `token=${encodeURIComponent(view.token)}`;
  const base = `/competenze/risultato/${view.id}`;
  const previous = view.previous;
  const prevLevel = (a: number) => previous?.areas.find((p) => p.area === a)?.level ?? null;
  const chart = levelChartSvg(
    view.areas.map((a) => ({ area: a.area, name: a.name, level: a.level, label: a.label, previous: prevLevel(a.area) })),
    {
      title: t(l, 'skills.result.chart'),
      level: t(l, 'skills.result.level').toLowerCase(),
      before: t(l, 'skills.result.before').toLowerCase(),
      now: '',
    },
  );
  return (
    <SkillsLayout
      ctx={props.ctx}
      title={t(l, 'skills.result.title')}
      large={props.large}
      script
      crumbs={publicCrumbs(l, t(l, 'skills.result.title'))}
    >
      <h1>{t(l, 'skills.result.title')}</h1>
      <p>
        {t(l, 'skills.result.date', {
          date: formatRome(view.createdAt, l, 'd LLLL yyyy'),
          variant: t(l, view.variant === 'short' ? 'skills.short' : 'skills.full'),
        })}
      </p>
      {props.sent ? (
        <div class="alert alert-success" role="status">
          {t(l, 'skills.result.email.sent')}
        </div>
      ) : null}
      {view.newer ? (
        <p class="alert alert-info">
          {t(l, 'skills.result.newer')} <a href={`/competenze/risultato/${view.newer.id}?${tokenQ}`}>{t(l, 'skills.result.newer.link')}</a>
        </p>
      ) : null}
      {previous ? <p>{t(l, 'skills.result.changes', { date: formatRome(previous.createdAt, l, 'd LLLL yyyy') })}</p> : null}
      <div dangerouslySetInnerHTML={{ __html: chart }} />
      <table class="table ponte-skills-table">
        <caption>{t(l, 'skills.result.table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'skills.result.area')}</th>
            <th scope="col" class="ponte-skills-nowrap">
              {t(l, 'skills.result.level')}
            </th>
            <th scope="col" class="ponte-skills-nowrap">
              {t(l, 'skills.result.band')}
            </th>
            {previous ? (
              <>
                <th scope="col" class="ponte-skills-nowrap">
                  {t(l, 'skills.result.before')}
                </th>
                <th scope="col" class="ponte-skills-nowrap">
                  {t(l, 'skills.result.change')}
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {view.areas.map((a) => (
            <tr>
              <th scope="row">{`${a.area}. ${a.name}`}</th>
              <td class="ponte-skills-nowrap">{`${a.level} / ${MAX_LEVEL}`}</td>
              <td class="ponte-skills-band">{a.label}</td>
              {previous ? (
                <>
                  <td>{prevLevel(a.area)}</td>
                  <td>{signed(a.change ?? 0)}</td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="small">{t(l, 'skills.result.bands')}</p>

      <h2>{t(l, 'skills.result.explain')}</h2>
      {view.areas.map((a) => (
        <section>
          <h3 class="h5">{`${a.area}. ${a.name}: ${a.label}`}</h3>
          <p>{a.explanation}</p>
        </section>
      ))}

      <h2 id="percorso">{t(l, 'skills.result.path')}</h2>
      {view.path.length === 0 ? (
        <p>{t(l, 'skills.result.path.none')}</p>
      ) : (
        <>
          <p>{t(l, 'skills.result.path.intro')}</p>
          <ul class="ponte-skills-path">
            {view.path.map((p) => (
              <li>
                <span class="ponte-skills-kind">{t(l, `skills.kind.${p.kind}`)}</span>
                <a href={p.page}>{p.title}</a>
                {p.detail ? <span class="d-block">{p.detail}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}

      {props.facilitator ? (
        <section class="ponte-skills-facilitator" aria-labelledby="facilitatore">
          <h2 id="facilitatore" class="h4">
            {t(l, 'skills.fac.title')}
          </h2>
          <p>{t(l, 'skills.fac.text')}</p>
          {props.facilitator.length === 0 ? (
            <p>{t(l, 'skills.fac.none')}</p>
          ) : (
            <table class="table ponte-skills-table">
              <thead>
                <tr>
                  <th scope="col">{t(l, 'skills.fac.code')}</th>
                  <th scope="col">{t(l, 'skills.fac.area')}</th>
                  <th scope="col">{t(l, 'skills.fac.name')}</th>
                  <th scope="col">{t(l, 'skills.fac.digcomp')}</th>
                </tr>
              </thead>
              <tbody>
                {props.facilitator.map((c) => (
                  <tr>
                    <th scope="row">{c.code}</th>
                    <td>{c.area}</td>
                    <td>{c.name}</td>
                    <td>{c.competences.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}

      <div class="ponte-skills-noprint">
        <h2 class="h4">{t(l, 'skills.result.keep')}</h2>
        <p>{t(l, 'skills.result.keep.text')}</p>
        <p class="ponte-skills-link">
          <a href={`${base}?${tokenQ}`}>{props.absoluteLink}</a>
        </p>
        <div class="ponte-skills-actions">
          <a class="btn btn-outline-primary" href={`${base}/profilo.pdf?${tokenQ}`}>
            {t(l, 'skills.result.pdf')}
          </a>
          <button type="button" class="btn btn-outline-primary" id="stampa" hidden>
            {t(l, 'skills.result.print')}
          </button>
        </div>

        <h2 class="h4" id="email">
          {t(l, 'skills.result.email')}
        </h2>
        <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={{ email: t(l, 'skills.result.email.label') }} />
        <Form action={`${base}/email`} csrf={props.ctx.csrf}>
          <input type="hidden" name="token" value={view.token} />
          <TextField
            name="email"
            type="email"
            label={t(l, 'skills.result.email.label')}
            hint={t(l, 'skills.result.email.hint')}
            value={props.email}
            error={errors.email}
            autocomplete="email"
            required
            maxLength={254}
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'skills.result.email.send')}
          </button>
        </Form>

        <h2 class="h4 mt-4">{t(l, 'skills.result.retake')}</h2>
        <p>{t(l, 'skills.result.retake.text')}</p>
        <div class="ponte-skills-actions">
          <a class="btn btn-outline-primary" href={`/competenze/breve?da=${view.id}&${tokenQ}`}>
            {t(l, 'skills.result.retake.short')}
          </a>
          <a class="btn btn-outline-primary" href={`/competenze/completo?da=${view.id}&${tokenQ}`}>
            {t(l, 'skills.result.retake.full')}
          </a>
        </div>
      </div>
    </SkillsLayout>
  );
}

// ---------- back office ----------

const adminCrumbs = (l: Lang, org: Organisation, last?: string): Crumb[] => [
  { href: '/admin', label: t(l, 'nav.backoffice') },
  { href: `/admin/organisations/${org.id}`, label: org.name },
  { href: `/admin/organisations/${org.id}/competenze`, label: t(l, 'skills.admin.title') },
  ...(last ? [{ label: last }] : []),
];

function FormProblem(props: { errors?: Errors }): VNode | null {
  return props.errors?._ ? (
    <div class="alert alert-danger" role="alert">
      {props.errors._}
    </div>
  ) : null;
}

/** A wide table that scrolls sideways on a small screen; focusable so keyboards can scroll it. */
function ScrollRegion(props: { label: string; children: ComponentChildren }): VNode {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <div class="ponte-skills-scroll" tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}

function VersionsTable(props: { l: Lang; versions: BankVersion[] }): VNode {
  const l = props.l;
  return (
    <ScrollRegion label={t(l, 'skills.admin.versions')}>
      <table class="table ponte-skills-table">
        <caption>{t(l, 'skills.admin.versions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'skills.admin.version')}</th>
            <th scope="col">{t(l, 'skills.admin.status')}</th>
            <th scope="col">{t(l, 'skills.admin.created')}</th>
            <th scope="col">{t(l, 'skills.admin.published')}</th>
          </tr>
        </thead>
        <tbody>
          {props.versions.map((v) => (
            <tr>
              <th scope="row">
                <a href={`/admin/skill-versions/${v.id}`}>{`${t(l, 'skills.admin.version')} ${v.number}`}</a>
              </th>
              <td>{t(l, `skills.admin.status.${v.status}`)}</td>
              <td>{formatRome(v.createdAt, l, 'd/M/yyyy')}</td>
              <td>{v.publishedAt ? formatRome(v.publishedAt, l, 'd/M/yyyy') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function pct(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function StatisticsTable(props: { l: Lang; stats: ItemStatistics[]; editable?: boolean; caption: string }): VNode {
  const l = props.l;
  return (
    <ScrollRegion label={props.caption}>
      <table class="table table-sm ponte-skills-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t(l, 'skills.item.competence')}</th>
            <th scope="col">{t(l, 'skills.item.level')}</th>
            <th scope="col">{t(l, 'skills.item.kind')}</th>
            <th scope="col">{t(l, 'skills.item.inShort')}</th>
            <th scope="col">{t(l, 'skills.item.textIt')}</th>
            <th scope="col">{t(l, 'skills.admin.answered')}</th>
            <th scope="col">{`${t(l, 'skills.admin.right')} / ${t(l, 'skills.admin.meanStep')}`}</th>
            <th scope="col">{t(l, 'skills.admin.flag')}</th>
            {props.editable ? <th scope="col">{t(l, 'skills.item.edit')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.stats.map((s, i) => (
            <tr>
              <th scope="row">{i + 1}</th>
              <td>{s.item.competence}</td>
              <td>{s.item.level}</td>
              <td>{t(l, `skills.item.kind.short.${s.item.kind}`)}</td>
              <td>{t(l, s.item.short ? 'skills.item.yes' : 'skills.item.no')}</td>
              <td>{say(s.item.text, l)}</td>
              <td>{s.answered < 5 ? t(l, 'skills.admin.few') : s.answered}</td>
              <td>
                {s.share === null
                  ? '—'
                  : s.item.kind === 'knowledge'
                    ? `${s.right} (${pct(s.share)})`
                    : (Math.round(s.share * 30) / 10).toLocaleString(l === 'en' ? 'en-GB' : 'it-IT')}
              </td>
              <td>{s.flag ? t(l, `skills.admin.flag.${s.flag}`) : ''}</td>
              {props.editable ? (
                <td>
                  <a href={`/admin/skill-items/${s.item.id}`}>
                    {t(l, 'skills.item.edit')}
                    <span class="visually-hidden">{` ${i + 1}`}</span>
                  </a>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function bandCell(n: number | null | undefined, l: Lang): string {
  return n === null ? t(l, 'skills.admin.few') : String(n ?? 0);
}

function mean(n: number, l: Lang): string {
  return n.toLocaleString(l === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: 1 });
}

function GroupTable(props: { l: Lang; caption: string; groupLabel: string; groups: GroupAggregate[] }): VNode {
  const l = props.l;
  return (
    <ScrollRegion label={props.caption}>
      <table class="table table-sm ponte-skills-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.groupLabel}</th>
            <th scope="col">{t(l, 'skills.admin.people')}</th>
            {AREAS.map((a) => (
              <th scope="col">{`${a}. ${AREA_NAMES[a][l]}`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.groups.map((g) => (
            <tr>
              <th scope="row">{g.label}</th>
              <td>{g.n}</td>
              {AREAS.map((a) => (
                <td>{mean(g.means[a], l)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function ChangeTable(props: { l: Lang; caption: string; rows: ChangeRow[] }): VNode {
  const l = props.l;
  const cell = (v: { n: number; means: Record<Area, number> } | null, a: Area) => (v ? mean(v.means[a], l) : '—');
  return (
    <ScrollRegion label={props.caption}>
      <table class="table table-sm ponte-skills-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.caption}</th>
            <th scope="col">{t(l, 'skills.result.area')}</th>
            <th scope="col">{`${t(l, 'skills.result.before')} (n)`}</th>
            <th scope="col">{`${t(l, 'skills.result.after')} (n)`}</th>
            <th scope="col">{t(l, 'skills.result.change')}</th>
            <th scope="col">{`${t(l, 'skills.admin.change.pairs')} (n)`}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.flatMap((r) =>
            AREAS.map((a, i) => (
              <tr>
                {i === 0 ? (
                  <th scope="rowgroup" rowSpan={AREAS.length}>
                    {r.page ? <a href={r.page}>{r.label}</a> : r.label}
                  </th>
                ) : null}
                <td>{`${a}. ${AREA_NAMES[a][l]}`}</td>
                <td>{r.before ? `${cell(r.before, a)} (${r.before.n})` : t(l, 'skills.admin.few')}</td>
                <td>{r.after ? `${cell(r.after, a)} (${r.after.n})` : t(l, 'skills.admin.few')}</td>
                <td>{r.change ? signed(r.change[a]) : '—'}</td>
                <td>{r.paired ? `${signed(r.paired.change[a])} (${r.paired.n})` : '—'}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function AdminPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  overview: BankOverview;
  stats: ItemStatistics[];
  aggregates: Aggregates;
  change: { events: ChangeRow[]; programmes: ChangeRow[] };
  canEdit: boolean;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const { overview, aggregates } = props;
  const org = props.organisation;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'skills.admin.title')}
      crumbs={adminCrumbs(l, org)
        .slice(0, -1)
        .concat({ label: t(l, 'skills.admin.title') })}
    >
      <h1>{t(l, 'skills.admin.title')}</h1>
      <FormProblem errors={props.errors} />
      <h2 class="h4">{t(l, 'skills.admin.bank')}</h2>
      <p>
        {t(l, 'skills.admin.inuse', {
          n: overview.inUse.number,
          which: t(l, overview.own ? 'skills.admin.inuse.own' : 'skills.admin.inuse.default'),
        })}
      </p>
      {overview.draft ? (
        <p>
          {t(l, 'skills.admin.draft', { n: overview.draft.number })}{' '}
          <a href={`/admin/skill-versions/${overview.draft.id}`}>{t(l, 'skills.admin.draft.edit')}</a>
        </p>
      ) : props.canEdit ? (
        <Form action={`/admin/organisations/${org.id}/competenze/bozza`} csrf={props.ctx.csrf}>
          <p>{t(l, 'skills.admin.draft.help')}</p>
          <button type="submit" class="btn btn-primary">
            {t(l, 'skills.admin.draft.new')}
          </button>
        </Form>
      ) : null}
      {overview.versions.length > 0 ? <VersionsTable l={l} versions={overview.versions} /> : null}

      <h2 class="h4 mt-4">{t(l, 'skills.admin.stats')}</h2>
      <p>{t(l, 'skills.admin.stats.help')}</p>
      <StatisticsTable l={l} stats={props.stats} caption={`${t(l, 'skills.admin.version')} ${overview.inUse.number}`} />

      <h2 class="h4 mt-4">{t(l, 'skills.admin.aggregates')}</h2>
      <p>{t(l, 'skills.admin.aggregates.help')}</p>
      {aggregates.total ? (
        <>
          <ScrollRegion label={t(l, 'skills.admin.byArea')}>
            <table class="table table-sm ponte-skills-table">
              <caption>{`${t(l, 'skills.admin.byArea')} (${t(l, 'skills.admin.people').toLowerCase()}: ${aggregates.total.n})`}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(l, 'skills.result.area')}</th>
                  {BANDS.map((b) => (
                    <th scope="col">{BAND_NAMES[b][l]}</th>
                  ))}
                  <th scope="col">{t(l, 'skills.admin.mean')}</th>
                </tr>
              </thead>
              <tbody>
                {AREAS.map((a) => (
                  <tr>
                    <th scope="row">{`${a}. ${AREA_NAMES[a][l]}`}</th>
                    {BANDS.map((b) => (
                      <td>{bandCell(aggregates.total?.bands[a][b], l)}</td>
                    ))}
                    <td>{mean(aggregates.total?.means[a] ?? 0, l)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {aggregates.byAgeBand.length ? (
            <GroupTable l={l} caption={t(l, 'skills.admin.byAge')} groupLabel={t(l, 'skills.start.age')} groups={aggregates.byAgeBand} />
          ) : null}
          {aggregates.byMunicipality.length ? (
            <GroupTable
              l={l}
              caption={t(l, 'skills.admin.byPlace')}
              groupLabel={t(l, 'skills.admin.municipality')}
              groups={aggregates.byMunicipality}
            />
          ) : null}
          {aggregates.hidden.byAgeBand + aggregates.hidden.byMunicipality > 0 ? (
            <p>{t(l, 'skills.admin.hidden', { n: aggregates.hidden.byAgeBand + aggregates.hidden.byMunicipality })}</p>
          ) : null}
        </>
      ) : (
        <p>{t(l, 'skills.admin.aggregates.none')}</p>
      )}

      <h2 class="h4 mt-4">{t(l, 'skills.admin.change')}</h2>
      <p>{t(l, 'skills.admin.change.help')}</p>
      {props.change.events.length === 0 && props.change.programmes.length === 0 ? <p>{t(l, 'skills.admin.change.none')}</p> : null}
      {props.change.events.length ? <ChangeTable l={l} caption={t(l, 'skills.admin.change.events')} rows={props.change.events} /> : null}
      {props.change.programmes.length ? (
        <ChangeTable l={l} caption={t(l, 'skills.admin.change.programmes')} rows={props.change.programmes} />
      ) : null}
      {[...props.change.events, ...props.change.programmes].some((r) => r.suppressed) ? <p>{t(l, 'skills.admin.change.few')}</p> : null}
    </Layout>
  );
}

export interface ItemValues {
  competence?: string;
  level?: string;
  kind?: string;
  textIt?: string;
  textEn?: string;
  options?: string;
  optionsEn?: string;
  correct?: string;
  short?: boolean;
}

export function itemValues(item: BankItem): ItemValues {
  return {
    competence: item.competence,
    level: String(item.level),
    kind: item.kind,
    textIt: item.text.it,
    textEn: item.text.en ?? '',
    options: item.kind === 'knowledge' ? item.options.map((o) => o.it).join('\n') : '',
    optionsEn:
      item.kind === 'knowledge'
        ? item.options
            .map((o) => o.en ?? '')
            .join('\n')
            .trim()
        : '',
    correct: item.correct === null ? '' : String(item.correct + 1),
    short: item.short,
  };
}

const ITEM_LABELS = (l: Lang) => ({
  competence: t(l, 'skills.item.competence'),
  level: t(l, 'skills.item.level'),
  kind: t(l, 'skills.item.kind'),
  textIt: t(l, 'skills.item.textIt'),
  textEn: t(l, 'skills.item.textEn'),
  options: t(l, 'skills.item.options'),
  optionsEn: t(l, 'skills.item.optionsEn'),
  correct: t(l, 'skills.item.correct'),
});

function ItemFields(props: { l: Lang; values: ItemValues; errors: Errors }): VNode {
  const { l, values, errors } = props;
  return (
    <>
      <SelectField
        name="competence"
        label={t(l, 'skills.item.competence')}
        value={values.competence}
        error={errors.competence}
        required
        options={COMPETENCE_CODES.map((c) => ({ value: c, label: `${c} ${COMPETENCES[c][l]}` }))}
      />
      <TextField
        name="level"
        type="number"
        label={t(l, 'skills.item.level')}
        hint={t(l, 'skills.item.level.hint')}
        value={values.level}
        error={errors.level}
        min={1}
        max={8}
        required
      />
      <SelectField
        name="kind"
        label={t(l, 'skills.item.kind')}
        value={values.kind}
        error={errors.kind}
        required
        options={[
          { value: 'knowledge', label: t(l, 'skills.item.kind.knowledge') },
          { value: 'self', label: t(l, 'skills.item.kind.self') },
        ]}
      />
      <TextArea name="textIt" label={t(l, 'skills.item.textIt')} value={values.textIt} error={errors.textIt} required maxLength={600} />
      <TextArea name="textEn" label={t(l, 'skills.item.textEn')} value={values.textEn} error={errors.textEn} maxLength={600} />
      <TextArea
        name="options"
        label={t(l, 'skills.item.options')}
        hint={t(l, 'skills.item.options.hint')}
        value={values.options}
        error={errors.options}
        rows={5}
      />
      <TextArea name="optionsEn" label={t(l, 'skills.item.optionsEn')} value={values.optionsEn} error={errors.optionsEn} rows={5} />
      <TextField
        name="correct"
        type="number"
        label={t(l, 'skills.item.correct')}
        hint={t(l, 'skills.item.correct.hint')}
        value={values.correct}
        error={errors.correct}
        min={1}
        max={6}
      />
      <div class="mb-3">
        <input class="me-2" type="checkbox" id="f-short" name="short" value="1" checked={values.short} />
        <label for="f-short">{t(l, 'skills.item.short')}</label>
      </div>
    </>
  );
}

export function VersionPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  version: BankVersion;
  stats: ItemStatistics[];
  errors?: Errors;
  values?: ItemValues;
  notice?: 'published';
}): VNode {
  const l = props.ctx.lang;
  const { version } = props;
  const draft = version.status === 'draft';
  const errors = props.errors ?? {};
  const title = t(l, 'skills.version.title', { n: version.number });
  return (
    <Layout ctx={props.ctx} title={title} crumbs={adminCrumbs(l, props.organisation, title)}>
      <h1>{title}</h1>
      <p>{`${t(l, 'skills.admin.status')}: ${t(l, `skills.admin.status.${version.status}`)}${version.note ? ` · ${version.note}` : ''}`}</p>
      {props.notice === 'published' ? (
        <div class="alert alert-success" role="status">
          {t(l, 'skills.version.published')}
        </div>
      ) : null}
      <FormProblem errors={errors} />
      {draft ? (
        <div class="ponte-skills-actions">
          <Form action={`/admin/skill-versions/${version.id}/pubblica`} csrf={props.ctx.csrf}>
            <button type="submit" class="btn btn-primary">
              {t(l, 'skills.version.publish')}
            </button>
          </Form>
          <Form action={`/admin/skill-versions/${version.id}/elimina`} csrf={props.ctx.csrf}>
            <button type="submit" class="btn btn-outline-danger">
              {t(l, 'skills.version.discard')}
            </button>
          </Form>
        </div>
      ) : (
        <p>{t(l, 'skills.version.readonly')}</p>
      )}
      <h2 class="h4">{t(l, 'skills.version.items')}</h2>
      <StatisticsTable l={l} stats={props.stats} editable={draft} caption={title} />
      {draft ? (
        <>
          <h2 class="h4" id="nuova">
            {t(l, 'skills.version.add')}
          </h2>
          <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={ITEM_LABELS(l)} />
          <Form action={`/admin/skill-versions/${version.id}/domande`} csrf={props.ctx.csrf}>
            <ItemFields l={l} values={props.values ?? { kind: 'knowledge', level: '3' }} errors={errors} />
            <button type="submit" class="btn btn-primary">
              {t(l, 'skills.version.add')}
            </button>
          </Form>
        </>
      ) : null}
    </Layout>
  );
}

export function ItemPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  version: BankVersion;
  item: BankItem;
  values?: ItemValues;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const draft = props.version.status === 'draft';
  return (
    <Layout ctx={props.ctx} title={t(l, 'skills.item.title')} crumbs={adminCrumbs(l, props.organisation, t(l, 'skills.item.title'))}>
      <h1>{t(l, 'skills.item.title')}</h1>
      <p>
        <a href={`/admin/skill-versions/${props.version.id}`}>{t(l, 'skills.version.title', { n: props.version.number })}</a>
      </p>
      <FormProblem errors={errors} />
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={ITEM_LABELS(l)} />
      {draft ? (
        <>
          <Form action={`/admin/skill-items/${props.item.id}`} csrf={props.ctx.csrf}>
            <ItemFields l={l} values={props.values ?? itemValues(props.item)} errors={errors} />
            <button type="submit" class="btn btn-primary">
              {t(l, 'form.save')}
            </button>
          </Form>
          <Form action={`/admin/skill-items/${props.item.id}/elimina`} csrf={props.ctx.csrf} class="mt-3">
            <button type="submit" class="btn btn-outline-danger">
              {t(l, 'skills.item.delete')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>{t(l, 'skills.version.readonly')}</p>
          <p>{say(props.item.text, l)}</p>
          <ol>
            {props.item.options.map((o, i) => (
              <li>
                {say(o, l)}
                {props.item.correct === i ? ' ✓' : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </Layout>
  );
}

export { formatDate };
