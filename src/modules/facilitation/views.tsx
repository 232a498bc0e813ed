import type { ComponentChildren, VNode } from 'preact';
import { addMessages, type Lang, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { ErrorSummary, type Errors, Form, SelectField, TextArea, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { Venue } from '../organisations/service.js';
import type { Programme } from '../programmes/service.js';
import {
  AGE_BAND_KEYS,
  AGE_BAND_LABEL,
  type AgeBand,
  AREAS,
  CITIZENSHIP,
  COMPETENCES_SHORT,
  CONSENT_CHANNELS,
  CONSENT_LABELS,
  type CodeList,
  DISCOVERY,
  EDUCATION,
  EMPLOYMENT,
  type Gender,
  HELPERS,
  KINDS,
  REASONS,
  RETURN,
  SERVICES_SHORT,
} from './codes.js';
import type { BreakdownItem, Dashboard, TargetProgress } from './dashboard.js';
import type { ImportReport } from './imports.js';
import type { Breakdown } from './schemas.js';
import type { EditRight, FacilitationSettings, Lookup, QuestionnaireView, RecordView } from './service.js';
import { BarChart, ProgressBar } from './svg.js';

addMessages({
  it: {
    'fac.title.new': 'Registra un servizio di facilitazione',
    'fac.title.edit': 'Servizio di facilitazione del {date}',
    'fac.title.mine': 'I miei servizi di facilitazione',
    'fac.citizen': 'Cittadino',
    'fac.cf': 'Codice fiscale',
    'fac.cf.hint':
      'Obbligatorio nei programmi che rendicontano alla piattaforma nazionale. Cerca prima il codice: se il cittadino è già stato servito, il suo profilo viene precompilato. Genere e fascia di età sono ricavati dal codice.',
    'fac.cf.lookup': 'Cerca il cittadino',
    'fac.cf.known': 'Cittadino già registrato: profilo precompilato. Controlla che sia ancora corretto.',
    'fac.cf.new': 'Nuovo cittadino: compila il profilo.',
    'fac.cf.derived': 'Dal codice fiscale: {gender}, fascia di età {band}.',
    'fac.identifier': 'Altro identificativo (facoltativo)',
    'fac.identifier.hint':
      'Solo nei programmi che non rendicontano alla piattaforma nazionale e senza codice fiscale: ad esempio il numero di tessera della biblioteca. Se indicato, conta il cittadino una sola volta; ne viene conservata solo un’impronta cifrata.',
    'fac.service': 'Il servizio',
    'fac.programme': 'Programma',
    'fac.programme.choose': 'Scegli il programma',
    'fac.venue': 'Sede o punto di facilitazione',
    'fac.venue.choose': 'Scegli la sede',
    'fac.date': 'Data del servizio',
    'fac.firstName': 'Nome del cittadino',
    'fac.lastName': 'Cognome del cittadino',
    'fac.names.hint':
      'Nome e cognome servono solo ai programmi che rendicontano alla piattaforma nazionale (sono cifrati e inviati solo a lei). Negli altri programmi lasciali vuoti.',
    'fac.duration': 'Durata (ore:minuti)',
    'fac.duration.hint': 'Ad esempio 00:30 per mezz’ora, al massimo 12:00.',
    'fac.kinds': 'Tipo di servizio',
    'fac.competences': 'Competenze trattate',
    'fac.competences.hint': 'Le aree di competenza (campo SE4 nazionale) sono ricavate da queste.',
    'fac.services': 'Servizi pubblici digitali trattati',
    'fac.details': 'Dettagli (facoltativo, al massimo 600 caratteri)',
    'fac.profile': 'Profilo del cittadino',
    'fac.education': 'Titolo di studio',
    'fac.employment': 'Condizione occupazionale',
    'fac.citizenship': 'Cittadinanza',
    'fac.province': 'Provincia di domicilio',
    'fac.province.hint': 'Il nome per intero, ad esempio Prato, oppure la sigla (PO).',
    'fac.gender': 'Genere (senza codice fiscale)',
    'fac.ageBand': 'Fascia di età (senza codice fiscale)',
    'fac.choose': 'Scegli',
    'fac.consent': 'Consenso al trattamento dei dati',
    'fac.consent.channel': 'Come è stato raccolto',
    'fac.consent.date': 'Data del consenso',
    'fac.save': 'Registra il servizio',
    'fac.update': 'Salva le modifiche',
    'fac.delete': 'Elimina il servizio',
    'fac.saved': 'Servizio registrato.',
    'fac.saved.new': 'Servizio registrato per un nuovo cittadino.',
    'fac.saved.known': 'Servizio registrato per un cittadino già servito.',
    'fac.saved.edit': 'Modifiche salvate.',
    'fac.deleted': 'Servizio eliminato.',
    'fac.another': 'Puoi registrare il prossimo servizio qui sotto.',
    'fac.mine.none': 'Non hai ancora registrato servizi.',
    'fac.mine.new': 'Registra un nuovo servizio',
    'fac.mine.more': 'Servizi meno recenti',
    'fac.edit': 'Modifica',
    'fac.view': 'Apri',
    'fac.window': 'Modificabile fino al {date}',
    'fac.window.closed': 'Solo lo staff può modificarlo',
    'fac.questionnaire': 'Questionario di soddisfazione',
    'fac.questionnaire.not_sent': 'Non inviato',
    'fac.questionnaire.sent': 'Inviato',
    'fac.questionnaire.answered': 'Compilato',
    'fac.questionnaire.email': 'E-mail del cittadino',
    'fac.questionnaire.hint': 'Riceverà un collegamento personale alle sei domande. L’indirizzo non viene conservato.',
    'fac.questionnaire.send': 'Invia il questionario',
    'fac.questionnaire.sentNotice': 'Questionario inviato.',
    'fac.readonly': 'Non puoi più modificare questo servizio.',
    'dash.title': 'Cruscotto: {name}',
    'dash.filters': 'Filtri',
    'dash.from': 'Dal',
    'dash.to': 'Al',
    'dash.municipality': 'Comune',
    'dash.venue': 'Sede',
    'dash.all': 'Tutti',
    'dash.apply': 'Aggiorna',
    'dash.totals': 'In sintesi, dal {from} al {to}',
    'dash.services': 'Servizi',
    'dash.citizens': 'Cittadini unici nuovi',
    'dash.hours': 'Ore di facilitazione',
    'dash.facilitators': 'Facilitatori attivi',
    'dash.points': 'Punti attivi',
    'dash.satisfaction': 'Soddisfazione media (1–5)',
    'dash.answers': 'risposte',
    'dash.targets': 'Obiettivi',
    'dash.targets.none': 'Il programma non ha obiettivi.',
    'dash.target': 'Obiettivo',
    'dash.current': 'Raggiunto',
    'dash.projected': 'Previsto alla scadenza al ritmo attuale',
    'dash.status': 'Stato',
    'dash.status.reached': 'Raggiunto',
    'dash.status.on-track': 'In linea',
    'dash.status.behind': 'In ritardo',
    'dash.status.missed': 'Non raggiunto',
    'dash.status.not-measured': 'Misurato dagli eventi',
    'dash.csv': 'Scarica in CSV',
    'dash.none': 'Nessun servizio nel periodo.',
    'dash.by.month': 'Per mese',
    'dash.by.municipality': 'Per comune',
    'dash.by.venue': 'Per sede',
    'dash.by.facilitator': 'Per facilitatore',
    'dash.by.kind': 'Per tipo di servizio',
    'dash.by.competence': 'Per competenza',
    'dash.by.area': 'Per area di competenza',
    'dash.by.service': 'Per servizio pubblico digitale',
    'dash.by.ageBand': 'Per fascia di età',
    'dash.by.gender': 'Per genere',
    'dash.by.education': 'Per titolo di studio',
    'dash.by.employment': 'Per condizione occupazionale',
    'dash.by.citizenship': 'Per cittadinanza',
    'dash.item': 'Voce',
    'dash.minutes': 'Durata totale',
    'dash.settings': 'Impostazioni dei servizi',
    'dash.settings.window': 'Giorni in cui un facilitatore può correggere i propri servizi',
    'dash.settings.window.hint': 'Vuoto: il valore predefinito ({days} giorni). Dopo, solo lo staff può modificarli.',
    'dash.settings.minors': 'Il programma serve anche minori (14–17 anni)',
    'dash.settings.save': 'Salva le impostazioni',
    'dash.settings.saved': 'Impostazioni salvate.',
    'dash.links': 'Rendicontazione',
    'dash.export': 'Esportazione per la piattaforma nazionale',
    'dash.import': 'Importa servizi da un file',
    'dash.opendata': 'Open data del programma (CSV)',
    'export.title': 'Esportazione per la piattaforma nazionale: {name}',
    'export.period': 'Periodo',
    'export.check': 'Verifica',
    'export.summary': '{total} servizi nel periodo: {valid} pronti, {rejected} verrebbero scartati dalla piattaforma nazionale.',
    'export.issues': 'Servizi che verrebbero scartati',
    'export.issues.more': 'Sono mostrati i primi {n}.',
    'export.byColumn': 'Campi mancanti',
    'export.download': 'Scarica il file per il caricamento massivo',
    'export.download.hint':
      'Il file contiene i codici fiscali in chiaro: conservalo con cura e cancellalo dopo il caricamento. Ogni esportazione viene registrata.',
    'export.other': 'Altri formati',
    'export.csv': 'Scarica in CSV leggibile (senza codice fiscale)',
    'export.opendata': 'Scarica gli open data (CSV)',
    'import.title': 'Importa servizi: {name}',
    'import.intro':
      'Un file CSV con le colonne del tracciato nazionale di caricamento massivo (IDFacilitatore, IDSede, AN1 … ES6), ad esempio dal foglio usato prima di Ponte. Prima verifica il file: vengono elencate tutte le righe scartate e il motivo. L’importazione scrive tutte le righe o nessuna.',
    'import.file': 'File CSV',
    'import.check': 'Verifica il file (non scrive nulla)',
    'import.run': 'Importa',
    'import.report': 'Esito',
    'import.summary.dry': 'Verifica: {rows} righe, {valid} valide, {rejected} scartate.',
    'import.summary.done': 'Importati {imported} servizi.',
    'import.summary.failed': '{rejected} righe su {rows} hanno problemi: nessun servizio è stato importato.',
    'import.row': 'Riga',
    'import.column': 'Colonna',
    'import.problem': 'Problema',
    'q.title': 'Com’è andata?',
    'q.intro': 'Sei domande sul servizio di facilitazione digitale che hai ricevuto il {date} da {org}. Le risposte sono anonime.',
    'q.es1': 'Come hai conosciuto il servizio?',
    'q.es2': 'Perché ti sei rivolto al servizio?',
    'q.es3': 'Torneresti?',
    'q.es4': 'Su quali argomenti vorresti essere aiutato o formato? (facoltativo)',
    'q.es5': 'A chi ti rivolgi di solito per un problema con il digitale?',
    'q.es6': 'Quanto ti è stato utile il servizio, da 1 (per nulla) a 5 (moltissimo)?',
    'q.send': 'Invia le risposte',
    'q.thanks': 'Grazie! Le tue risposte sono state registrate.',
    'q.answered': 'Questo questionario è già stato compilato. Grazie!',
  },
  en: {
    'fac.title.new': 'Record a facilitation service',
    'fac.title.edit': 'Facilitation service of {date}',
    'fac.title.mine': 'My facilitation services',
    'fac.citizen': 'Citizen',
    'fac.cf': 'Codice fiscale (tax code)',
    'fac.cf.hint':
      'Required in programmes reporting to the national platform. Look the code up first: a returning citizen’s profile is filled in. Gender and age band come from the code.',
    'fac.cf.lookup': 'Look up the citizen',
    'fac.cf.known': 'Returning citizen: profile filled in. Check it is still right.',
    'fac.cf.new': 'New citizen: fill in the profile.',
    'fac.cf.derived': 'From the code: {gender}, age band {band}.',
    'fac.identifier': 'Other identifier (optional)',
    'fac.identifier.hint': 'Only where the programme does not report nationally and there is no codice fiscale; only a keyed hash is kept.',
    'fac.service': 'The service',
    'fac.programme': 'Programme',
    'fac.programme.choose': 'Choose the programme',
    'fac.venue': 'Venue or facilitation point',
    'fac.venue.choose': 'Choose the venue',
    'fac.date': 'Date of the service',
    'fac.firstName': 'Citizen’s first name',
    'fac.lastName': 'Citizen’s surname',
    'fac.names.hint':
      'First name and surname are needed only by programmes that report to the national platform (they are encrypted and sent only there). Leave them empty elsewhere.',
    'fac.duration': 'Duration (hours:minutes)',
    'fac.duration.hint': 'E.g. 00:30 for half an hour, at most 12:00.',
    'fac.kinds': 'Kind of service',
    'fac.competences': 'Competences treated',
    'fac.competences.hint': 'The competence areas (national field SE4) are derived from these.',
    'fac.services': 'Public digital services treated',
    'fac.details': 'Details (optional, at most 600 characters)',
    'fac.profile': 'Citizen’s profile',
    'fac.education': 'Education',
    'fac.employment': 'Employment',
    'fac.citizenship': 'Citizenship',
    'fac.province': 'Province of domicile',
    'fac.province.hint': 'The full name, e.g. Prato, or its code (PO).',
    'fac.gender': 'Gender (without codice fiscale)',
    'fac.ageBand': 'Age band (without codice fiscale)',
    'fac.choose': 'Choose',
    'fac.consent': 'Consent to data processing',
    'fac.consent.channel': 'How it was collected',
    'fac.consent.date': 'Date of consent',
    'fac.save': 'Record the service',
    'fac.update': 'Save changes',
    'fac.delete': 'Delete the service',
    'fac.saved': 'Service recorded.',
    'fac.saved.new': 'Service recorded for a new citizen.',
    'fac.saved.known': 'Service recorded for a returning citizen.',
    'fac.saved.edit': 'Changes saved.',
    'fac.deleted': 'Service deleted.',
    'fac.another': 'You can record the next service below.',
    'fac.mine.none': 'You have not recorded any services yet.',
    'fac.mine.new': 'Record a new service',
    'fac.mine.more': 'Older services',
    'fac.edit': 'Edit',
    'fac.view': 'Open',
    'fac.window': 'Editable until {date}',
    'fac.window.closed': 'Only staff can edit it',
    'fac.questionnaire': 'Satisfaction questionnaire',
    'fac.questionnaire.not_sent': 'Not sent',
    'fac.questionnaire.sent': 'Sent',
    'fac.questionnaire.answered': 'Answered',
    'fac.questionnaire.email': 'Citizen’s e-mail',
    'fac.questionnaire.hint': 'They receive a personal link to six questions. The address is not kept.',
    'fac.questionnaire.send': 'Send the questionnaire',
    'fac.questionnaire.sentNotice': 'Questionnaire sent.',
    'fac.readonly': 'You can no longer change this service.',
    'dash.title': 'Dashboard: {name}',
    'dash.filters': 'Filters',
    'dash.from': 'From',
    'dash.to': 'To',
    'dash.municipality': 'Municipality',
    'dash.venue': 'Venue',
    'dash.all': 'All',
    'dash.apply': 'Update',
    'dash.totals': 'Summary, {from} to {to}',
    'dash.services': 'Services',
    'dash.citizens': 'New unique citizens',
    'dash.hours': 'Hours of facilitation',
    'dash.facilitators': 'Active facilitators',
    'dash.points': 'Active points',
    'dash.satisfaction': 'Average satisfaction (1–5)',
    'dash.answers': 'answers',
    'dash.targets': 'Targets',
    'dash.targets.none': 'The programme has no targets.',
    'dash.target': 'Target',
    'dash.current': 'Reached',
    'dash.projected': 'Expected at the deadline at the current pace',
    'dash.status': 'Status',
    'dash.status.reached': 'Reached',
    'dash.status.on-track': 'On track',
    'dash.status.behind': 'Behind',
    'dash.status.missed': 'Missed',
    'dash.status.not-measured': 'Measured by events',
    'dash.csv': 'Download as CSV',
    'dash.none': 'No services in the period.',
    'dash.item': 'Item',
    'dash.minutes': 'Total duration',
    'dash.settings': 'Service settings',
    'dash.settings.window': 'Days a facilitator may correct their own services',
    'dash.settings.window.hint': 'Empty: the default ({days} days). After that, only staff can change them.',
    'dash.settings.minors': 'The programme also serves minors (14–17)',
    'dash.settings.save': 'Save settings',
    'dash.settings.saved': 'Settings saved.',
    'dash.links': 'Reporting',
    'dash.export': 'Export for the national platform',
    'dash.import': 'Import services from a file',
    'dash.opendata': 'The programme’s open data (CSV)',
    'export.title': 'Export for the national platform: {name}',
    'export.period': 'Period',
    'export.check': 'Check',
    'export.summary': '{total} services in the period: {valid} ready, {rejected} would be rejected by the national platform.',
    'export.issues': 'Services that would be rejected',
    'export.issues.more': 'The first {n} are shown.',
    'export.byColumn': 'Missing fields',
    'export.download': 'Download the bulk-upload file',
    'export.download.hint':
      'The file holds the codici fiscali in clear: keep it safe and delete it after uploading. Every export is logged.',
    'export.other': 'Other formats',
    'export.csv': 'Download a readable CSV (no codice fiscale)',
    'export.opendata': 'Download the open data (CSV)',
    'import.title': 'Import services: {name}',
    'import.intro':
      'A CSV file with the columns of the national bulk-upload layout. Check it first: every rejected row is listed with its reason. The import writes every row or none.',
    'import.file': 'CSV file',
    'import.check': 'Check the file (writes nothing)',
    'import.run': 'Import',
    'import.report': 'Result',
    'import.summary.dry': 'Check: {rows} rows, {valid} valid, {rejected} rejected.',
    'import.summary.done': '{imported} services imported.',
    'import.summary.failed': '{rejected} of {rows} rows have problems: nothing was imported.',
    'import.row': 'Row',
    'import.column': 'Column',
    'import.problem': 'Problem',
    'q.title': 'How did it go?',
    'q.intro': 'Six questions about the digital facilitation service you received on {date} from {org}. Answers are anonymous.',
    'q.es1': 'How did you hear of the service?',
    'q.es2': 'Why did you come?',
    'q.es3': 'Would you come back?',
    'q.es4': 'What would you like help or training on? (optional)',
    'q.es5': 'Who do you usually turn to with a digital problem?',
    'q.es6': 'How useful was the service, from 1 (not at all) to 5 (very)?',
    'q.send': 'Send answers',
    'q.thanks': 'Thank you! Your answers have been recorded.',
    'q.answered': 'This questionnaire has already been answered. Thank you!',
  },
});

export const STYLES = <link rel="stylesheet" href="/facilitazioni/stile.css" />;

export type FormBody = Record<string, string | string[] | undefined>;
export const val = (v: FormBody, k: string): string => {
  const x = v[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};
export const vals = (v: FormBody, k: string): string[] => {
  const x = v[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

const numberFmt = new Intl.NumberFormat('it-IT', { useGrouping: 'always' } as unknown as Intl.NumberFormatOptions);
export const n = (x: number) => numberFmt.format(x);
const hours = (minutes: number) => n(Math.round(minutes / 6) / 10);

const GENDER_TEXT: Record<Gender, string> = { F: 'donna', M: 'uomo', NB: 'non binario', ND: 'non indicato' };

const options = (list: CodeList) => Object.entries(list).map(([value, label]) => ({ value, label }));

export function Notice(props: { kind: 'success' | 'danger' | 'info'; children: ComponentChildren }): VNode {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'danger' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** Checkboxes (or radios) in a fieldset whose id the error summary links to. */
export function Choices(props: {
  name: string;
  legend: string;
  list: CodeList;
  chosen: string[];
  error?: string;
  hint?: string;
  type?: 'checkbox' | 'radio';
  keys?: string[];
  columns?: boolean;
}): VNode {
  const ids = [props.hint ? `h-${props.name}` : '', props.error ? `e-${props.name}` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="mb-3 ponte-choices" id={`f-${props.name}`} tabIndex={-1} aria-describedby={ids}>
      <legend class="h6">{props.legend}</legend>
      {props.hint ? (
        <p class="form-text" id={`h-${props.name}`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <div class="ponte-field-error" id={`e-${props.name}`}>
          {props.error}
        </div>
      ) : null}
      <div class={props.columns ? 'ponte-columns' : undefined}>
        {(props.keys ?? Object.keys(props.list)).map((code) => (
          <div class="form-check">
            <input
              class="form-check-input"
              type={props.type ?? 'checkbox'}
              name={props.name}
              value={code}
              id={`c-${props.name}-${code}`}
              checked={props.chosen.includes(code)}
            />
            <label class="form-check-label" for={`c-${props.name}-${code}`}>
              {props.list[code]}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

// ---------------- the record form ----------------

export interface FormChoices {
  programmes: { id: string; name: string; organisation: string; nationalReporting: boolean }[];
  venueGroups: { organisation: string; venues: { id: string; name: string }[] }[];
  provinces: string[];
}

export interface SavedNotice {
  id: string;
  isNew: boolean;
  ageBand: AgeBand | null;
  gender: Gender | null;
}

const FIELD_LABELS = (l: Lang): Record<string, string> => ({
  fiscalCode: t(l, 'fac.cf'),
  firstName: t(l, 'fac.firstName'),
  lastName: t(l, 'fac.lastName'),
  identifier: t(l, 'fac.identifier'),
  programme: t(l, 'fac.programme'),
  venue: t(l, 'fac.venue'),
  date: t(l, 'fac.date'),
  duration: t(l, 'fac.duration'),
  kinds: t(l, 'fac.kinds'),
  competences: t(l, 'fac.competences'),
  services: t(l, 'fac.services'),
  details: t(l, 'fac.details'),
  education: t(l, 'fac.education'),
  employment: t(l, 'fac.employment'),
  citizenship: t(l, 'fac.citizenship'),
  province: t(l, 'fac.province'),
  gender: t(l, 'fac.gender'),
  ageBand: t(l, 'fac.ageBand'),
  consentChannel: t(l, 'fac.consent.channel'),
  consentDate: t(l, 'fac.consent.date'),
  facilitator: 'Facilitatore',
  questionnaireEmail: t(l, 'fac.questionnaire.email'),
});

/** SE5 grouped by the SE4 area it belongs to. */
const COMPETENCE_GROUPS: { area: string; codes: string[] }[] = [
  { area: 'A', codes: ['1', '2', '3'] },
  { area: 'B', codes: ['4', '5', '6', '7', '8', '9'] },
  { area: 'C', codes: ['10'] },
  { area: 'D', codes: ['11', '12'] },
  { area: 'E', codes: ['13'] },
];

export function Competences(props: { chosen: string[]; error?: string; l: Lang }): VNode {
  const { l } = props;
  return (
    <fieldset
      class="mb-3 ponte-choices"
      id="f-competences"
      tabIndex={-1}
      aria-describedby={`h-competences${props.error ? ' e-competences' : ''}`}
    >
      <legend class="h6">{t(l, 'fac.competences')}</legend>
      <p class="form-text" id="h-competences">
        {t(l, 'fac.competences.hint')}
      </p>
      {props.error ? (
        <div class="ponte-field-error" id="e-competences">
          {props.error}
        </div>
      ) : null}
      {COMPETENCE_GROUPS.map((g) => (
        <div class="ponte-area">
          <p class="ponte-area-name">{AREAS[g.area]}</p>
          {g.codes.map((code) => (
            <div class="form-check">
              <input
                class="form-check-input"
                type="checkbox"
                name="competences"
                value={code}
                id={`c-competences-${code}`}
                checked={props.chosen.includes(code)}
              />
              <label class="form-check-label" for={`c-competences-${code}`}>
                {COMPETENCES_SHORT[code]}
              </label>
            </div>
          ))}
        </div>
      ))}
    </fieldset>
  );
}

export function RecordFormPage(props: {
  ctx: PageContext;
  mode: 'new' | 'edit';
  record?: RecordView;
  right?: EditRight;
  choices: FormChoices;
  values: FormBody;
  errors: Errors;
  lookup: Lookup | null;
  saved: SavedNotice | null;
  notice?: string | null;
}): VNode {
  const l = props.ctx.lang;
  const v = props.values;
  const e = props.errors;
  const editing = props.mode === 'edit';
  const readOnly = editing && props.right && !props.right.ok;
  const title = editing ? t(l, 'fac.title.edit', { date: formatDate(props.record!.date, l) }) : t(l, 'fac.title.new');
  const action = editing ? `/admin/facilitazioni/${props.record!.id}` : '/admin/facilitazioni/nuova';
  const lk = props.lookup;
  return (
    <Layout
      ctx={props.ctx}
      title={title}
      head={STYLES}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: '/admin/facilitazioni', label: t(l, 'fac.title.mine') },
        { label: editing ? formatDate(props.record!.date, l) : t(l, 'fac.mine.new') },
      ]}
    >
      <h1>{title}</h1>
      {props.saved ? (
        <Notice kind="success">
          <strong>{props.saved.isNew ? t(l, 'fac.saved.new') : t(l, 'fac.saved.known')}</strong>{' '}
          {props.saved.gender && props.saved.ageBand
            ? t(l, 'fac.cf.derived', { gender: GENDER_TEXT[props.saved.gender], band: AGE_BAND_LABEL[props.saved.ageBand] })
            : null}{' '}
          {t(l, 'fac.another')}
        </Notice>
      ) : null}
      {props.notice === 'saved' ? <Notice kind="success">{t(l, 'fac.saved.edit')}</Notice> : null}
      {props.notice === 'sent' ? <Notice kind="success">{t(l, 'fac.questionnaire.sentNotice')}</Notice> : null}
      {readOnly && props.right && !props.right.ok ? <Notice kind="info">{props.right.reason}</Notice> : null}
      {e._ ? <Notice kind="danger">{e._}</Notice> : null}
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={FIELD_LABELS(l)} />
      <Form action={action} csrf={props.ctx.csrf} class="ponte-record-form">
        <fieldset class="mb-4">
          <legend class="h4">{t(l, 'fac.citizen')}</legend>
          <TextField
            name="fiscalCode"
            label={t(l, 'fac.cf')}
            value={val(v, 'fiscalCode')}
            error={e.fiscalCode}
            hint={t(l, 'fac.cf.hint')}
            maxLength={16}
            autocomplete="off"
          />
          {editing ? null : (
            <button type="submit" name="action" value="lookup" class="btn btn-outline-primary mb-3">
              {t(l, 'fac.cf.lookup')}
            </button>
          )}
          {lk && !lk.error && (val(v, 'fiscalCode') || val(v, 'identifier')) ? (
            <Notice kind={lk.known ? 'success' : 'info'}>
              {lk.known ? t(l, 'fac.cf.known') : t(l, 'fac.cf.new')}{' '}
              {lk.gender && lk.ageBand
                ? t(l, 'fac.cf.derived', { gender: GENDER_TEXT[lk.gender], band: AGE_BAND_LABEL[lk.ageBand] })
                : null}
            </Notice>
          ) : null}
          <p class="form-text" id="h-names">
            {t(l, 'fac.names.hint')}
          </p>
          <TextField
            name="firstName"
            label={t(l, 'fac.firstName')}
            value={val(v, 'firstName')}
            error={e.firstName}
            maxLength={100}
            autocomplete="off"
          />
          <TextField
            name="lastName"
            label={t(l, 'fac.lastName')}
            value={val(v, 'lastName')}
            error={e.lastName}
            maxLength={100}
            autocomplete="off"
          />
          <TextField
            name="identifier"
            label={t(l, 'fac.identifier')}
            value={val(v, 'identifier')}
            error={e.identifier}
            hint={t(l, 'fac.identifier.hint')}
            maxLength={100}
            autocomplete="off"
          />
        </fieldset>

        <fieldset class="mb-4">
          <legend class="h4">{t(l, 'fac.service')}</legend>
          {editing ? (
            <input type="hidden" name="programme" value={val(v, 'programme')} />
          ) : (
            <SelectField
              name="programme"
              label={t(l, 'fac.programme')}
              required
              value={val(v, 'programme')}
              error={e.programme}
              placeholder={t(l, 'fac.programme.choose')}
              options={props.choices.programmes.map((p) => ({
                value: p.id,
                label: `${p.name} (${p.organisation})${p.nationalReporting ? ' · codice fiscale obbligatorio' : ''}`,
              }))}
            />
          )}
          <div class="mb-3 ponte-field">
            <label class="form-label" for="f-venue">
              {t(l, 'fac.venue')}
              <span aria-hidden="true"> *</span>
            </label>
            <select
              class={`form-select${e.venue ? ' is-invalid' : ''}`}
              id="f-venue"
              name="venue"
              required
              aria-invalid={e.venue ? 'true' : undefined}
              aria-describedby={e.venue ? 'e-venue' : undefined}
            >
              <option value="">{t(l, 'fac.venue.choose')}</option>
              {props.choices.venueGroups.map((g) => (
                <optgroup label={g.organisation}>
                  {g.venues.map((x) => (
                    <option value={x.id} selected={val(v, 'venue') === x.id}>
                      {x.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {e.venue ? (
              <div class="ponte-field-error" id="e-venue">
                {e.venue}
              </div>
            ) : null}
          </div>
          <div class="row">
            <div class="col-12 col-sm-6">
              <TextField name="date" type="date" label={t(l, 'fac.date')} required value={val(v, 'date')} error={e.date} />
            </div>
            <div class="col-12 col-sm-6">
              <TextField
                name="duration"
                label={t(l, 'fac.duration')}
                required
                value={val(v, 'duration')}
                error={e.duration}
                hint={t(l, 'fac.duration.hint')}
                maxLength={5}
                inputMode="numeric"
              />
            </div>
          </div>
          <Choices name="kinds" legend={t(l, 'fac.kinds')} list={KINDS} chosen={vals(v, 'kinds')} error={e.kinds} />
          <Competences chosen={vals(v, 'competences')} error={e.competences} l={l} />
          <Choices
            name="services"
            legend={t(l, 'fac.services')}
            list={SERVICES_SHORT}
            chosen={vals(v, 'services')}
            error={e.services}
            columns
          />
          <TextArea name="details" label={t(l, 'fac.details')} value={val(v, 'details')} error={e.details} maxLength={600} rows={3} />
        </fieldset>

        <fieldset class="mb-4">
          <legend class="h4">{t(l, 'fac.profile')}</legend>
          <SelectField
            name="education"
            label={t(l, 'fac.education')}
            required
            value={val(v, 'education')}
            error={e.education}
            placeholder={t(l, 'fac.choose')}
            options={options(EDUCATION)}
          />
          <SelectField
            name="employment"
            label={t(l, 'fac.employment')}
            required
            value={val(v, 'employment')}
            error={e.employment}
            placeholder={t(l, 'fac.choose')}
            options={options(EMPLOYMENT)}
          />
          <Choices
            name="citizenship"
            legend={t(l, 'fac.citizenship')}
            list={CITIZENSHIP}
            chosen={vals(v, 'citizenship')}
            error={e.citizenship}
            type="radio"
          />
          <TextField
            name="province"
            label={t(l, 'fac.province')}
            required
            value={val(v, 'province')}
            error={e.province}
            hint={t(l, 'fac.province.hint')}
            maxLength={60}
            list="province-list"
            autocomplete="off"
          />
          <datalist id="province-list">
            {props.choices.provinces.map((p) => (
              <option value={p} />
            ))}
          </datalist>
          <details class="mb-3" open={!!(val(v, 'gender') || val(v, 'ageBand') || e.gender || e.ageBand)}>
            <summary>Senza codice fiscale: genere e fascia di età</summary>
            <SelectField
              name="gender"
              label={t(l, 'fac.gender')}
              value={val(v, 'gender')}
              error={e.gender}
              placeholder={t(l, 'fac.choose')}
              options={[
                { value: 'F', label: 'Donna' },
                { value: 'M', label: 'Uomo' },
                { value: 'NB', label: 'Non binario' },
                { value: 'ND', label: 'Preferisco non rispondere' },
              ]}
            />
            <SelectField
              name="ageBand"
              label={t(l, 'fac.ageBand')}
              value={val(v, 'ageBand')}
              error={e.ageBand}
              placeholder={t(l, 'fac.choose')}
              options={AGE_BAND_KEYS.map((k) => ({ value: k, label: AGE_BAND_LABEL[k] }))}
            />
          </details>
        </fieldset>

        <fieldset class="mb-4">
          <legend class="h4">{t(l, 'fac.consent')}</legend>
          <Choices
            name="consentChannel"
            legend={t(l, 'fac.consent.channel')}
            list={CONSENT_LABELS as CodeList}
            keys={[...CONSENT_CHANNELS]}
            chosen={vals(v, 'consentChannel')}
            error={e.consentChannel}
            type="radio"
          />
          <TextField
            name="consentDate"
            type="date"
            label={t(l, 'fac.consent.date')}
            required
            value={val(v, 'consentDate')}
            error={e.consentDate}
          />
        </fieldset>
        {readOnly ? null : (
          <button type="submit" name="action" value="save" class="btn btn-primary btn-lg mb-4">
            {editing ? t(l, 'fac.update') : t(l, 'fac.save')}
          </button>
        )}
      </Form>
      {editing && props.record ? <RecordActions ctx={props.ctx} record={props.record} right={props.right!} errors={e} /> : null}
    </Layout>
  );
}

function RecordActions(props: { ctx: PageContext; record: RecordView; right: EditRight; errors: Errors }): VNode {
  const l = props.ctx.lang;
  const r = props.record;
  return (
    <>
      <section class="mb-4" aria-labelledby="q-heading">
        <h2 id="q-heading" class="h4">
          {t(l, 'fac.questionnaire')}: {t(l, `fac.questionnaire.${r.questionnaire}`)}
        </h2>
        {r.questionnaire === 'answered' ? null : (
          <Form action={`/admin/facilitazioni/${r.id}/questionario`} csrf={props.ctx.csrf}>
            <TextField
              name="questionnaireEmail"
              label={t(l, 'fac.questionnaire.email')}
              type="email"
              autocomplete="off"
              error={props.errors.questionnaireEmail}
              hint={t(l, 'fac.questionnaire.hint')}
              maxLength={254}
            />
            <button type="submit" class="btn btn-outline-primary">
              {t(l, 'fac.questionnaire.send')}
            </button>
          </Form>
        )}
      </section>
      {props.right.ok ? (
        <Form action={`/admin/facilitazioni/${r.id}/elimina`} csrf={props.ctx.csrf} class="mb-4">
          <button type="submit" class="btn btn-outline-danger">
            {t(l, 'fac.delete')}
          </button>
        </Form>
      ) : null}
    </>
  );
}

// ---------------- my records ----------------

export function MyRecordsPage(props: {
  ctx: PageContext;
  items: RecordView[];
  next: string | null;
  venues: Map<string, string>;
  programmes: Map<string, string>;
  deleted: boolean;
  now: string;
}): VNode {
  const l = props.ctx.lang;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'fac.title.mine')}
      head={STYLES}
      crumbs={[{ href: '/admin', label: t(l, 'nav.backoffice') }, { label: t(l, 'fac.title.mine') }]}
    >
      <h1>{t(l, 'fac.title.mine')}</h1>
      {/* The page's work comes first: facilitators land here after signing in. */}
      <p>
        <a class="btn btn-primary btn-lg" href="/admin/facilitazioni/nuova">
          {t(l, 'fac.mine.new')}
        </a>
      </p>
      {props.deleted ? <Notice kind="success">{t(l, 'fac.deleted')}</Notice> : null}
      {props.items.length === 0 ? <p>{t(l, 'fac.mine.none')}</p> : null}
      <ul class="list-unstyled">
        {props.items.map((r) => {
          const open = props.now <= r.editableUntil;
          return (
            <li class="ponte-card">
              <p class="fw-bold mb-1">
                {formatDate(r.date, l)} · {r.duration}
              </p>
              <p class="mb-1">
                {props.venues.get(r.venue) ?? ''} · {props.programmes.get(r.programme) ?? ''}
              </p>
              <p class="mb-1">{r.kinds.map((k) => KINDS[k]).join(', ')}</p>
              <p class="mb-1">
                {t(l, 'fac.questionnaire')}: {t(l, `fac.questionnaire.${r.questionnaire}`)}
              </p>
              <p class="mb-0">
                <a href={`/admin/facilitazioni/${r.id}`}>
                  {open ? t(l, 'fac.edit') : t(l, 'fac.view')}
                  <span class="visually-hidden">
                    {' '}
                    {formatDate(r.date, l)} {props.venues.get(r.venue) ?? ''}
                  </span>
                </a>{' '}
                <span class="text-muted-strong">
                  ({open ? t(l, 'fac.window', { date: formatDate(r.editableUntil.slice(0, 10), l) }) : t(l, 'fac.window.closed')})
                </span>
              </p>
            </li>
          );
        })}
      </ul>
      {props.next ? (
        <p>
          <a href={`/admin/facilitazioni?after=${encodeURIComponent(props.next)}`}>{t(l, 'fac.mine.more')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

// ---------------- dashboard ----------------

const BREAKDOWN_ORDER: Breakdown[] = [
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
];

function FiguresTable(props: { id: string; caption: string; items: BreakdownItem[]; l: Lang }): VNode {
  const { l } = props;
  return (
    <div class="table-responsive">
      <table class="table table-sm" id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'dash.item')}</th>
            <th scope="col" class="text-end">
              {t(l, 'dash.services')}
            </th>
            <th scope="col" class="text-end">
              {t(l, 'dash.citizens')}
            </th>
            <th scope="col" class="text-end">
              {t(l, 'dash.hours')}
            </th>
            <th scope="col" class="text-end">
              {t(l, 'dash.satisfaction')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => (
            <tr>
              <th scope="row">{i.label}</th>
              <td class="text-end">{n(i.services)}</td>
              <td class="text-end">{n(i.citizens)}</td>
              <td class="text-end">{hours(i.minutes)}</td>
              <td class="text-end">{i.satisfaction === null ? '–' : `${i.satisfaction.toFixed(1).replace('.', ',')} (${i.answers})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TargetsTable(props: { targets: TargetProgress[]; l: Lang }): VNode {
  const { l } = props;
  if (props.targets.length === 0) return <p>{t(l, 'dash.targets.none')}</p>;
  return (
    <div class="table-responsive">
      <table class="table">
        <caption class="visually-hidden">{t(l, 'dash.targets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'dash.target')}</th>
            <th scope="col" class="text-end">
              {t(l, 'dash.current')}
            </th>
            <th scope="col" class="text-end">
              {t(l, 'dash.projected')}
            </th>
            <th scope="col">{t(l, 'dash.status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.targets.map((x, i) => (
            <tr>
              <th scope="row">
                {x.label}: {n(x.value)} entro il {formatDate(x.deadline, l)}
                {x.description ? <span class="d-block fw-normal">{x.description}</span> : null}
                {x.progress !== null ? (
                  <ProgressBar
                    id={`target-${i}`}
                    label={`${Math.round(x.progress * 100)}% raggiunto${x.projected !== null ? `, ${Math.round((x.projected / x.value) * 100)}% previsto alla scadenza` : ''}`}
                    progress={x.progress}
                    projected={x.projected === null ? null : x.projected / x.value}
                  />
                ) : null}
              </th>
              <td class="text-end">{x.current === null ? '–' : `${n(x.current)} (${Math.round((x.progress ?? 0) * 100)}%)`}</td>
              <td class="text-end">{x.projected === null ? '–' : n(x.projected)}</td>
              <td>{t(l, `dash.status.${x.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardPage(props: {
  ctx: PageContext;
  programme: Programme;
  dashboard: Dashboard;
  venues: Venue[];
  settings: FacilitationSettings;
  errors: Errors;
  query: { from: string; to: string; municipality: string; venue: string };
  settingsSaved: boolean;
}): VNode {
  const l = props.ctx.lang;
  const d = props.dashboard;
  const p = props.programme;
  const q = new URLSearchParams();
  q.set('from', d.period.from);
  q.set('to', d.period.to);
  if (d.filters.municipality) q.set('municipality', d.filters.municipality);
  if (d.filters.venue) q.set('venue', d.filters.venue);
  const municipalities = [
    ...new Map(props.venues.filter((v) => v.municipality).map((v) => [v.municipality!.code, v.municipality!.name])).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1], 'it'));
  const tot = d.totals;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'dash.title', { name: p.name })}
      head={STYLES}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/organisations/${p.organisation.id}`, label: p.organisation.name },
        { href: `/admin/programmes/${p.id}`, label: p.name },
        { label: 'Cruscotto' },
      ]}
    >
      <h1>{t(l, 'dash.title', { name: p.name })}</h1>
      {props.settingsSaved ? <Notice kind="success">{t(l, 'dash.settings.saved')}</Notice> : null}
      <ErrorSummary errors={props.errors} title={t(l, 'form.errors')} labels={{ from: t(l, 'dash.from'), to: t(l, 'dash.to') }} />
      <section aria-labelledby="filters-h" class="mb-4">
        <h2 id="filters-h" class="h4">
          {t(l, 'dash.filters')}
        </h2>
        <Form action={`/admin/programmes/${p.id}/cruscotto`} method="get" class="ponte-filters">
          <TextField
            name="from"
            type="date"
            label={t(l, 'dash.from')}
            value={props.query.from || d.period.from}
            error={props.errors.from}
          />
          <TextField name="to" type="date" label={t(l, 'dash.to')} value={props.query.to || d.period.to} error={props.errors.to} />
          <SelectField
            name="municipality"
            label={t(l, 'dash.municipality')}
            value={d.filters.municipality ?? ''}
            placeholder={t(l, 'dash.all')}
            options={municipalities.map(([code, name]) => ({ value: code, label: name }))}
          />
          <SelectField
            name="venue"
            label={t(l, 'dash.venue')}
            value={d.filters.venue ?? ''}
            placeholder={t(l, 'dash.all')}
            options={props.venues.map((v) => ({ value: v.id, label: v.name }))}
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'dash.apply')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="totals-h" class="mb-4">
        <h2 id="totals-h" class="h4">
          {t(l, 'dash.totals', { from: formatDate(d.period.from, l), to: formatDate(d.period.to, l) })}
        </h2>
        <dl class="ponte-kpis">
          <div>
            <dt>{t(l, 'dash.services')}</dt>
            <dd>{n(tot.services)}</dd>
          </div>
          <div>
            <dt>{t(l, 'dash.citizens')}</dt>
            <dd>{n(tot.citizens)}</dd>
          </div>
          <div>
            <dt>{t(l, 'dash.hours')}</dt>
            <dd>{hours(tot.minutes)}</dd>
          </div>
          <div>
            <dt>{t(l, 'dash.facilitators')}</dt>
            <dd>{n(tot.facilitators)}</dd>
          </div>
          <div>
            <dt>{t(l, 'dash.points')}</dt>
            <dd>{n(tot.points)}</dd>
          </div>
          <div>
            <dt>{t(l, 'dash.satisfaction')}</dt>
            <dd>
              {tot.satisfaction === null ? '–' : tot.satisfaction.toFixed(1).replace('.', ',')}{' '}
              <span class="ponte-kpi-note">
                ({n(tot.answers)} {t(l, 'dash.answers')})
              </span>
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="targets-h" class="mb-4">
        <h2 id="targets-h" class="h4">
          {t(l, 'dash.targets')}
        </h2>
        <TargetsTable targets={d.targets} l={l} />
      </section>

      {BREAKDOWN_ORDER.map((by) => {
        const items = d.breakdowns[by];
        const heading = t(l, `dash.by.${by}`);
        return (
          <section aria-labelledby={`b-${by}`} class="mb-4 ponte-breakdown">
            <h2 id={`b-${by}`} class="h4">
              {heading}
            </h2>
            {items.every((i) => i.services === 0) ? (
              <p>{t(l, 'dash.none')}</p>
            ) : (
              <>
                <BarChart
                  id={`chart-${by}`}
                  title={`${t(l, 'dash.services')} ${heading.toLowerCase()}`}
                  bars={items.map((i) => ({ label: i.label, value: i.services }))}
                />
                <FiguresTable id={`table-${by}`} caption={`${t(l, 'dash.services')} ${heading.toLowerCase()}`} items={items} l={l} />
              </>
            )}
            <p>
              <a href={`/admin/programmes/${p.id}/cruscotto/${by}.csv?${q.toString()}`} download>
                {t(l, 'dash.csv')}
                <span class="visually-hidden"> ({heading.toLowerCase()})</span>
              </a>
            </p>
          </section>
        );
      })}

      <section aria-labelledby="links-h" class="mb-4">
        <h2 id="links-h" class="h4">
          {t(l, 'dash.links')}
        </h2>
        <ul>
          <li>
            <a href={`/admin/programmes/${p.id}/export`}>{t(l, 'dash.export')}</a>
          </li>
          <li>
            <a href={`/admin/programmes/${p.id}/import`}>{t(l, 'dash.import')}</a>
          </li>
          <li>
            <a href={`/api/v1/opendata/facilitations.csv?programme=${p.id}`}>{t(l, 'dash.opendata')}</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="settings-h" class="mb-4">
        <h2 id="settings-h" class="h4">
          {t(l, 'dash.settings')}
        </h2>
        <Form action={`/admin/programmes/${p.id}/cruscotto/impostazioni`} csrf={props.ctx.csrf}>
          <TextField
            name="editWindowDays"
            label={t(l, 'dash.settings.window')}
            inputMode="numeric"
            maxLength={4}
            value={props.settings.editWindowOwn ? String(props.settings.editWindowDays) : ''}
            hint={t(l, 'dash.settings.window.hint', { days: props.settings.editWindowOwn ? '–' : props.settings.editWindowDays })}
          />
          <div class="form-check mb-3">
            <input
              class="form-check-input"
              type="checkbox"
              id="f-admitsMinors"
              name="admitsMinors"
              value="1"
              checked={props.settings.admitsMinors}
            />
            <label class="form-check-label" for="f-admitsMinors">
              {t(l, 'dash.settings.minors')}
            </label>
          </div>
          <button type="submit" class="btn btn-outline-primary">
            {t(l, 'dash.settings.save')}
          </button>
        </Form>
      </section>
    </Layout>
  );
}

// ---------------- import ----------------

export interface ImportPageProps {
  ctx: PageContext;
  programme: Programme;
  report: ImportReport | null;
  error: string | null;
}

export function ImportPage(props: ImportPageProps): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const r = props.report;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'import.title', { name: p.name })}
      head={STYLES}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/programmes/${p.id}`, label: p.name },
        { href: `/admin/programmes/${p.id}/cruscotto`, label: 'Cruscotto' },
        { label: t(l, 'dash.import') },
      ]}
    >
      <h1>{t(l, 'import.title', { name: p.name })}</h1>
      <p>{t(l, 'import.intro')}</p>
      {props.error ? <Notice kind="danger">{props.error}</Notice> : null}
      {r ? (
        <section aria-labelledby="report-h" class="mb-4">
          <h2 id="report-h" class="h4">
            {t(l, 'import.report')}
          </h2>
          <Notice kind={r.rejected > 0 ? 'danger' : 'success'}>
            {r.dryRun
              ? t(l, 'import.summary.dry', { rows: n(r.rows), valid: n(r.valid), rejected: n(r.rejected) })
              : r.rejected > 0
                ? t(l, 'import.summary.failed', { rows: n(r.rows), rejected: n(r.rejected) })
                : t(l, 'import.summary.done', { imported: n(r.imported) })}
          </Notice>
          {r.issues.length > 0 ? (
            <div class="table-responsive">
              <table class="table table-sm">
                <caption class="visually-hidden">{t(l, 'import.report')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(l, 'import.row')}</th>
                    <th scope="col">{t(l, 'import.column')}</th>
                    <th scope="col">{t(l, 'import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.issues.map((i) => (
                    <tr>
                      <td>{i.row}</td>
                      <td>{i.column ?? ''}</td>
                      <td>{i.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      <form method="post" action={`/admin/programmes/${p.id}/import`} encType="multipart/form-data" noValidate>
        <div class="mb-3">
          <label class="form-label" for="f-file">
            {t(l, 'import.file')}
          </label>
          <input class="form-control" type="file" id="f-file" name="file" accept=".csv,text/csv" required />
        </div>
        <input type="hidden" name="_csrf" value={props.ctx.csrf ?? ''} />
        <button type="submit" name="mode" value="check" class="btn btn-outline-primary me-2 mb-2">
          {t(l, 'import.check')}
        </button>
        <button type="submit" name="mode" value="import" class="btn btn-primary mb-2">
          {t(l, 'import.run')}
        </button>
      </form>
    </Layout>
  );
}

// ---------------- the citizen's questionnaire ----------------

export function QuestionnairePage(props: {
  ctx: PageContext;
  q: QuestionnaireView;
  token: string;
  values: FormBody;
  errors: Errors;
  done: boolean;
}): VNode {
  const l = props.ctx.lang;
  const v = props.values;
  const e = props.errors;
  const q = props.q;
  return (
    <Layout ctx={props.ctx} title={t(l, 'q.title')} head={STYLES}>
      <h1>{t(l, 'q.title')}</h1>
      {props.done ? (
        <Notice kind="success">{t(l, 'q.thanks')}</Notice>
      ) : q.status === 'answered' ? (
        <Notice kind="info">{t(l, 'q.answered')}</Notice>
      ) : (
        <>
          <p>{t(l, 'q.intro', { date: formatDate(q.date, l), org: q.organisationName })}</p>
          {e._ ? <Notice kind="danger">{e._}</Notice> : null}
          <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={{ es1: t(l, 'q.es1'), es6: t(l, 'q.es6') }} />
          <Form action={`/questionario/${q.id}`} csrf={props.ctx.csrf}>
            <input type="hidden" name="token" value={props.token} />
            <Choices name="es1" legend={t(l, 'q.es1')} list={DISCOVERY} chosen={vals(v, 'es1')} error={e.es1} columns />
            <Choices name="es2" legend={t(l, 'q.es2')} list={REASONS} chosen={vals(v, 'es2')} error={e.es2} />
            <Choices name="es3" legend={t(l, 'q.es3')} list={RETURN} chosen={vals(v, 'es3')} error={e.es3} type="radio" />
            <TextArea name="es4" label={t(l, 'q.es4')} value={val(v, 'es4')} error={e.es4} maxLength={600} rows={3} />
            <Choices name="es5" legend={t(l, 'q.es5')} list={HELPERS} chosen={vals(v, 'es5')} error={e.es5} columns />
            <Choices
              name="es6"
              legend={t(l, 'q.es6')}
              list={{ '1': '1 – per nulla', '2': '2', '3': '3', '4': '4', '5': '5 – moltissimo' }}
              chosen={vals(v, 'es6')}
              error={e.es6}
              type="radio"
            />
            <button type="submit" class="btn btn-primary btn-lg">
              {t(l, 'q.send')}
            </button>
          </Form>
        </>
      )}
    </Layout>
  );
}
