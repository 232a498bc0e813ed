import type { VNode } from 'preact';
import { addMessages, type Lang, t } from '../../core/i18n.js';
import { formatDate, formatRome } from '../../core/time.js';
import { assetUrl } from '../../web/assets.js';
import { ErrorSummary, type Errors, Form, SelectField, TextArea, TextField } from '../../web/forms.js';
import { FaviconLinks, Layout, type PageContext } from '../../web/layout.js';
import type { RowProblem } from './csv.js';
import { COLUMNS } from './csv.js';
import { renderInline, renderMarkdown } from './markdown.js';
import type { Band, Readability } from './readability.js';
import {
  ACCESS_LABELS,
  ACCESS_METHODS,
  CATEGORIES,
  CATEGORY_LABELS,
  LIFE_EVENT_LABELS,
  LIFE_EVENTS,
  label,
  type SheetStatus,
  STATUS_LABELS,
  TRANSITIONS,
} from './schemas.js';
import type { DeskLink, EventLink, ImportReport, ListResult, Sheet, SheetSummary, TextReadability, Version } from './service.js';

addMessages({
  it: {
    'guides.title': 'Guide ai servizi digitali',
    'guides.lead': 'Schede in parole semplici per usare SPID, CIE, PagoPA e gli altri servizi online degli enti.',
    'guides.search': 'Cerca un servizio',
    'guides.search.hint': 'Scrivi con parole tue, ad esempio "carta d\'identità", "pagare la TARI" o "iscrizione a scuola".',
    'guides.search.button': 'Cerca',
    'guides.filter.organisation': 'Ente',
    'guides.filter.category': 'Argomento',
    'guides.filter.lifeEvent': 'Cosa ti è successo',
    'guides.filter.any': 'Tutti',
    'guides.results': '{n} schede trovate per «{q}»',
    'guides.results.one': '1 scheda trovata per «{q}»',
    'guides.results.none': 'Nessuna scheda trovata per «{q}». Prova con altre parole o chiedi aiuto a uno sportello.',
    'guides.results.browse': '{n} schede',
    'guides.corrected': 'Abbiamo cercato «{to}» al posto di «{from}».',
    'guides.partial': 'Nessuna scheda contiene tutte le parole cercate: ecco quelle che ne contengono alcune.',
    'guides.byLifeEvent': 'Cerca per evento della vita',
    'guides.byCategory': 'Cerca per argomento',
    'guides.all': 'Tutte le schede',
    'guides.prev': 'Pagina precedente',
    'guides.next': 'Pagina successiva',
    'guides.pages': 'Pagine dei risultati',
    'guides.reset': 'Togli i filtri',
    'sheet.online': 'Vai al servizio online',
    'sheet.facts': 'In breve',
    'sheet.audience': 'Chi può usarlo',
    'sheet.access': 'Come si accede',
    'sheet.cost': 'Quanto costa',
    'sheet.times': 'Tempi',
    'sheet.body': 'Come funziona',
    'sheet.steps': 'Passo per passo',
    'sheet.faqs': 'Domande frequenti',
    'sheet.contacts': 'Contatti',
    'sheet.help': 'Dove trovare aiuto vicino a te',
    'sheet.help.events': 'Incontri in programma',
    'sheet.help.desks': 'Sportelli che ti aiutano',
    'sheet.help.none':
      "Al momento non ci sono incontri o sportelli collegati a questa scheda. Chiedi all'ente che l'ha scritta: trovi i contatti qui sopra.",
    'sheet.lifeEvents': 'Ti serve se',
    'sheet.print': 'Versione da stampare, a caratteri grandi',
    'sheet.updated': 'Aggiornata il {date}',
    'sheet.by': 'Scheda di {org}',
    'sheet.preview': 'Anteprima: questa scheda è nello stato «{status}» e non è visibile al pubblico.',
    'sheet.choose': 'Più enti hanno una scheda con questo nome. Scegli quella del tuo ente.',
    'sheet.edit': 'Modifica la scheda',
    'print.tools': 'Questa è la versione da stampare. Usa il comando Stampa del browser (Ctrl+P).',
    'print.back': 'Torna alla scheda',
    'print.printed': "Scheda stampata da Ponte il {date}. La trovi online all'indirizzo {url}",
    'admin.guides': 'Guide ai servizi',
    'admin.guides.none': 'Nessuna scheda ancora. Creane una o importa un catalogo da un file CSV.',
    'admin.guides.new': 'Nuova scheda',
    'admin.guides.create': 'Crea la scheda in bozza',
    'admin.guides.import': 'Importa da un file CSV',
    'admin.guides.import.file': 'File CSV',
    'admin.guides.import.hint':
      'Un file CSV in UTF-8, separato da virgole o punti e virgola, al massimo 1 MB. La prima riga elenca le colonne.',
    'admin.guides.import.check': 'Controlla il file (non salva nulla)',
    'admin.guides.import.run': 'Importa',
    'admin.guides.import.confirm': 'Importa queste {n} schede',
    'admin.guides.import.ok': "Il file è corretto: {n} schede pronte per l'importazione. Nulla è stato ancora salvato.",
    'admin.guides.import.bad': 'Il file ha {n} problemi: nessuna scheda è stata importata. Correggi il file e riprova.',
    'admin.guides.import.done': '{n} schede importate.',
    'admin.guides.import.columns': 'Colonne del file',
    'admin.guides.import.missing': 'scegli un file CSV',
    'admin.guides.export': 'Esporta tutte le schede in CSV',
    'admin.guides.row': 'Riga',
    'admin.guides.column': 'Colonna',
    'admin.guides.problem': 'Problema',
    'admin.guides.status': 'Stato',
    'admin.guides.updated': 'Aggiornata',
    'editor.title': 'Modifica la scheda',
    'editor.saved': 'Modifiche salvate: versione {n}.',
    'editor.unchanged': 'Nessuna modifica da salvare.',
    'editor.created': 'Scheda creata in bozza.',
    'editor.restored': 'Ripristinato il contenuto della versione {from}: ora è la versione {n}.',
    'editor.status': 'La scheda ora è: {status}.',
    'editor.checked': 'Leggibilità calcolata sul testo del modulo. Le modifiche non sono ancora salvate.',
    'editor.save': 'Salva',
    'editor.check': 'Controlla leggibilità',
    'editor.public': 'Vedi la pagina pubblica',
    'editor.preview': "Vedi l'anteprima",
    'editor.version': 'Versione {n}',
    'editor.main': 'Scheda',
    'editor.links': 'Collegamenti con incontri e sportelli',
    'editor.faqs': 'Domande frequenti',
    'editor.steps': 'Guida passo per passo',
    'editor.steps.hint': "Un passo per riquadro. Lascia vuoto il testo per togliere un passo. Se metti un'immagine, descrivila.",
    'editor.step': 'Passo {n}',
    'editor.step.text': 'Testo del passo {n}',
    'editor.step.image': 'Immagine del passo {n} (indirizzo, facoltativo)',
    'editor.step.alt': "Descrizione dell'immagine del passo {n}",
    'editor.faq.q': 'Domanda {n}',
    'editor.faq.a': 'Risposta {n}',
    'editor.workflow': 'Stato della scheda',
    'editor.to.review': 'Invia in revisione',
    'editor.to.published': 'Pubblica',
    'editor.to.draft': 'Riporta in bozza',
    'editor.to.draft.published': 'Ritira dalla pubblicazione',
    'editor.versions': 'Versioni',
    'editor.restore': 'Ripristina la versione {n}',
    'editor.current': 'versione attuale',
    'field.name': 'Nome del servizio',
    'field.slug': 'Indirizzo della pagina',
    'field.slug.hint': "Parte finale dell'indirizzo: lettere minuscole, cifre e trattini. Unico nel tuo ente.",
    'field.summary': 'A cosa serve',
    'field.summary.hint': 'Una o due frasi brevi.',
    'field.audience': 'Chi può usarlo',
    'field.category': 'Argomento',
    'field.access': 'Come si accede',
    'field.url': 'Indirizzo del servizio online',
    'field.cost': 'Quanto costa',
    'field.times': 'Tempi',
    'field.lifeEvents': 'Eventi della vita collegati',
    'field.contacts': 'Contatti',
    'field.body': 'Testo della scheda',
    'field.body.hint': 'Puoi usare Markdown: ## per i titoli, - per gli elenchi, **grassetto**, [testo](https://indirizzo) per i link.',
    'field.topics': 'Argomenti degli incontri',
    'field.topics.hint':
      'Codici separati da virgola, ad esempio: spid, cie, pagopa, app-io, fascicolo-sanitario, anpr, pec, iscrizioni-scolastiche.',
    'field.deskServices': 'Servizi degli sportelli',
    'field.deskServices.hint': 'Codici separati da virgola, ad esempio: spid, cie, pagopa, app-io, fse, anpr, aiuto-digitale.',
    'read.title': 'Leggibilità (indice Gulpease)',
    'read.intro': "L'indice Gulpease va da 0 a 100: più è alto, più il testo è facile. Puntiamo ad almeno 60.",
    'read.summary': 'A cosa serve',
    'read.audience': 'Chi può usarlo',
    'read.body': 'Testo della scheda',
    'read.steps': 'Passi della guida',
    'read.faqs': 'Domande frequenti',
    'read.score': '{score} su 100',
    'read.counts': '{words} parole, {sentences} frasi',
    'read.band.difficult': 'Difficile per la maggior parte dei lettori.',
    'read.band.hard': 'Difficile per chi ha la licenza elementare.',
    'read.band.fair': 'Facile per chi ha la licenza media.',
    'read.band.easy': 'Facile.',
    'read.hint.paragraph': 'Paragrafo difficile (indice {value}): «{text}». Usa frasi più corte e parole più comuni.',
    'read.hint.sentence': 'Frase lunga ({value} parole): «{text}». Dividila in due o tre frasi.',
    'read.none': 'Nessun suggerimento: il testo è scorrevole.',
    'action.create': 'creata',
    'action.import': 'importata',
    'action.edit': 'modificata',
    'action.steps': 'passi modificati',
    'action.status': 'stato cambiato',
    'action.restore': 'ripristinata dalla versione {n}',
    'org.guides': 'Guide ai servizi',
    'guides.homeLink': 'Guide ai servizi digitali: SPID, CIE, PagoPA e gli altri servizi spiegati in parole semplici',
  },
  en: {
    'guides.title': 'Digital services guides',
    'guides.lead': 'Plain-language sheets on SPID, CIE, PagoPA and the other online services of public bodies.',
    'guides.search': 'Search for a service',
    'guides.search.hint': 'Use your own words, e.g. "identity card", "pay TARI" or "school enrolment" (in Italian).',
    'guides.search.button': 'Search',
    'guides.filter.organisation': 'Body',
    'guides.filter.category': 'Topic',
    'guides.filter.lifeEvent': 'What happened to you',
    'guides.filter.any': 'All',
    'guides.results': '{n} sheets found for «{q}»',
    'guides.results.one': '1 sheet found for «{q}»',
    'guides.results.none': 'No sheet found for «{q}». Try other words or ask a help desk.',
    'guides.results.browse': '{n} sheets',
    'guides.corrected': 'We searched for «{to}» instead of «{from}».',
    'guides.partial': 'No sheet has every word: these have some of them.',
    'guides.byLifeEvent': 'Browse by life event',
    'guides.byCategory': 'Browse by topic',
    'guides.all': 'All sheets',
    'guides.prev': 'Previous page',
    'guides.next': 'Next page',
    'guides.pages': 'Result pages',
    'guides.reset': 'Clear the filters',
    'sheet.online': 'Go to the online service',
    'sheet.facts': 'At a glance',
    'sheet.audience': 'Who can use it',
    'sheet.access': 'How to sign in',
    'sheet.cost': 'Cost',
    'sheet.times': 'Times',
    'sheet.body': 'How it works',
    'sheet.steps': 'Step by step',
    'sheet.faqs': 'Frequently asked questions',
    'sheet.contacts': 'Contacts',
    'sheet.help': 'Where to find help near you',
    'sheet.help.events': 'Upcoming meetings',
    'sheet.help.desks': 'Help desks',
    'sheet.help.none': 'No meetings or help desks are linked to this sheet yet. Ask the body that wrote it: its contacts are above.',
    'sheet.lifeEvents': 'Useful when',
    'sheet.print': 'Large-type printable version',
    'sheet.updated': 'Updated on {date}',
    'sheet.by': 'Sheet by {org}',
    'sheet.preview': 'Preview: this sheet is «{status}» and not visible to the public.',
    'sheet.choose': 'Several bodies have a sheet with this name. Choose the one of your body.',
    'sheet.edit': 'Edit the sheet',
    'print.tools': "This is the printable version. Use your browser's Print command (Ctrl+P).",
    'print.back': 'Back to the sheet',
    'print.printed': 'Sheet printed from Ponte on {date}. Online at {url}',
    'admin.guides': 'Service guides',
    'admin.guides.none': 'No sheets yet. Create one or import a catalogue from a CSV file.',
    'admin.guides.new': 'New sheet',
    'admin.guides.create': 'Create the sheet as a draft',
    'admin.guides.import': 'Import from a CSV file',
    'admin.guides.import.file': 'CSV file',
    'admin.guides.import.hint': 'A UTF-8 CSV file, comma- or semicolon-separated, at most 1 MB. The first row lists the columns.',
    'admin.guides.import.check': 'Check the file (saves nothing)',
    'admin.guides.import.run': 'Import',
    'admin.guides.import.confirm': 'Import these {n} sheets',
    'admin.guides.import.ok': 'The file is correct: {n} sheets ready to import. Nothing has been saved yet.',
    'admin.guides.import.bad': 'The file has {n} problems: no sheet was imported. Correct the file and try again.',
    'admin.guides.import.done': '{n} sheets imported.',
    'admin.guides.import.columns': 'Columns of the file',
    'admin.guides.import.missing': 'choose a CSV file',
    'admin.guides.export': 'Export every sheet as CSV',
    'admin.guides.row': 'Row',
    'admin.guides.column': 'Column',
    'admin.guides.problem': 'Problem',
    'admin.guides.status': 'Status',
    'admin.guides.updated': 'Updated',
    'editor.title': 'Edit the sheet',
    'editor.saved': 'Changes saved: version {n}.',
    'editor.unchanged': 'Nothing to save.',
    'editor.created': 'Sheet created as a draft.',
    'editor.restored': 'Restored the content of version {from}: it is now version {n}.',
    'editor.status': 'The sheet is now: {status}.',
    'editor.checked': 'Readability computed on the text in the form. Changes are not saved yet.',
    'editor.save': 'Save',
    'editor.check': 'Check readability',
    'editor.public': 'See the public page',
    'editor.preview': 'See the preview',
    'editor.version': 'Version {n}',
    'editor.main': 'Sheet',
    'editor.links': 'Links with meetings and help desks',
    'editor.faqs': 'Frequently asked questions',
    'editor.steps': 'Step-by-step guide',
    'editor.steps.hint': 'One step per box. Empty the text to remove a step. If you add an image, describe it.',
    'editor.step': 'Step {n}',
    'editor.step.text': 'Text of step {n}',
    'editor.step.image': 'Image of step {n} (address, optional)',
    'editor.step.alt': 'Description of the image of step {n}',
    'editor.faq.q': 'Question {n}',
    'editor.faq.a': 'Answer {n}',
    'editor.workflow': 'Status of the sheet',
    'editor.to.review': 'Send for review',
    'editor.to.published': 'Publish',
    'editor.to.draft': 'Back to draft',
    'editor.to.draft.published': 'Unpublish',
    'editor.versions': 'Versions',
    'editor.restore': 'Restore version {n}',
    'editor.current': 'current version',
    'field.name': 'Name of the service',
    'field.slug': 'Page address',
    'field.slug.hint': 'Last part of the address: lower-case letters, digits and dashes. Unique within your body.',
    'field.summary': 'What it is for',
    'field.summary.hint': 'One or two short sentences.',
    'field.audience': 'Who can use it',
    'field.category': 'Topic',
    'field.access': 'How to sign in',
    'field.url': 'Address of the online service',
    'field.cost': 'Cost',
    'field.times': 'Times',
    'field.lifeEvents': 'Related life events',
    'field.contacts': 'Contacts',
    'field.body': 'Text of the sheet',
    'field.body.hint': 'Markdown works: ## for headings, - for lists, **bold**, [text](https://address) for links.',
    'field.topics': 'Meeting topics',
    'field.topics.hint':
      'Codes separated by commas, e.g. spid, cie, pagopa, app-io, fascicolo-sanitario, anpr, pec, iscrizioni-scolastiche.',
    'field.deskServices': 'Help-desk services',
    'field.deskServices.hint': 'Codes separated by commas, e.g. spid, cie, pagopa, app-io, fse, anpr, aiuto-digitale.',
    'read.title': 'Readability (Gulpease index)',
    'read.intro': 'The Gulpease index goes from 0 to 100: the higher, the easier. We aim at 60 or more.',
    'read.summary': 'What it is for',
    'read.audience': 'Who can use it',
    'read.body': 'Text of the sheet',
    'read.steps': 'Steps of the guide',
    'read.faqs': 'Frequently asked questions',
    'read.score': '{score} out of 100',
    'read.counts': '{words} words, {sentences} sentences',
    'read.band.difficult': 'Difficult for most readers.',
    'read.band.hard': 'Difficult for people with basic schooling.',
    'read.band.fair': 'Easy for people with middle-school education.',
    'read.band.easy': 'Easy.',
    'read.hint.paragraph': 'Hard paragraph (index {value}): «{text}». Use shorter sentences and common words.',
    'read.hint.sentence': 'Long sentence ({value} words): «{text}». Split it in two or three.',
    'read.none': 'No hints: the text reads well.',
    'action.create': 'created',
    'action.import': 'imported',
    'action.edit': 'edited',
    'action.steps': 'steps edited',
    'action.status': 'status changed',
    'action.restore': 'restored from version {n}',
    'org.guides': 'Service guides',
    'guides.homeLink': 'Digital services guides: SPID, CIE, PagoPA and the other services in plain words',
  },
});

const STYLES = <link rel="stylesheet" href="/servizi/stile.css" />;

const catLabel = (c: string, l: Lang) => label(CATEGORY_LABELS, c, l);
const lifeLabel = (e: string, l: Lang) => label(LIFE_EVENT_LABELS, e, l);
const accessLabel = (a: string, l: Lang) => label(ACCESS_LABELS, a, l);
const statusLabel = (s: string, l: Lang) => label(STATUS_LABELS, s, l);

function Html(props: { html: string; class?: string }): VNode | null {
  if (!props.html) return null;
  // The HTML comes from renderMarkdown/renderInline, which sanitise with an allow-list.
  return <div class={props.class} dangerouslySetInnerHTML={{ __html: props.html }} />;
}

function InlineHtml(props: { html: string }): VNode {
  return <span dangerouslySetInnerHTML={{ __html: props.html }} />;
}

function StatusBadge(props: { status: SheetStatus; l: Lang }): VNode {
  return <span class={`ponte-guide-status ponte-guide-status-${props.status}`}>{statusLabel(props.status, props.l)}</span>;
}

function FormProblem(props: { errors: Errors }): VNode | null {
  return props.errors._ ? (
    <div class="alert alert-danger" role="alert">
      {props.errors._}
    </div>
  ) : null;
}

function Notice(props: { text?: string }): VNode | null {
  return props.text ? (
    <div class="alert alert-success" role="status">
      {props.text}
    </div>
  ) : null;
}

// ---------- public catalogue ----------

export interface CatalogueQuery {
  q: string;
  organisation: string;
  category: string;
  lifeEvent: string;
  offset: number;
  limit: number;
}

export interface Facets {
  organisations: { id: string; name: string; count: number }[];
  categories: Map<string, number>;
  lifeEvents: Map<string, number>;
}

function catalogueHref(q: Partial<CatalogueQuery>): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.organisation) p.set('organisation', q.organisation);
  if (q.category) p.set('category', q.category);
  if (q.lifeEvent) p.set('evento', q.lifeEvent);
  if (q.offset) p.set('offset', String(q.offset));
  const s = p.toString();
  return s ? `/servizi?${s}` : '/servizi';
}

function SheetCard(props: { s: SheetSummary; l: Lang; heading: 'h2' | 'h3' }): VNode {
  const { s, l } = props;
  const H = props.heading;
  return (
    <li class="ponte-card">
      <H>
        <a href={s.page}>{s.name}</a>
      </H>
      <p class="ponte-guide-meta">
        {s.organisation.name} · {catLabel(s.category, l)}
      </p>
      <p class="mb-0">{s.summary}</p>
    </li>
  );
}

export function CataloguePage(props: { ctx: PageContext; query: CatalogueQuery; result: ListResult; facets: Facets }): VNode {
  const l = props.ctx.lang;
  const { query, result, facets } = props;
  const filtered = !!(query.organisation || query.category || query.lifeEvent);
  const searching = !!query.q;
  const heading = searching
    ? result.total === 0
      ? t(l, 'guides.results.none', { q: query.q })
      : result.total === 1
        ? t(l, 'guides.results.one', { q: query.q })
        : t(l, 'guides.results', { n: result.total, q: query.q })
    : filtered
      ? t(l, 'guides.results.browse', { n: result.total })
      : t(l, 'guides.all');
  const title = searching ? `${query.q} · ${t(l, 'guides.title')}` : t(l, 'guides.title');
  return (
    <Layout ctx={props.ctx} title={title} head={STYLES} crumbs={[{ href: '/', label: t(l, 'nav.home') }, { label: t(l, 'guides.title') }]}>
      <h1>{t(l, 'guides.title')}</h1>
      <p class="lead">{t(l, 'guides.lead')}</p>
      <form method="get" action="/servizi" role="search" class="ponte-guide-search mb-4">
        <div class="ponte-guide-q">
          <TextField
            name="q"
            type="search"
            label={t(l, 'guides.search')}
            value={query.q}
            hint={t(l, 'guides.search.hint')}
            maxLength={200}
          />
        </div>
        <SelectField
          name="organisation"
          label={t(l, 'guides.filter.organisation')}
          value={query.organisation}
          placeholder={t(l, 'guides.filter.any')}
          options={facets.organisations.map((o) => ({ value: o.id, label: `${o.name} (${o.count})` }))}
        />
        <SelectField
          name="category"
          label={t(l, 'guides.filter.category')}
          value={query.category}
          placeholder={t(l, 'guides.filter.any')}
          options={CATEGORIES.filter((c) => facets.categories.has(c)).map((c) => ({
            value: c,
            label: `${catLabel(c, l)} (${facets.categories.get(c)})`,
          }))}
        />
        <SelectField
          name="evento"
          label={t(l, 'guides.filter.lifeEvent')}
          value={query.lifeEvent}
          placeholder={t(l, 'guides.filter.any')}
          options={LIFE_EVENTS.filter((e) => facets.lifeEvents.has(e)).map((e) => ({
            value: e,
            label: `${lifeLabel(e, l)} (${facets.lifeEvents.get(e)})`,
          }))}
        />
        <div class="ponte-guide-q">
          <button type="submit" class="btn btn-primary">
            {t(l, 'guides.search.button')}
          </button>
          {searching || filtered ? (
            <a href="/servizi" class="ms-3">
              {t(l, 'guides.reset')}
            </a>
          ) : null}
        </div>
      </form>

      {!searching && !filtered ? (
        <div class="row">
          <section class="col-12 col-lg-6" aria-labelledby="by-life-event">
            <h2 class="h4" id="by-life-event">
              {t(l, 'guides.byLifeEvent')}
            </h2>
            <ul class="ponte-guide-chips mb-4">
              {LIFE_EVENTS.filter((e) => facets.lifeEvents.has(e)).map((e) => (
                <li>
                  <a href={catalogueHref({ lifeEvent: e })}>{lifeLabel(e, l)}</a>
                </li>
              ))}
            </ul>
          </section>
          <section class="col-12 col-lg-6" aria-labelledby="by-category">
            <h2 class="h4" id="by-category">
              {t(l, 'guides.byCategory')}
            </h2>
            <ul class="ponte-guide-chips mb-4">
              {CATEGORIES.filter((c) => facets.categories.has(c)).map((c) => (
                <li>
                  <a href={catalogueHref({ category: c })}>{catLabel(c, l)}</a>
                </li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}

      <section aria-labelledby="results">
        <h2 class="h3" id="results" aria-live="polite">
          {heading}
        </h2>
        {result.corrections.length > 0 ? (
          <p>
            {result.corrections.map((c) => (
              <span class="d-block">{t(l, 'guides.corrected', { from: c.from, to: c.to })}</span>
            ))}
          </p>
        ) : null}
        {result.mode === 'any' && result.total > 0 ? <p>{t(l, 'guides.partial')}</p> : null}
        <ul class="ponte-guide-list">
          {result.items.map((s) => (
            <SheetCard s={s} l={l} heading="h3" />
          ))}
        </ul>
        {query.offset > 0 || query.offset + result.items.length < result.total ? (
          <nav aria-label={t(l, 'guides.pages')}>
            <ul class="ponte-actions list-unstyled">
              {query.offset > 0 ? (
                <li>
                  <a href={catalogueHref({ ...query, offset: Math.max(0, query.offset - query.limit) })}>{t(l, 'guides.prev')}</a>
                </li>
              ) : null}
              {query.offset + result.items.length < result.total ? (
                <li>
                  <a href={catalogueHref({ ...query, offset: query.offset + query.limit })}>{t(l, 'guides.next')}</a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </Layout>
  );
}

export function ChoicePage(props: { ctx: PageContext; choices: SheetSummary[] }): VNode {
  const l = props.ctx.lang;
  const name = props.choices[0]?.name ?? t(l, 'guides.title');
  return (
    <Layout
      ctx={props.ctx}
      title={name}
      head={STYLES}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/servizi', label: t(l, 'guides.title') }, { label: name }]}
    >
      <h1>{name}</h1>
      <p class="lead">{t(l, 'sheet.choose')}</p>
      <ul class="ponte-guide-list">
        {props.choices.map((s) => (
          <SheetCard s={s} l={l} heading="h2" />
        ))}
      </ul>
    </Layout>
  );
}

// ---------- a sheet ----------

function Facts(props: { s: Sheet; l: Lang }): VNode {
  const { s, l } = props;
  return (
    <dl class="ponte-guide-facts">
      {s.audience ? (
        <>
          <dt>{t(l, 'sheet.audience')}</dt>
          <dd>{s.audience}</dd>
        </>
      ) : null}
      {s.access.length > 0 ? (
        <>
          <dt>{t(l, 'sheet.access')}</dt>
          <dd>{s.access.map((a) => accessLabel(a, l)).join(', ')}</dd>
        </>
      ) : null}
      {s.cost ? (
        <>
          <dt>{t(l, 'sheet.cost')}</dt>
          <dd>{s.cost}</dd>
        </>
      ) : null}
      {s.times ? (
        <>
          <dt>{t(l, 'sheet.times')}</dt>
          <dd>{s.times}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Steps(props: { s: Sheet; printable?: boolean }): VNode {
  return (
    <ol class="ponte-guide-steps">
      {props.s.steps.map((step) => (
        <li>
          <InlineHtml html={renderInline(step.text)} />
          {step.imageUrl ? (
            step.imageUrl.startsWith('/') ? (
              <img src={step.imageUrl} alt={step.imageAlt ?? ''} loading="lazy" />
            ) : (
              <span class="d-block">
                <a href={step.imageUrl}>{step.imageAlt ?? step.imageUrl}</a>
              </span>
            )
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Faqs(props: { s: Sheet; level: 3 | 2 }): VNode {
  const H = props.level === 3 ? 'h3' : 'h2';
  return (
    <>
      {props.s.faqs.map((f) => (
        <div class="mb-3">
          <H class="h5">{f.question}</H>
          <Html html={renderMarkdown(f.answer, 4)} />
        </div>
      ))}
    </>
  );
}

export function SheetPage(props: {
  ctx: PageContext;
  sheet: Sheet;
  preview: boolean;
  events: EventLink[];
  desks: DeskLink[];
  canEdit: boolean;
}): VNode {
  const l = props.ctx.lang;
  const s = props.sheet;
  const base = props.preview ? `/servizi/${s.id}` : s.page;
  return (
    <Layout
      ctx={props.ctx}
      title={s.name}
      head={STYLES}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/servizi', label: t(l, 'guides.title') }, { label: s.name }]}
    >
      <article class="ponte-guide-sheet">
        {props.preview ? (
          <div class="alert alert-warning" role="status">
            {t(l, 'sheet.preview', { status: statusLabel(s.status, l) })}
          </div>
        ) : null}
        <h1>{s.name}</h1>
        <p class="ponte-guide-meta">
          {t(l, 'sheet.by', { org: s.organisation.name })} · <a href={catalogueHref({ category: s.category })}>{catLabel(s.category, l)}</a>{' '}
          · {t(l, 'sheet.updated', { date: formatDate(s.updatedAt.slice(0, 10), l) })}
        </p>
        <p class="lead">{s.summary}</p>
        {s.url ? (
          <p>
            <a class="btn btn-primary ponte-guide-service-link" href={s.url} rel="noopener">
              {t(l, 'sheet.online')}
              <span class="visually-hidden">: {s.name}</span>
            </a>
          </p>
        ) : null}
        <h2>{t(l, 'sheet.facts')}</h2>
        <Facts s={s} l={l} />
        {s.body ? (
          <section aria-labelledby="sheet-body">
            <h2 id="sheet-body">{t(l, 'sheet.body')}</h2>
            <Html html={renderMarkdown(s.body, 3)} class="ponte-guide-body" />
          </section>
        ) : null}
        {s.steps.length > 0 ? (
          <section aria-labelledby="sheet-steps">
            <h2 id="sheet-steps">{t(l, 'sheet.steps')}</h2>
            <Steps s={s} />
          </section>
        ) : null}
        {s.faqs.length > 0 ? (
          <section aria-labelledby="sheet-faqs">
            <h2 id="sheet-faqs">{t(l, 'sheet.faqs')}</h2>
            <Faqs s={s} level={3} />
          </section>
        ) : null}
        {s.contacts ? (
          <section aria-labelledby="sheet-contacts">
            <h2 id="sheet-contacts">{t(l, 'sheet.contacts')}</h2>
            <Html html={renderMarkdown(s.contacts, 3)} />
          </section>
        ) : null}
        <section aria-labelledby="sheet-help">
          <h2 id="sheet-help">{t(l, 'sheet.help')}</h2>
          {props.events.length > 0 ? (
            <>
              <h3 class="h4">{t(l, 'sheet.help.events')}</h3>
              <ul>
                {props.events.map((e) => (
                  <li>
                    <a href={e.page}>{e.title}</a>
                    <span class="d-block">
                      {formatRome(e.start, l)}
                      {e.place ? ` · ${e.place}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {props.desks.length > 0 ? (
            <>
              <h3 class="h4">{t(l, 'sheet.help.desks')}</h3>
              <ul>
                {props.desks.map((d) => (
                  <li>
                    {d.page ? <a href={d.page}>{d.name}</a> : d.name}
                    {d.place ? <span class="d-block">{d.place}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {props.events.length === 0 && props.desks.length === 0 ? <p>{t(l, 'sheet.help.none')}</p> : null}
        </section>
        {s.lifeEvents.length > 0 ? (
          <section aria-labelledby="sheet-life">
            <h2 id="sheet-life" class="h4">
              {t(l, 'sheet.lifeEvents')}
            </h2>
            <ul class="ponte-guide-chips">
              {s.lifeEvents.map((e) => (
                <li>
                  <a href={catalogueHref({ lifeEvent: e })}>{lifeLabel(e, l)}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <p class="mt-4 ponte-noprint">
          <a href={`${base}/stampa`}>{t(l, 'sheet.print')}</a>
          {props.canEdit ? (
            <>
              {' · '}
              <a href={`/admin/servizi/${s.id}`}>{t(l, 'sheet.edit')}</a>
            </>
          ) : null}
        </p>
      </article>
    </Layout>
  );
}

/** The printable version: its own simple page in large type, with a print stylesheet. */
export function PrintPage(props: { ctx: PageContext; sheet: Sheet; sheetPath: string; absoluteUrl: string; now: string }): VNode {
  const l = props.ctx.lang;
  const s = props.sheet;
  return (
    <html lang={l}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${s.name} · ${t(l, 'sheet.print')} · Ponte`}</title>
        <FaviconLinks />
        <link rel="stylesheet" href={assetUrl('fonts.css')} />
        <link rel="stylesheet" href="/servizi/stile.css" />
      </head>
      <body>
        <main class="ponte-print">
          <p class="ponte-print-tools">
            {t(l, 'print.tools')} <a href={props.sheetPath}>{t(l, 'print.back')}</a>
          </p>
          <p>{s.organisation.name}</p>
          <h1>{s.name}</h1>
          <p>
            <strong>{s.summary}</strong>
          </p>
          {s.url ? (
            <p>
              {t(l, 'sheet.online')}: <a href={s.url}>{s.url}</a>
            </p>
          ) : null}
          <h2>{t(l, 'sheet.facts')}</h2>
          <Facts s={s} l={l} />
          {s.steps.length > 0 ? (
            <>
              <h2>{t(l, 'sheet.steps')}</h2>
              <Steps s={s} printable />
            </>
          ) : null}
          {s.body ? (
            <>
              <h2>{t(l, 'sheet.body')}</h2>
              <Html html={renderMarkdown(s.body, 3)} />
            </>
          ) : null}
          {s.faqs.length > 0 ? (
            <>
              <h2>{t(l, 'sheet.faqs')}</h2>
              <Faqs s={s} level={3} />
            </>
          ) : null}
          {s.contacts ? (
            <>
              <h2>{t(l, 'sheet.contacts')}</h2>
              <Html html={renderMarkdown(s.contacts, 3)} />
            </>
          ) : null}
          <p class="mt-4">{t(l, 'print.printed', { date: formatRome(props.now, l, 'd LLLL yyyy'), url: props.absoluteUrl })}</p>
        </main>
      </body>
    </html>
  );
}

// ---------- back office: list, new, import, export ----------

interface OrgRef {
  id: string;
  name: string;
}

const orgCrumbs = (ctx: PageContext, org: OrgRef, last?: string) => [
  { href: '/admin', label: t(ctx.lang, 'nav.backoffice') },
  { href: `/admin/organisations/${org.id}`, label: org.name },
  ...(last ? [{ label: last }] : []),
];

function ProblemsTable(props: { problems: RowProblem[]; l: Lang }): VNode {
  const l = props.l;
  return (
    <div class="table-responsive">
      <table class="table ponte-guide-problems">
        <caption class="visually-hidden">{t(l, 'admin.guides.problem')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'admin.guides.row')}</th>
            <th scope="col">{t(l, 'admin.guides.column')}</th>
            <th scope="col">{t(l, 'admin.guides.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {props.problems.map((p) => (
            <tr>
              <td>{p.row}</td>
              <td>{p.column || '—'}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AdminListPage(props: {
  ctx: PageContext;
  organisation: OrgRef;
  sheets: SheetSummary[];
  errors?: Errors;
  values?: Record<string, string>;
  report?: ImportReport;
  /** The checked file, base64, carried to the confirm button. */
  pending?: string;
  notice?: string;
}): VNode {
  const l = props.ctx.lang;
  const org = props.organisation;
  const errors = props.errors ?? {};
  const v = props.values ?? {};
  const r = props.report;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'admin.guides')} · ${org.name}`}
      head={STYLES}
      crumbs={orgCrumbs(props.ctx, org, t(l, 'admin.guides'))}
    >
      <h1>{t(l, 'admin.guides')}</h1>
      <Notice text={props.notice} />
      {props.sheets.length === 0 ? <p>{t(l, 'admin.guides.none')}</p> : null}
      {props.sheets.length > 0 ? (
        <div class="table-responsive">
          <table class="table">
            <caption class="visually-hidden">{t(l, 'admin.guides')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, 'field.name')}</th>
                <th scope="col">{t(l, 'admin.guides.status')}</th>
                <th scope="col">{t(l, 'field.category')}</th>
                <th scope="col">{t(l, 'admin.guides.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {props.sheets.map((s) => (
                <tr>
                  <td>
                    <a href={`/admin/servizi/${s.id}`}>{s.name}</a>
                  </td>
                  <td>
                    <StatusBadge status={s.status} l={l} />
                  </td>
                  <td>{catLabel(s.category, l)}</td>
                  <td>{formatDate(s.updatedAt.slice(0, 10), l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <a href={`/api/v1/organisations/${org.id}/services/export.csv`}>{t(l, 'admin.guides.export')}</a>
      </p>

      <h2 class="h4 mt-4" id="new-sheet">
        {t(l, 'admin.guides.new')}
      </h2>
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
      <FormProblem errors={errors} />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={`/admin/organisations/${org.id}/servizi`} csrf={props.ctx.csrf}>
          <TextField name="name" label={t(l, 'field.name')} required value={v.name} error={errors.name} maxLength={200} />
          <SelectField
            name="category"
            label={t(l, 'field.category')}
            required
            value={v.category}
            error={errors.category}
            options={CATEGORIES.map((c) => ({ value: c, label: catLabel(c, l) }))}
          />
          <TextArea
            name="summary"
            label={t(l, 'field.summary')}
            required
            value={v.summary}
            error={errors.summary}
            hint={t(l, 'field.summary.hint')}
            maxLength={1000}
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'admin.guides.create')}
          </button>
        </Form>
      </div>

      <h2 class="h4 mt-5" id="import">
        {t(l, 'admin.guides.import')}
      </h2>
      {r && !r.dryRun && r.ok ? <Notice text={t(l, 'admin.guides.import.done', { n: r.created })} /> : null}
      {r && !r.ok ? (
        <div class="alert alert-danger" role="alert">
          {t(l, 'admin.guides.import.bad', { n: r.problems.length })}
        </div>
      ) : null}
      {r && !r.ok ? <ProblemsTable problems={r.problems} l={l} /> : null}
      {r?.dryRun && r.ok ? (
        <>
          <div class="alert alert-success" role="status">
            {t(l, 'admin.guides.import.ok', { n: r.preview.length })}
          </div>
          <ul>
            {r.preview.map((p) => (
              <li>
                {t(l, 'admin.guides.row')} {p.row}: {p.name} ({p.slug}, {statusLabel(p.status, l)})
              </li>
            ))}
          </ul>
          <form method="post" action={`/admin/organisations/${org.id}/servizi/import`} encType="multipart/form-data" class="mb-4">
            <input type="hidden" name="_csrf" value={props.ctx.csrf ?? ''} />
            <input type="hidden" name="pending" value={props.pending ?? ''} />
            <button type="submit" name="intent" value="import" class="btn btn-primary">
              {t(l, 'admin.guides.import.confirm', { n: r.preview.length })}
            </button>
          </form>
        </>
      ) : null}
      <form method="post" action={`/admin/organisations/${org.id}/servizi/import`} encType="multipart/form-data" noValidate>
        <input type="hidden" name="_csrf" value={props.ctx.csrf ?? ''} />
        <div class="mb-3 ponte-field">
          <label class="form-label" for="f-file">
            {t(l, 'admin.guides.import.file')}
          </label>
          <input
            class={`form-control${errors.file ? ' is-invalid' : ''}`}
            type="file"
            id="f-file"
            name="file"
            accept=".csv,text/csv"
            aria-describedby={errors.file ? 'h-file e-file' : 'h-file'}
          />
          <small id="h-file" class="form-text d-block">
            {t(l, 'admin.guides.import.hint')}
          </small>
          {errors.file ? (
            <div id="e-file" class="ponte-field-error">
              {errors.file}
            </div>
          ) : null}
        </div>
        <div class="ponte-actions">
          <button type="submit" name="intent" value="check" class="btn btn-primary">
            {t(l, 'admin.guides.import.check')}
          </button>
          <button type="submit" name="intent" value="import" class="btn btn-outline-primary">
            {t(l, 'admin.guides.import.run')}
          </button>
        </div>
      </form>
      <details class="mt-3">
        <summary>{t(l, 'admin.guides.import.columns')}</summary>
        <p>
          <code>{COLUMNS.join(',')}</code>
        </p>
        <ul>
          <li>name, summary, category: obbligatorie. category: {CATEGORIES.join(', ')}.</li>
          <li>
            access: {ACCESS_METHODS.join(', ')}, separati da |. life_events: {LIFE_EVENTS.join(', ')}, separati da |.
          </li>
          <li>topics, desk_services: codici separati da |.</li>
          <li>url: indirizzo completo che inizia con https://.</li>
          <li>
            faqs: JSON, ad esempio [{'{'}"question": "…", "answer": "…"{'}'}]. steps: JSON, ad esempio [{'{'}"text": "…"{'}'}].
          </li>
          <li>status: draft, review o published (anche bozza, revisione, pubblicata). slug vuoto: viene creato dal nome.</li>
        </ul>
      </details>
    </Layout>
  );
}

// ---------- the editor ----------

type FormValues = Record<string, string | string[] | undefined>;
const val = (v: FormValues, k: string): string => {
  const x = v[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};
const vals = (v: FormValues, k: string): string[] => {
  const x = v[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

/** The editor's form values of a sheet. */
export function editorValues(s: Sheet): FormValues {
  const out: FormValues = {
    name: s.name,
    slug: s.slug,
    summary: s.summary,
    audience: s.audience ?? '',
    category: s.category,
    access: s.access,
    url: s.url ?? '',
    cost: s.cost ?? '',
    times: s.times ?? '',
    lifeEvents: s.lifeEvents,
    contacts: s.contacts ?? '',
    body: s.body,
    topics: s.topics.join(', '),
    deskServices: s.deskServices.join(', '),
    version: String(s.version),
  };
  s.steps.forEach((st, i) => {
    out[`step_text_${i + 1}`] = st.text;
    out[`step_image_${i + 1}`] = st.imageUrl ?? '';
    out[`step_alt_${i + 1}`] = st.imageAlt ?? '';
  });
  s.faqs.forEach((f, i) => {
    out[`faq_q_${i + 1}`] = f.question;
    out[`faq_a_${i + 1}`] = f.answer;
  });
  return out;
}

/** How many numbered rows the form holds: the filled ones plus two empty ones. */
function rowsOf(v: FormValues, prefix: string): number {
  let last = 0;
  for (const k of Object.keys(v)) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(k);
    if (m && val(v, k).trim()) last = Math.max(last, Number(m[1]));
  }
  return Math.min(last + 2, 52);
}

function CheckboxGroup(props: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  error?: string;
}): VNode {
  return (
    <fieldset class="mb-3" aria-describedby={props.error ? `e-${props.name}` : undefined}>
      <legend class="h6" id={`f-${props.name}`} tabIndex={-1}>
        {props.legend}
      </legend>
      {props.error ? (
        <div class="ponte-field-error" id={`e-${props.name}`}>
          {props.error}
        </div>
      ) : null}
      {props.options.map((o) => (
        <div class="form-check">
          <input
            class="form-check-input"
            type="checkbox"
            name={props.name}
            value={o.value}
            id={`f-${props.name}-${o.value}`}
            checked={props.checked.includes(o.value)}
          />
          <label class="form-check-label" for={`f-${props.name}-${o.value}`}>
            {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function ReadabilityPanel(props: { l: Lang; texts: TextReadability[] }): VNode {
  const l = props.l;
  const band = (b: Band | null) => (b ? t(l, `read.band.${b}`) : '');
  return (
    <section class="ponte-readability" aria-labelledby="readability" id="leggibilita">
      <h2 class="h4" id="readability">
        {t(l, 'read.title')}
      </h2>
      <p>{t(l, 'read.intro')}</p>
      {props.texts.map(({ key, result }) => (
        <ReadabilityOf l={l} label={t(l, `read.${key}`)} result={result} band={band(result.band)} id={`read-${key}`} />
      ))}
    </section>
  );
}

function ReadabilityOf(props: { l: Lang; label: string; result: Readability; band: string; id: string }): VNode {
  const { l, result } = props;
  return (
    <div id={props.id} data-score={result.score ?? ''}>
      <h3>{props.label}</h3>
      <p class="mb-1">
        <span class={`ponte-readability-score ponte-band-${result.band}`}>{t(l, 'read.score', { score: result.score ?? 0 })}</span>{' '}
        <span>{props.band}</span>
      </p>
      <p class="mb-1 small">{t(l, 'read.counts', { words: result.words, sentences: result.sentences })}</p>
      {result.hints.length > 0 ? (
        <ul>
          {result.hints.map((h) => (
            <li>{t(l, h.kind === 'paragraph' ? 'read.hint.paragraph' : 'read.hint.sentence', { value: h.value, text: h.excerpt })}</li>
          ))}
        </ul>
      ) : (
        <p class="small">{t(l, 'read.none')}</p>
      )}
    </div>
  );
}

function actionLabel(v: Version, l: Lang): string {
  if (v.action === 'restore') return t(l, 'action.restore', { n: v.restoredFrom ?? '?' });
  if (v.action === 'status') return `${t(l, 'action.status')}: ${statusLabel(v.status, l)}`;
  return t(l, `action.${v.action}`);
}

export function EditorPage(props: {
  ctx: PageContext;
  sheet: Sheet;
  values: FormValues;
  errors?: Errors;
  readability: TextReadability[];
  versions: Version[];
  notice?: string;
}): VNode {
  const l = props.ctx.lang;
  const s = props.sheet;
  const v = props.values;
  const e = props.errors ?? {};
  const steps = rowsOf(v, 'step_text_');
  const faqs = rowsOf(v, 'faq_q_');
  const org = s.organisation;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'editor.title')}: ${s.name}`}
      head={STYLES}
      crumbs={[
        ...orgCrumbs(props.ctx, org),
        { href: `/admin/organisations/${org.id}/servizi`, label: t(l, 'admin.guides') },
        { label: s.name },
      ]}
    >
      <h1>{s.name}</h1>
      <p>
        <StatusBadge status={s.status} l={l} /> {t(l, 'editor.version', { n: s.version })} ·{' '}
        <a href={s.status === 'published' ? s.page : `/servizi/${s.id}`}>
          {s.status === 'published' ? t(l, 'editor.public') : t(l, 'editor.preview')}
        </a>
      </p>
      <Notice text={props.notice} />
      <ErrorSummary errors={e} title={t(l, 'form.errors')} />
      <FormProblem errors={e} />

      <section aria-labelledby="workflow" class="mb-4">
        <h2 class="h4" id="workflow">
          {t(l, 'editor.workflow')}
        </h2>
        <div class="ponte-guide-workflow">
          {TRANSITIONS[s.status].map((to) => (
            <Form action={`/admin/servizi/${s.id}/stato`} csrf={props.ctx.csrf}>
              <input type="hidden" name="status" value={to} />
              <input type="hidden" name="version" value={String(s.version)} />
              <button type="submit" class={to === 'published' ? 'btn btn-primary' : 'btn btn-outline-primary'}>
                {to === 'draft' && s.status === 'published' ? t(l, 'editor.to.draft.published') : t(l, `editor.to.${to}`)}
              </button>
            </Form>
          ))}
        </div>
      </section>

      <div class="row">
        <div class="col-12 col-lg-8">
          <Form action={`/admin/servizi/${s.id}`} csrf={props.ctx.csrf}>
            <input type="hidden" name="version" value={val(v, 'version')} />
            <fieldset class="ponte-guide-fieldset">
              <legend>{t(l, 'editor.main')}</legend>
              <TextField name="name" label={t(l, 'field.name')} required value={val(v, 'name')} error={e.name} maxLength={200} />
              <TextField
                name="slug"
                label={t(l, 'field.slug')}
                required
                value={val(v, 'slug')}
                error={e.slug}
                hint={t(l, 'field.slug.hint')}
                maxLength={80}
              />
              <TextArea
                name="summary"
                label={t(l, 'field.summary')}
                required
                value={val(v, 'summary')}
                error={e.summary}
                hint={t(l, 'field.summary.hint')}
                maxLength={1000}
              />
              <TextArea name="audience" label={t(l, 'field.audience')} value={val(v, 'audience')} error={e.audience} maxLength={2000} />
              <SelectField
                name="category"
                label={t(l, 'field.category')}
                required
                value={val(v, 'category')}
                error={e.category}
                options={CATEGORIES.map((c) => ({ value: c, label: catLabel(c, l) }))}
              />
              <CheckboxGroup
                name="access"
                legend={t(l, 'field.access')}
                options={ACCESS_METHODS.map((a) => ({ value: a, label: accessLabel(a, l) }))}
                checked={vals(v, 'access')}
                error={e.access}
              />
              <TextField name="url" type="url" label={t(l, 'field.url')} value={val(v, 'url')} error={e.url} maxLength={500} />
              <TextField name="cost" label={t(l, 'field.cost')} value={val(v, 'cost')} error={e.cost} maxLength={500} />
              <TextField name="times" label={t(l, 'field.times')} value={val(v, 'times')} error={e.times} maxLength={500} />
              <CheckboxGroup
                name="lifeEvents"
                legend={t(l, 'field.lifeEvents')}
                options={LIFE_EVENTS.map((x) => ({ value: x, label: lifeLabel(x, l) }))}
                checked={vals(v, 'lifeEvents')}
                error={e.lifeEvents}
              />
              <TextArea
                name="body"
                label={t(l, 'field.body')}
                value={val(v, 'body')}
                error={e.body}
                hint={t(l, 'field.body.hint')}
                rows={14}
                maxLength={50000}
              />
              <TextArea name="contacts" label={t(l, 'field.contacts')} value={val(v, 'contacts')} error={e.contacts} maxLength={2000} />
            </fieldset>

            <fieldset class="ponte-guide-fieldset">
              <legend>{t(l, 'editor.steps')}</legend>
              <p class="small">{t(l, 'editor.steps.hint')}</p>
              {Array.from({ length: steps }, (_, i) => i + 1).map((n) => (
                <div class="mb-3">
                  <p class="fw-bold mb-1">{t(l, 'editor.step', { n })}</p>
                  <TextArea
                    name={`step_text_${n}`}
                    label={t(l, 'editor.step.text', { n })}
                    value={val(v, `step_text_${n}`)}
                    error={e[`step_text_${n}`]}
                    rows={2}
                    maxLength={4000}
                  />
                  <TextField
                    name={`step_image_${n}`}
                    label={t(l, 'editor.step.image', { n })}
                    value={val(v, `step_image_${n}`)}
                    error={e[`step_image_${n}`]}
                    maxLength={500}
                  />
                  <TextField
                    name={`step_alt_${n}`}
                    label={t(l, 'editor.step.alt', { n })}
                    value={val(v, `step_alt_${n}`)}
                    error={e[`step_alt_${n}`]}
                    maxLength={300}
                  />
                </div>
              ))}
            </fieldset>

            <fieldset class="ponte-guide-fieldset">
              <legend>{t(l, 'editor.faqs')}</legend>
              {Array.from({ length: faqs }, (_, i) => i + 1).map((n) => (
                <div class="mb-3">
                  <TextField
                    name={`faq_q_${n}`}
                    label={t(l, 'editor.faq.q', { n })}
                    value={val(v, `faq_q_${n}`)}
                    error={e[`faq_q_${n}`]}
                    maxLength={300}
                  />
                  <TextArea
                    name={`faq_a_${n}`}
                    label={t(l, 'editor.faq.a', { n })}
                    value={val(v, `faq_a_${n}`)}
                    error={e[`faq_a_${n}`]}
                    rows={2}
                    maxLength={4000}
                  />
                </div>
              ))}
            </fieldset>

            <fieldset class="ponte-guide-fieldset">
              <legend>{t(l, 'editor.links')}</legend>
              <TextField
                name="topics"
                label={t(l, 'field.topics')}
                value={val(v, 'topics')}
                error={e.topics}
                hint={t(l, 'field.topics.hint')}
                maxLength={500}
              />
              <TextField
                name="deskServices"
                label={t(l, 'field.deskServices')}
                value={val(v, 'deskServices')}
                error={e.deskServices}
                hint={t(l, 'field.deskServices.hint')}
                maxLength={500}
              />
            </fieldset>

            <div class="ponte-actions mb-4">
              <button type="submit" name="intent" value="save" class="btn btn-primary">
                {t(l, 'editor.save')}
              </button>
              <button type="submit" name="intent" value="check" class="btn btn-outline-primary">
                {t(l, 'editor.check')}
              </button>
            </div>
          </Form>
        </div>
        <div class="col-12 col-lg-4">
          <ReadabilityPanel l={l} texts={props.readability} />
        </div>
      </div>

      <section aria-labelledby="versions" class="mt-4">
        <h2 class="h4" id="versions">
          {t(l, 'editor.versions')}
        </h2>
        <ol class="list-unstyled" reversed>
          {props.versions.map((ver) => (
            <li class="ponte-card">
              <span class="fw-bold">{t(l, 'editor.version', { n: ver.number })}</span>
              {ver.number === s.version ? ` (${t(l, 'editor.current')})` : ''} · {formatRome(ver.createdAt, l, "d LLLL yyyy 'ore' HH:mm")}
              {ver.author ? ` · ${ver.author}` : ''} · {actionLabel(ver, l)}
              <span class="d-block small">
                {ver.content.name} — {statusLabel(ver.status, l)}
              </span>
              {ver.number !== s.version ? (
                <Form action={`/admin/servizi/${s.id}/versioni/${ver.id}/ripristina`} csrf={props.ctx.csrf} class="mt-2">
                  <button type="submit" class="btn btn-outline-primary btn-sm">
                    {t(l, 'editor.restore', { n: ver.number })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
