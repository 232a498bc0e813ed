import type { VNode } from 'preact';
import { addMessages, type Lang, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { CheckboxField, ErrorSummary, type Errors, Form, SelectField, TextArea, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import {
  FUNDING_SUGGESTIONS,
  NATIONAL_POLICIES,
  PROGRAMME_METRIC_LABELS,
  PROGRAMME_METRICS,
  RETENTION_DEFAULT,
  RETENTION_MAX,
} from './schemas.js';
import type { Programme } from './service.js';

const metricMessages = (lang: Lang) =>
  Object.fromEntries(PROGRAMME_METRICS.map((m) => [`programme.metric.${m}`, PROGRAMME_METRIC_LABELS[m][lang]]));

addMessages({
  it: {
    'programmes.title': 'Programmi',
    'programmes.none': 'Nessun programma registrato.',
    'programmes.add': 'Nuovo programma',
    'programmes.create': 'Crea il programma',
    'programme.name': 'Nome del programma',
    'programme.description': 'Descrizione',
    'programme.funding': 'Finanziamento',
    'programme.funding.hint': 'Scegli un suggerimento o scrivi la fonte, ad esempio "PNRR M1C1 1.7.2", "Regionale", "Fondi propri".',
    'programme.funding.none': 'Finanziamento non indicato',
    'programme.start': 'Data di inizio',
    'programme.end': 'Data di fine',
    'programme.dates.hint': 'Nel formato AAAA-MM-GG, ad esempio 2026-01-31.',
    'programme.period': 'Periodo',
    'programme.period.value': 'dal {start} al {end}',
    'programme.organisation': 'Ente titolare',
    'programme.partners': 'Organizzazioni partner',
    'programme.partners.none': 'Nessun partner.',
    'programme.partners.noChoices': 'Non ci sono altre organizzazioni registrate.',
    'programme.national': 'Rendicontazione alla piattaforma nazionale (Facilita)',
    'programme.national.hint':
      'Se attiva, ogni servizio di facilitazione richiede il codice fiscale del cittadino, conservato cifrato, per la rendicontazione nazionale.',
    'programme.national.auto': 'Automatica: attiva solo per il finanziamento PNRR M1C1 1.7.2',
    'programme.national.on': 'Attiva',
    'programme.national.off': 'Non attiva',
    'programme.national.checkbox': 'Rendiconta ogni servizio alla piattaforma nazionale (Facilita)',
    'programme.retention': 'Conservazione dei dati personali delle prenotazioni (giorni)',
    'programme.retention.hint':
      'Dopo questi giorni dalla fine di un evento, nome, e-mail e telefono di chi ha prenotato vengono cancellati. Predefinito: {default} giorni; massimo {max}.',
    'programme.retention.value': '{days} giorni dopo ogni evento',
    'programme.targets': 'Obiettivi',
    'programme.targets.none': 'Nessun obiettivo indicato.',
    'programme.targets.count': '{n} obiettivi',
    'programme.targets.count.one': '1 obiettivo',
    'programme.targets.hint':
      "Ogni riga è una tappa: un indicatore, il valore da raggiungere e la data entro cui raggiungerlo. Per lo stesso indicatore puoi indicare più tappe, ad esempio 5.000 cittadini entro il 31 dicembre e 18.000 entro la fine dell'anno successivo. Le righe vuote non vengono salvate.",
    'programme.target.row': 'Obiettivo {n}',
    'programme.target.metric': 'Indicatore',
    'programme.target.metric.choose': 'Scegli un indicatore',
    'programme.target.value': 'Valore da raggiungere',
    'programme.target.deadline': 'Entro il',
    'programme.target.label': 'Descrizione (facoltativa)',
    'programme.target.remove': 'Rimuovi questo obiettivo',
    'programme.target.by': 'entro il {date}',
    'programme.edit': 'Modifica il programma',
    'programme.created': 'Programma creato. Ora puoi indicare gli obiettivi.',
    'programme.saved': 'Modifiche salvate.',
    'programme.yes': 'Sì',
    'programme.no': 'No',
    'programme.dashboard': 'Cruscotto dei servizi di facilitazione: obiettivi, andamento, esportazioni',
    'programme.nationalSection': 'Piattaforma nazionale di monitoraggio',
    'programme.minorsFrom': 'Ammette cittadini tra 14 e 17 anni dal',
    'programme.minorsFrom.hint':
      'Facoltativa: dal giorno in cui il programma è autorizzato a servire i minorenni tra 14 e 17 anni. Lascia vuoto se non li ammette.',
    'programme.minors': 'Cittadini tra 14 e 17 anni',
    'programme.minors.from': 'ammessi dal {date}',
    'programme.minors.none': 'non ammessi',
    'programme.nationalPolicy': 'Linea della piattaforma nazionale',
    'programme.nationalPolicy.hint':
      'Decide il formato del file da caricare: CSV per la Rete dei servizi, Excel (.xlsx) per il Servizio Civile.',
    'programme.policy.RFD': 'Rete dei servizi di facilitazione digitale',
    'programme.policy.SCD': 'Servizio Civile Digitale',
    'programme.nationalProgrammeCode': 'Codice del programma sulla piattaforma nazionale',
    'programme.nationalProjectId': 'Identificativo del progetto sulla piattaforma nazionale',
    'programme.nationalCode.hint': 'Lettere, cifre e i segni . _ - / (al massimo 64 caratteri). Facoltativo.',
    'programme.notGiven': 'Non indicato',
    ...metricMessages('it'),
  },
  en: {
    'programmes.title': 'Programmes',
    'programmes.none': 'No programmes yet.',
    'programmes.add': 'New programme',
    'programmes.create': 'Create the programme',
    'programme.name': 'Programme name',
    'programme.description': 'Description',
    'programme.funding': 'Funding',
    'programme.funding.hint':
      'Pick a suggestion or type the source, e.g. "PNRR M1C1 1.7.2", "Regionale" (regional), "Fondi propri" (own funds).',
    'programme.funding.none': 'Funding not given',
    'programme.start': 'Start date',
    'programme.end': 'End date',
    'programme.dates.hint': 'As YYYY-MM-DD, e.g. 2026-01-31.',
    'programme.period': 'Period',
    'programme.period.value': 'from {start} to {end}',
    'programme.organisation': 'Owner',
    'programme.partners': 'Partner organisations',
    'programme.partners.none': 'No partners.',
    'programme.partners.noChoices': 'There are no other organisations yet.',
    'programme.national': 'Reporting to the national platform (Facilita)',
    'programme.national.hint':
      "When on, every facilitation service needs the citizen's codice fiscale, stored encrypted, for national reporting.",
    'programme.national.auto': 'Automatic: on only for PNRR M1C1 1.7.2 funding',
    'programme.national.on': 'On',
    'programme.national.off': 'Off',
    'programme.national.checkbox': 'Report every service to the national platform (Facilita)',
    'programme.retention': "Retention of bookings' personal data (days)",
    'programme.retention.hint':
      'This many days after an event ends, the name, e-mail and phone of those who booked are erased. Default: {default} days; at most {max}.',
    'programme.retention.value': '{days} days after each event',
    'programme.targets': 'Targets',
    'programme.targets.none': 'No targets yet.',
    'programme.targets.count': '{n} targets',
    'programme.targets.count.one': '1 target',
    'programme.targets.hint':
      'Each row is a milestone: a metric, the value to reach and the date to reach it by. One metric can have several milestones, e.g. 5,000 citizens by 31 December and 18,000 by the end of the next year. Empty rows are not saved.',
    'programme.target.row': 'Target {n}',
    'programme.target.metric': 'Metric',
    'programme.target.metric.choose': 'Choose a metric',
    'programme.target.value': 'Value to reach',
    'programme.target.deadline': 'By',
    'programme.target.label': 'Description (optional)',
    'programme.target.remove': 'Remove this target',
    'programme.target.by': 'by {date}',
    'programme.edit': 'Edit the programme',
    'programme.created': 'Programme created. You can now set its targets.',
    'programme.saved': 'Changes saved.',
    'programme.yes': 'Yes',
    'programme.no': 'No',
    'programme.dashboard': 'Facilitation dashboard: targets, progress, exports',
    'programme.nationalSection': 'National monitoring platform',
    'programme.minorsFrom': 'Admits citizens aged 14 to 17 from',
    'programme.minorsFrom.hint': 'Optional: the day from which the programme may serve minors aged 14 to 17. Leave empty if it does not.',
    'programme.minors': 'Citizens aged 14 to 17',
    'programme.minors.from': 'admitted from {date}',
    'programme.minors.none': 'not admitted',
    'programme.nationalPolicy': 'National platform line',
    'programme.nationalPolicy.hint':
      'Sets the format of the upload file: CSV for the facilitation network, Excel (.xlsx) for the civil service.',
    'programme.policy.RFD': 'Digital facilitation services network',
    'programme.policy.SCD': 'Digital civil service',
    'programme.nationalProgrammeCode': 'Programme code on the national platform',
    'programme.nationalProjectId': 'Project id on the national platform',
    'programme.nationalCode.hint': 'Letters, digits and . _ - / (at most 64 characters). Optional.',
    'programme.notGiven': 'Not given',
    ...metricMessages('en'),
  },
});

export type FormValues = Record<string, string | string[] | undefined>;
type Choice = { id: string; name: string };

const val = (v: FormValues | undefined, k: string): string => {
  const x = v?.[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};

const crumbsFor = (ctx: PageContext, org: Choice, more: { href?: string; label: string }[]) => [
  { href: '/admin', label: t(ctx.lang, 'nav.backoffice') },
  { href: `/admin/organisations/${org.id}`, label: org.name },
  ...more,
];

function FormProblem(props: { errors: Errors }): VNode | null {
  return props.errors._ ? (
    <div class="alert alert-danger" role="alert">
      {props.errors._}
    </div>
  ) : null;
}

const period = (l: Lang, p: { start: string; end: string }) =>
  t(l, 'programme.period.value', { start: formatDate(p.start, l), end: formatDate(p.end, l) });

// Always grouped ("5.000", not "5000"), as targets are written in Italian public documents.
const formats = {
  it: new Intl.NumberFormat('it-IT', { useGrouping: 'always' } as unknown as Intl.NumberFormatOptions),
  en: new Intl.NumberFormat('en-GB', { useGrouping: 'always' } as unknown as Intl.NumberFormatOptions),
};
const number = (l: Lang, n: number) => formats[l].format(n);

/** Labels for the error summary, so "Obiettivo 2 · Valore: …" says which row is wrong. */
function errorLabels(l: Lang, errors: Errors): Record<string, string> {
  const labels: Record<string, string> = {
    name: t(l, 'programme.name'),
    description: t(l, 'programme.description'),
    funding: t(l, 'programme.funding'),
    start: t(l, 'programme.start'),
    end: t(l, 'programme.end'),
    partners: t(l, 'programme.partners'),
    nationalReporting: t(l, 'programme.national'),
    retentionDays: t(l, 'programme.retention'),
    targets: t(l, 'programme.targets'),
    minorsFrom: t(l, 'programme.minorsFrom'),
    nationalPolicy: t(l, 'programme.nationalPolicy'),
    nationalProgrammeCode: t(l, 'programme.nationalProgrammeCode'),
    nationalProjectId: t(l, 'programme.nationalProjectId'),
  };
  for (const field of Object.keys(errors)) {
    const m = /^targets\.(\d+)\.(metric|value|deadline|label)$/.exec(field);
    if (!m) continue;
    const what = {
      metric: 'programme.target.metric',
      value: 'programme.target.value',
      deadline: 'programme.target.deadline',
      label: 'programme.target.label',
    }[m[2] as 'metric'];
    labels[field] = `${t(l, 'programme.target.row', { n: Number(m[1]) + 1 })} · ${t(l, what)}`;
  }
  return labels;
}

function PartnerChoices(props: { l: Lang; values: FormValues; errors: Errors; choices: Choice[] }): VNode {
  const { l, values: v, errors: e } = props;
  const chosen = new Set(Array.isArray(v.partners) ? v.partners : v.partners ? [v.partners] : []);
  return (
    <fieldset class="mb-3" id="f-partners" tabIndex={-1} aria-describedby={e.partners ? 'e-partners' : undefined}>
      <legend class="h6">{t(l, 'programme.partners')}</legend>
      {e.partners ? (
        <div class="ponte-field-error" id="e-partners">
          {e.partners}
        </div>
      ) : null}
      {props.choices.length === 0 ? <p>{t(l, 'programme.partners.noChoices')}</p> : null}
      {props.choices.map((p) => (
        <div class="form-check">
          <input class="form-check-input" type="checkbox" name="partners" value={p.id} id={`p-${p.id}`} checked={chosen.has(p.id)} />
          <label class="form-check-label" for={`p-${p.id}`}>
            {p.name}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function ProgrammeFields(props: { l: Lang; values: FormValues; errors: Errors; partnerChoices: Choice[]; creating: boolean }): VNode {
  const { l, values: v, errors: e } = props;
  return (
    <>
      <TextField name="name" label={t(l, 'programme.name')} required value={val(v, 'name')} error={e.name} maxLength={200} />
      <TextArea
        name="description"
        label={t(l, 'programme.description')}
        value={val(v, 'description')}
        error={e.description}
        maxLength={4000}
        rows={4}
      />
      <TextField
        name="funding"
        label={t(l, 'programme.funding')}
        value={val(v, 'funding')}
        error={e.funding}
        hint={t(l, 'programme.funding.hint')}
        maxLength={200}
        list="funding-suggestions"
      />
      <datalist id="funding-suggestions">
        {FUNDING_SUGGESTIONS.map((f) => (
          <option value={f} />
        ))}
      </datalist>
      <TextField
        name="start"
        type="date"
        label={t(l, 'programme.start')}
        required
        value={val(v, 'start')}
        error={e.start}
        hint={t(l, 'programme.dates.hint')}
      />
      <TextField name="end" type="date" label={t(l, 'programme.end')} required value={val(v, 'end')} error={e.end} />
      <PartnerChoices l={l} values={v} errors={e} choices={props.partnerChoices} />
      {props.creating ? (
        <SelectField
          name="nationalReporting"
          label={t(l, 'programme.national')}
          value={val(v, 'nationalReporting')}
          error={e.nationalReporting}
          hint={t(l, 'programme.national.hint')}
          options={[
            { value: '', label: t(l, 'programme.national.auto') },
            { value: '1', label: t(l, 'programme.national.on') },
            { value: '0', label: t(l, 'programme.national.off') },
          ]}
        />
      ) : (
        <CheckboxField
          name="nationalReporting"
          label={t(l, 'programme.national.checkbox')}
          checked={val(v, 'nationalReporting') === '1'}
          hint={t(l, 'programme.national.hint')}
          error={e.nationalReporting}
        />
      )}
      <TextField
        name="retentionDays"
        label={t(l, 'programme.retention')}
        inputMode="numeric"
        value={val(v, 'retentionDays')}
        error={e.retentionDays}
        hint={t(l, 'programme.retention.hint', { default: RETENTION_DEFAULT, max: RETENTION_MAX })}
        maxLength={4}
      />
      <fieldset class="mb-3">
        <legend class="h6">{t(l, 'programme.nationalSection')}</legend>
        <SelectField
          name="nationalPolicy"
          label={t(l, 'programme.nationalPolicy')}
          value={val(v, 'nationalPolicy') || 'RFD'}
          error={e.nationalPolicy}
          hint={t(l, 'programme.nationalPolicy.hint')}
          options={NATIONAL_POLICIES.map((x) => ({ value: x, label: `${x} · ${t(l, `programme.policy.${x}`)}` }))}
        />
        <TextField
          name="minorsFrom"
          type="date"
          label={t(l, 'programme.minorsFrom')}
          value={val(v, 'minorsFrom')}
          error={e.minorsFrom}
          hint={t(l, 'programme.minorsFrom.hint')}
        />
        <TextField
          name="nationalProgrammeCode"
          label={t(l, 'programme.nationalProgrammeCode')}
          value={val(v, 'nationalProgrammeCode')}
          error={e.nationalProgrammeCode}
          hint={t(l, 'programme.nationalCode.hint')}
          maxLength={64}
        />
        <TextField
          name="nationalProjectId"
          label={t(l, 'programme.nationalProjectId')}
          value={val(v, 'nationalProjectId')}
          error={e.nationalProjectId}
          hint={t(l, 'programme.nationalCode.hint')}
          maxLength={64}
        />
      </fieldset>
    </>
  );
}

/** One fieldset per milestone, so the rows read well on a phone and need no script. */
function TargetRows(props: { l: Lang; values: FormValues; errors: Errors; rows: number; removable: Set<number> }): VNode {
  const { l, values: v, errors: e } = props;
  const metricOptions = PROGRAMME_METRICS.map((m) => ({ value: m, label: t(l, `programme.metric.${m}`) }));
  return (
    <fieldset class="mb-3" id="f-targets" tabIndex={-1} aria-describedby="h-targets">
      <legend class="h5">{t(l, 'programme.targets')}</legend>
      <p class="form-text" id="h-targets">
        {t(l, 'programme.targets.hint')}
      </p>
      {e.targets ? <div class="ponte-field-error">{e.targets}</div> : null}
      {Array.from({ length: props.rows }, (_, i) => {
        const f = (k: string) => `targets.${i}.${k}`;
        return (
          <fieldset class="ponte-card mb-3">
            <legend class="h6">{t(l, 'programme.target.row', { n: i + 1 })}</legend>
            <div class="row">
              <div class="col-12 col-md-6">
                <SelectField
                  name={f('metric')}
                  label={t(l, 'programme.target.metric')}
                  value={val(v, f('metric'))}
                  error={e[f('metric')]}
                  placeholder={t(l, 'programme.target.metric.choose')}
                  options={metricOptions}
                />
              </div>
              <div class="col-6 col-md-3">
                <TextField
                  name={f('value')}
                  label={t(l, 'programme.target.value')}
                  inputMode="numeric"
                  value={val(v, f('value'))}
                  error={e[f('value')]}
                  maxLength={12}
                />
              </div>
              <div class="col-6 col-md-3">
                <TextField
                  name={f('deadline')}
                  type="date"
                  label={t(l, 'programme.target.deadline')}
                  value={val(v, f('deadline'))}
                  error={e[f('deadline')]}
                />
              </div>
              <div class="col-12">
                <TextField
                  name={f('label')}
                  label={t(l, 'programme.target.label')}
                  value={val(v, f('label'))}
                  error={e[f('label')]}
                  maxLength={200}
                />
              </div>
            </div>
            {props.removable.has(i) ? (
              <CheckboxField name={f('remove')} label={t(l, 'programme.target.remove')} checked={val(v, f('remove')) === '1'} />
            ) : null}
          </fieldset>
        );
      })}
    </fieldset>
  );
}

function TargetsTable(props: { l: Lang; programme: Programme }): VNode {
  const { l, programme: p } = props;
  if (p.targets.length === 0) return <p>{t(l, 'programme.targets.none')}</p>;
  return (
    <div class="table-responsive">
      <table class="table">
        <caption class="visually-hidden">{t(l, 'programme.targets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'programme.target.metric')}</th>
            <th scope="col" class="text-end">
              {t(l, 'programme.target.value')}
            </th>
            <th scope="col">{t(l, 'programme.target.deadline')}</th>
            <th scope="col">{t(l, 'programme.target.label')}</th>
          </tr>
        </thead>
        <tbody>
          {p.targets.map((x) => (
            <tr>
              <th scope="row">{t(l, `programme.metric.${x.metric}`)}</th>
              <td class="text-end">{number(l, x.value)}</td>
              <td>{formatDate(x.deadline, l)}</td>
              <td>{x.label ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ProgrammesPage(props: {
  ctx: PageContext;
  organisation: Choice;
  programmes: Programme[];
  partnerChoices: Choice[];
  canEdit: boolean;
  errors?: Errors;
  values?: FormValues;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const values: FormValues = props.values ?? { retentionDays: String(RETENTION_DEFAULT), nationalReporting: '', nationalPolicy: 'RFD' };
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'programmes.title')} · ${props.organisation.name}`}
      crumbs={crumbsFor(props.ctx, props.organisation, [{ label: t(l, 'programmes.title') }])}
    >
      <h1>{t(l, 'programmes.title')}</h1>
      {props.programmes.length === 0 ? <p>{t(l, 'programmes.none')}</p> : null}
      <ul class="list-unstyled">
        {props.programmes.map((p) => (
          <li class="ponte-card">
            <a class="fw-bold" href={`/admin/programmes/${p.id}`}>
              {p.name}
            </a>
            <span class="d-block">{period(l, p)}</span>
            <span class="d-block">
              {p.funding ?? t(l, 'programme.funding.none')}
              {p.nationalReporting ? ` · ${t(l, 'programme.national')}` : ''}
            </span>
            {p.partners.length > 0 ? <span class="d-block">{p.partners.map((x) => x.name).join(', ')}</span> : null}
            <span class="d-block">
              {p.targets.length === 1 ? t(l, 'programme.targets.count.one') : t(l, 'programme.targets.count', { n: p.targets.length })}
            </span>
          </li>
        ))}
      </ul>
      {props.canEdit ? (
        <>
          <h2 class="h4 mt-4" id="add-programme">
            {t(l, 'programmes.add')}
          </h2>
          <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={errorLabels(l, errors)} />
          <FormProblem errors={errors} />
          <div class="col-12 col-md-8 col-lg-6 px-0">
            <Form action={`/admin/organisations/${props.organisation.id}/programmes`} csrf={props.ctx.csrf}>
              <ProgrammeFields l={l} values={values} errors={errors} partnerChoices={props.partnerChoices} creating />
              <button type="submit" class="btn btn-primary">
                {t(l, 'programmes.create')}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </Layout>
  );
}

/** Form values for a programme as stored, plus `extraRows` empty target rows for adding. */
export function programmeFormValues(p: Programme, extraRows: number): { values: FormValues; rows: number } {
  const values: FormValues = {
    name: p.name,
    description: p.description ?? '',
    funding: p.funding ?? '',
    start: p.start,
    end: p.end,
    partners: p.partners.map((x) => x.id),
    nationalReporting: p.nationalReporting ? '1' : '',
    retentionDays: String(p.retentionDays),
    minorsFrom: p.minorsFrom ?? '',
    nationalPolicy: p.nationalPolicy,
    nationalProgrammeCode: p.nationalProgrammeCode ?? '',
    nationalProjectId: p.nationalProjectId ?? '',
  };
  p.targets.forEach((x, i) => {
    values[`targets.${i}.metric`] = x.metric;
    values[`targets.${i}.value`] = String(x.value);
    values[`targets.${i}.deadline`] = x.deadline;
    values[`targets.${i}.label`] = x.label ?? '';
  });
  return { values, rows: p.targets.length + extraRows };
}

export function ProgrammePage(props: {
  ctx: PageContext;
  programme: Programme;
  partnerChoices: Choice[];
  canEdit: boolean;
  /** Submitted values and how many target rows they had, when re-rendering with errors. */
  submitted?: { values: FormValues; rows: number };
  errors?: Errors;
  notice?: 'created' | 'saved';
}): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const errors = props.errors ?? {};
  const stored = programmeFormValues(p, 3);
  const form = props.submitted ?? stored;
  // Rows that held a saved target when the page was drawn can be removed with a checkbox.
  const removable = new Set(Array.from({ length: form.rows }, (_, i) => i).filter((i) => val(form.values, `targets.${i}.metric`) !== ''));
  return (
    <Layout
      ctx={props.ctx}
      title={p.name}
      crumbs={crumbsFor(props.ctx, p.organisation, [
        { href: `/admin/organisations/${p.organisation.id}/programmes`, label: t(l, 'programmes.title') },
        { label: p.name },
      ])}
    >
      <h1>{p.name}</h1>
      {props.notice ? (
        <div class="alert alert-success" role="status">
          {t(l, props.notice === 'created' ? 'programme.created' : 'programme.saved')}
        </div>
      ) : null}
      {p.description ? <p class="lead">{p.description}</p> : null}
      <dl class="ponte-details">
        <dt>{t(l, 'programme.organisation')}</dt>
        <dd>{p.organisation.name}</dd>
        <dt>{t(l, 'programme.period')}</dt>
        <dd>{period(l, p)}</dd>
        <dt>{t(l, 'programme.funding')}</dt>
        <dd>{p.funding ?? t(l, 'programme.funding.none')}</dd>
        <dt>{t(l, 'programme.national')}</dt>
        <dd>{p.nationalReporting ? t(l, 'programme.yes') : t(l, 'programme.no')}</dd>
        <dt>{t(l, 'programme.nationalPolicy')}</dt>
        <dd>{`${p.nationalPolicy} · ${t(l, `programme.policy.${p.nationalPolicy}`)}`}</dd>
        <dt>{t(l, 'programme.minors')}</dt>
        <dd>{p.minorsFrom ? t(l, 'programme.minors.from', { date: formatDate(p.minorsFrom, l) }) : t(l, 'programme.minors.none')}</dd>
        <dt>{t(l, 'programme.nationalProgrammeCode')}</dt>
        <dd>{p.nationalProgrammeCode ?? t(l, 'programme.notGiven')}</dd>
        <dt>{t(l, 'programme.nationalProjectId')}</dt>
        <dd>{p.nationalProjectId ?? t(l, 'programme.notGiven')}</dd>
        <dt>{t(l, 'programme.retention')}</dt>
        <dd>{t(l, 'programme.retention.value', { days: p.retentionDays })}</dd>
        <dt>{t(l, 'programme.partners')}</dt>
        <dd>{p.partners.length > 0 ? p.partners.map((x) => x.name).join(', ') : t(l, 'programme.partners.none')}</dd>
      </dl>
      <h2 class="h4 mt-4">{t(l, 'programme.targets')}</h2>
      <TargetsTable l={l} programme={p} />
      {props.canEdit ? (
        <p>
          <a href={`/admin/programmes/${p.id}/cruscotto`}>{t(l, 'programme.dashboard')}</a>
        </p>
      ) : null}
      {props.canEdit ? (
        <p>
          <a href={`/admin/programmes/${p.id}/gradimento`}>{t(l, 'srv.programmeLink')}</a>
        </p>
      ) : null}
      {props.canEdit ? (
        <>
          <h2 class="h4 mt-4" id="edit-programme">
            {t(l, 'programme.edit')}
          </h2>
          <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={errorLabels(l, errors)} />
          <FormProblem errors={errors} />
          <div class="col-12 col-lg-8 px-0">
            <Form action={`/admin/programmes/${p.id}`} csrf={props.ctx.csrf}>
              <ProgrammeFields l={l} values={form.values} errors={errors} partnerChoices={props.partnerChoices} creating={false} />
              <TargetRows l={l} values={form.values} errors={errors} rows={form.rows} removable={removable} />
              <button type="submit" class="btn btn-primary">
                {t(l, 'form.save')}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </Layout>
  );
}
