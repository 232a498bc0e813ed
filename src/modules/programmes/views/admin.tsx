import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatDate } from '../../../core/time.js';
import { boundFields, formValue } from '../../../web/components/bound-fields.js';
import { DataTable } from '../../../web/components/data-table.js';
import { DetailList } from '../../../web/components/detail-list.js';
import { CheckboxGroup } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../../web/components/form-page.js';
import { FormSection } from '../../../web/components/form-section.js';
import { OrgListPage } from '../../../web/components/org-list-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { CheckboxField, type Errors, type FormBody, Notice, SelectField } from '../../../web/forms.js';
import { Layout } from '../../../web/layout.js';
import { FUNDING_SUGGESTIONS, NATIONAL_POLICIES, PROGRAMME_METRICS, RETENTION_DEFAULT, RETENTION_MAX } from '../schemas.js';
import type { Programme, ProgrammePartner } from '../service.js';

export type FormValues = FormBody;
type Choice = { id: string; name: string };

const val = formValue;

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
  const { l } = props;
  return (
    <CheckboxGroup
      name="partners"
      legend={t(l, 'programme.partners')}
      values={props.values}
      errors={props.errors}
      options={props.choices.map((p) => ({ value: p.id, label: p.name }))}
      empty={t(l, 'programme.partners.noChoices')}
    />
  );
}

function ProgrammeFields(props: { l: Lang; values: FormValues; errors: Errors; partnerChoices: Choice[]; creating: boolean }): VNode {
  const { l, values: v, errors: e } = props;
  const f = boundFields({ values: v, errors: e, label: (name) => t(l, `programme.${name}`) });
  return (
    <>
      <f.Text name="name" required maxLength={200} />
      <f.Area name="description" maxLength={4000} rows={4} />
      <f.Text name="funding" hint={t(l, 'programme.funding.hint')} maxLength={200} list="funding-suggestions" />
      <datalist id="funding-suggestions">
        {FUNDING_SUGGESTIONS.map((x) => (
          <option value={x} />
        ))}
      </datalist>
      <f.Text name="start" type="date" required hint={t(l, 'programme.dates.hint')} />
      <f.Text name="end" type="date" required />
      <PartnerChoices l={l} values={v} errors={e} choices={props.partnerChoices} />
      {props.creating ? (
        <f.Select
          name="nationalReporting"
          label={t(l, 'programme.national')}
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
      <f.Text
        name="retentionDays"
        label={t(l, 'programme.retention')}
        inputMode="numeric"
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
        <f.Text name="minorsFrom" type="date" hint={t(l, 'programme.minorsFrom.hint')} />
        <f.Text name="nationalProgrammeCode" hint={t(l, 'programme.nationalCode.hint')} maxLength={64} />
        <f.Text name="nationalProjectId" hint={t(l, 'programme.nationalCode.hint')} maxLength={64} />
      </fieldset>
    </>
  );
}

/** One fieldset per milestone, so the rows read well on a phone and need no script. */
function TargetRows(props: { l: Lang; values: FormValues; errors: Errors; rows: number; removable: Set<number> }): VNode {
  const { l, values: v, errors: e } = props;
  const metricOptions = PROGRAMME_METRICS.map((m) => ({ value: m, label: t(l, `programme.metric.${m}`) }));
  // `targets.3.value` is labelled as `programme.target.value`.
  const f = boundFields({ values: v, errors: e, label: (name) => t(l, `programme.target.${name.split('.')[2]}`) });
  return (
    <fieldset class="mb-3" id="f-targets" tabIndex={-1} aria-describedby="h-targets">
      <legend class="h5">{t(l, 'programme.targets')}</legend>
      <p class="form-text" id="h-targets">
        {t(l, 'programme.targets.hint')}
      </p>
      {e.targets ? <div class="ponte-field-error">{e.targets}</div> : null}
      {Array.from({ length: props.rows }, (_, i) => {
        const n = (k: string) => `targets.${i}.${k}`;
        return (
          <fieldset class="ponte-card mb-3">
            <legend class="h6">{t(l, 'programme.target.row', { n: i + 1 })}</legend>
            <div class="row">
              <div class="col-12 col-md-6">
                <f.Select name={n('metric')} placeholder={t(l, 'programme.target.metric.choose')} options={metricOptions} />
              </div>
              <div class="col-6 col-md-3">
                <f.Text name={n('value')} inputMode="numeric" maxLength={12} />
              </div>
              <div class="col-6 col-md-3">
                <f.Text name={n('deadline')} type="date" />
              </div>
              <div class="col-12">
                <f.Text name={n('label')} maxLength={200} />
              </div>
            </div>
            {props.removable.has(i) ? (
              <CheckboxField name={n('remove')} label={t(l, 'programme.target.remove')} checked={val(v, n('remove')) === '1'} />
            ) : null}
          </fieldset>
        );
      })}
    </fieldset>
  );
}

function TargetsTable(props: { l: Lang; programme: Programme }): VNode {
  const { l, programme: p } = props;
  const columns = [
    t(l, 'programme.target.metric'),
    { label: t(l, 'programme.target.value'), class: 'text-end' },
    t(l, 'programme.target.deadline'),
    t(l, 'programme.target.label'),
  ];
  return (
    <DataTable caption={t(l, 'programme.targets')} columns={columns} none={t(l, 'programme.targets.none')}>
      {p.targets.map((x) => (
        <tr>
          <th scope="row">{t(l, `programme.metric.${x.metric}`)}</th>
          <td class="text-end">{number(l, x.value)}</td>
          <td>{formatDate(x.deadline, l)}</td>
          <td>{x.label ?? ''}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The partners' names; one whose partnership is not accepted yet is marked, for the owner's people only see it. */
function partnerNames(l: Lang, partners: ProgrammePartner[]): string {
  return partners.map((x) => (x.pending ? `${x.name} (${t(l, 'programme.partners.pending')})` : x.name)).join(', ');
}

export function ProgrammesPage(
  props: FormPageProps & {
    organisation: Choice;
    programmes: Programme[];
    partnerChoices: Choice[];
    canEdit: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const values: FormValues = props.values ?? { retentionDays: String(RETENTION_DEFAULT), nationalReporting: '', nationalPolicy: 'RFD' };
  return (
    <OrgListPage
      ctx={props.ctx}
      organisation={props.organisation}
      title={t(l, 'programmes.title')}
      none={t(l, 'programmes.none')}
      cards={props.programmes.map((p) => ({
        name: p.name,
        href: `/admin/programmes/${p.id}`,
        body: (
          <>
            <span class="d-block">{period(l, p)}</span>
            <span class="d-block">
              {p.funding ?? t(l, 'programme.funding.none')}
              {p.nationalReporting ? ` · ${t(l, 'programme.national')}` : ''}
            </span>
            {p.partners.length > 0 ? <span class="d-block">{partnerNames(l, p.partners)}</span> : null}
            <span class="d-block">
              {p.targets.length === 1 ? t(l, 'programme.targets.count.one') : t(l, 'programme.targets.count', { n: p.targets.length })}
            </span>
          </>
        ),
      }))}
      add={
        props.canEdit && {
          id: 'add-programme',
          heading: t(l, 'programmes.add'),
          submit: t(l, 'programmes.create'),
          path: 'programmes',
          errors,
          labels: errorLabels(l, errors),
          fields: <ProgrammeFields l={l} values={values} errors={errors} partnerChoices={props.partnerChoices} creating />,
        }
      }
    />
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

export function ProgrammePage(
  props: FormPageProps & {
    programme: Programme;
    partnerChoices: Choice[];
    canEdit: boolean;
    /** Submitted values and how many target rows they had, when re-rendering with errors. */
    submitted?: { values: FormValues; rows: number };
    notice?: 'created' | 'saved';
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const p = props.programme;
  const stored = programmeFormValues(p, 3);
  const form = props.submitted ?? stored;
  // Rows that held a saved target when the page was drawn can be removed with a checkbox.
  const removable = new Set(Array.from({ length: form.rows }, (_, i) => i).filter((i) => val(form.values, `targets.${i}.metric`) !== ''));
  return (
    <Layout
      ctx={props.ctx}
      title={p.name}
      crumbs={staffCrumbs(
        l,
        p.organisation,
        { href: `/admin/organisations/${p.organisation.id}/programmes`, label: t(l, 'programmes.title') },
        { label: p.name },
      )}
    >
      <h1>{p.name}</h1>
      {props.notice ? <Notice kind="success">{t(l, props.notice === 'created' ? 'programme.created' : 'programme.saved')}</Notice> : null}
      {p.description ? <p class="lead">{p.description}</p> : null}
      <DetailList
        class="ponte-details"
        details={[
          { term: t(l, 'programme.organisation'), value: p.organisation.name },
          { term: t(l, 'programme.period'), value: period(l, p) },
          { term: t(l, 'programme.funding'), value: p.funding ?? t(l, 'programme.funding.none') },
          { term: t(l, 'programme.national'), value: p.nationalReporting ? t(l, 'programme.yes') : t(l, 'programme.no') },
          { term: t(l, 'programme.nationalPolicy'), value: `${p.nationalPolicy} · ${t(l, `programme.policy.${p.nationalPolicy}`)}` },
          {
            term: t(l, 'programme.minors'),
            value: p.minorsFrom ? t(l, 'programme.minors.from', { date: formatDate(p.minorsFrom, l) }) : t(l, 'programme.minors.none'),
          },
          { term: t(l, 'programme.nationalProgrammeCode'), value: p.nationalProgrammeCode ?? t(l, 'programme.notGiven') },
          { term: t(l, 'programme.nationalProjectId'), value: p.nationalProjectId ?? t(l, 'programme.notGiven') },
          { term: t(l, 'programme.retention'), value: t(l, 'programme.retention.value', { days: p.retentionDays }) },
          {
            term: t(l, 'programme.partners'),
            value: p.partners.length > 0 ? partnerNames(l, p.partners) : t(l, 'programme.partners.none'),
          },
        ]}
      />
      <h2 class="h4 mt-4">{t(l, 'programme.targets')}</h2>
      <TargetsTable l={l} programme={p} />
      <p>
        <a href={`/admin/programmes/${p.id}/piano`}>{t(l, 'programme.plan.manage')}</a>
      </p>
      <p>
        <a href={`/admin/programmes/${p.id}/copertura`}>{t(l, 'programme.coverage.link')}</a>
        {' · '}
        <a href={`/admin/programmes/${p.id}/rapporto`}>{t(l, 'programme.report.title')}</a>
      </p>
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
        <FormSection
          id="edit-programme"
          heading={t(l, 'programme.edit')}
          ctx={props.ctx}
          errors={errors}
          labels={errorLabels(l, errors)}
          action={`/admin/programmes/${p.id}`}
          submit={t(l, 'form.save')}
          width="col-12 col-lg-8"
        >
          <ProgrammeFields l={l} values={form.values} errors={errors} partnerChoices={props.partnerChoices} creating={false} />
          <TargetRows l={l} values={form.values} errors={errors} rows={form.rows} removable={removable} />
        </FormSection>
      ) : null}
    </Layout>
  );
}
