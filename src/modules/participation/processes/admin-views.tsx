import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { ChoiceFieldset } from '../../../web/components/choice-inputs.js';
import { FieldList } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, Form, type FormBody, Notice, TextArea, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { PROCESS_STATUSES, type ProcessView } from './schemas.js';

/** Staff pages of processes: the organisation's list, the form that creates or edits one. */

type Org = { id: string; name: string };
const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
const at = (v: FormBody[string], i: number) => (Array.isArray(v) ? v[i] : i === 0 ? v : undefined) ?? '';
export const crumbs = (l: Lang, o: Org, title: string, more: { href: string; label: string }[] = []) =>
  staffCrumbs(l, o, { href: `/admin/organisations/${o.id}/partecipazione`, label: t(l, 'participation.admin.title') }, ...more, {
    label: title,
  });

export function AdminProcessListPage(props: { ctx: PageContext; organisation: Org; processes: ProcessView[] }): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const title = t(l, 'participation.admin.title');
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      title={`${title} · ${o.name}`}
      crumbs={crumbs(l, o, title).filter((c) => !('href' in c) || c.href !== `/admin/organisations/${o.id}/partecipazione`)}
    >
      <p>
        <a class="btn btn-primary" href={`/admin/organisations/${o.id}/partecipazione/nuovo`}>
          {t(l, 'participation.admin.new')}
        </a>
      </p>
      {props.processes.length === 0 ? <p>{t(l, 'participation.list.none')}</p> : null}
      <ul>
        {props.processes.map((p) => (
          <li>
            <a href={`/admin/processes/${p.id}`}>{p.title}</a> · {t(l, `participation.status.${p.status}`)} ·{' '}
            <a href={`/admin/processes/${p.id}/proposte`}>{t(l, 'participation.admin.moderate')}</a>
          </li>
        ))}
      </ul>
    </TitledPage>
  );
}

/** The form's values from a process (editing) or from what was sent (a refused submit). */
export function valuesOf(p: ProcessView): FormBody {
  return {
    title: p.title,
    description: p.description,
    status: p.status,
    retentionDays: String(p.retentionDays),
    supportThreshold: String(p.supportThreshold),
    categories: p.categories.join('\n'),
    municipalities: p.municipalities,
    phaseName: p.phases.map((x) => x.name),
    phaseDescription: p.phases.map((x) => x.description ?? ''),
    phaseStart: p.phases.map((x) => x.start),
    phaseEnd: p.phases.map((x) => x.end),
  };
}

export function ProcessFormPage(
  props: FormPageProps & {
    organisation: Org;
    /** The comuni staff may choose, code and name. */
    municipalities: { code: string; name: string }[];
    process?: ProcessView;
    saved?: boolean;
  },
): VNode {
  const { l, e, v } = formPage(props, props.process ? valuesOf(props.process) : {});
  const o = props.organisation;
  const w = (k: string) => t(l, `participation.admin.field.${k}`);
  const title = props.process ? props.process.title : t(l, 'participation.admin.new');
  const rows = Math.max(Array.isArray(v.phaseName) ? v.phaseName.length : v.phaseName ? 1 : 0, 0) + 2;
  const chosen = new Set(Array.isArray(v.municipalities) ? v.municipalities : v.municipalities ? [v.municipalities] : []);
  const anchors: Record<string, string> = {};
  const labels: Record<string, string> = {
    title: w('title'),
    description: w('description'),
    status: w('status'),
    retentionDays: w('retention'),
    supportThreshold: w('threshold'),
    categories: w('categories'),
  };
  for (let i = 0; i < rows; i++) {
    for (const [field, name] of [
      ['name', 'phaseName'],
      ['start', 'phaseStart'],
      ['end', 'phaseEnd'],
    ] as const) {
      anchors[`phases.${i}.${field}`] = `f-p${i}-${name}`;
      labels[`phases.${i}.${field}`] = `${t(l, 'participation.admin.phase', { n: i + 1 })}, ${w(`phase.${field}`)}`;
    }
  }
  const action = props.process ? `/admin/processes/${props.process.id}` : `/admin/organisations/${o.id}/partecipazione`;
  return (
    <TitledPage ctx={props.ctx} heading={title} title={`${title} · ${o.name}`} crumbs={crumbs(l, o, title)}>
      {props.saved ? <Notice kind="success">{t(l, 'participation.admin.saved')}</Notice> : null}
      {props.process ? (
        <p>
          <a href={`/partecipa/processi/${props.process.id}`}>{t(l, 'participation.admin.publicPage')}</a> ·{' '}
          <a href={`/admin/processes/${props.process.id}/proposte`}>{t(l, 'participation.admin.moderate')}</a>
        </p>
      ) : null}
      <ErrorSummary errors={e} title={t(l, 'participation.form.errors')} labels={labels} anchors={anchors} />
      <Form action={action} csrf={props.ctx.csrf}>
        <FieldList
          values={{
            ...v,
            status: one(v.status) || 'draft',
            retentionDays: one(v.retentionDays) || '180',
            supportThreshold: one(v.supportThreshold) || '0',
          }}
          errors={e}
          label={(name) => w(({ retentionDays: 'retention', supportThreshold: 'threshold' } as Record<string, string>)[name] ?? name)}
          fields={[
            { name: 'title', required: true, maxLength: 200 },
            { name: 'description', kind: 'area', rows: 5, maxLength: 10000 },
            {
              name: 'status',
              kind: 'select',
              required: true,
              options: PROCESS_STATUSES.map((s) => ({ value: s, label: t(l, `participation.status.${s}`) })),
            },
            { name: 'retentionDays', type: 'number', min: 0, max: 3650, hint: w('retention.hint'), required: true },
            { name: 'supportThreshold', type: 'number', min: 0, hint: w('threshold.hint') },
            { name: 'categories', kind: 'area', hint: w('categories.hint'), rows: 5 },
          ]}
        />
        <ChoiceFieldset
          legend={w('municipalities')}
          type="checkbox"
          name="municipalities"
          idPrefix="f-m-"
          checked={(code) => chosen.has(code)}
          choices={props.municipalities.map((m) => ({ value: m.code, label: m.name }))}
        />
        {Array.from({ length: rows }, (_, i) => (
          <fieldset class="mb-3 ponte-card">
            <legend class="h6">{t(l, 'participation.admin.phase', { n: i + 1 })}</legend>
            <TextField
              idPrefix={`p${i}-`}
              name="phaseName"
              label={w('phase.name')}
              value={at(v.phaseName, i)}
              error={e[`phases.${i}.name`]}
              maxLength={120}
            />
            <TextArea
              idPrefix={`p${i}-`}
              name="phaseDescription"
              label={w('phase.description')}
              value={at(v.phaseDescription, i)}
              rows={2}
              maxLength={2000}
            />
            {(['start', 'end'] as const).map((end) => {
              const name = end === 'start' ? 'phaseStart' : 'phaseEnd';
              return (
                <TextField
                  idPrefix={`p${i}-`}
                  name={name}
                  type="date"
                  label={w(`phase.${end}`)}
                  value={at(v[name], i)}
                  error={e[`phases.${i}.${end}`]}
                />
              );
            })}
          </fieldset>
        ))}
        <SubmitButton label={t(l, 'participation.admin.save')} />
      </Form>
    </TitledPage>
  );
}
