import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatDate, formatRome } from '../../../core/time.js';
import { boundFields, formValue } from '../../../web/components/bound-fields.js';
import { ChoiceButtons } from '../../../web/components/choice-buttons.js';
import { DataTable } from '../../../web/components/data-table.js';
import { CheckOptions } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../../web/components/form-page.js';
import { ButtonForm, FormSection } from '../../../web/components/form-section.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { ErrorSummary, type Errors, FieldMessages, Form, FormProblem, Notice } from '../../../web/forms.js';
import { Layout } from '../../../web/layout.js';
import type { RowProblem } from '../csv.js';
import { COLUMNS } from '../csv.js';
import { countKey } from '../messages.js';
import type { Band, Readability } from '../readability.js';
import { ACCESS_METHODS, CATEGORIES, LIFE_EVENTS, TRANSITIONS } from '../schemas.js';
import type { ImportReport, Sheet, SheetSummary, TextReadability, Version } from '../service.js';
import { accessLabel, catLabel, lifeLabel, STYLES, StatusBadge, statusLabel, TextNotice } from './common.js';

// ---------- back office: list, new, import, export ----------

interface OrgRef {
  id: string;
  name: string;
}

function ProblemsTable(props: { problems: RowProblem[]; l: Lang }): VNode {
  const l = props.l;
  return (
    <DataTable
      caption={t(l, 'admin.guides.problem')}
      columns={[t(l, 'admin.guides.row'), t(l, 'admin.guides.column'), t(l, 'admin.guides.problem')]}
      class="ponte-guide-problems"
    >
      {props.problems.map((p) => (
        <tr>
          <td>{p.row}</td>
          <td>{p.column || '—'}</td>
          <td>{p.message}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function SheetsTable(props: { sheets: SheetSummary[]; l: Lang }): VNode | null {
  const l = props.l;
  const columns = [t(l, 'field.name'), t(l, 'admin.guides.status'), t(l, 'field.category'), t(l, 'admin.guides.updated')];
  return (
    <DataTable caption={t(l, 'admin.guides')} columns={columns} none={t(l, 'admin.guides.none')}>
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
    </DataTable>
  );
}

/** What a checked file would import, and the button that imports it. */
function ImportPreview(props: { l: Lang; report: ImportReport; action: string; csrf?: string; pending?: string }): VNode {
  const { l, report: r } = props;
  return (
    <>
      <Notice kind="success">{t(l, countKey('admin.guides.import.ok', r.preview.length), { n: r.preview.length })}</Notice>
      <ul>
        {r.preview.map((p) => (
          <li>
            {t(l, 'admin.guides.row')} {p.row}: {p.name} ({p.slug}, {statusLabel(p.status, l)})
          </li>
        ))}
      </ul>
      <form method="post" action={props.action} encType="multipart/form-data" class="mb-4">
        <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
        <input type="hidden" name="pending" value={props.pending ?? ''} />
        <button type="submit" name="intent" value="import" class="btn btn-primary">
          {t(l, countKey('admin.guides.import.confirm', r.preview.length), { n: r.preview.length })}
        </button>
      </form>
    </>
  );
}

function UploadForm(props: { l: Lang; action: string; csrf?: string; error?: string }): VNode {
  const { l, error } = props;
  return (
    <form method="post" action={props.action} encType="multipart/form-data" noValidate>
      <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
      <div class="mb-3 ponte-field">
        <label class="form-label" for="f-file">
          {t(l, 'admin.guides.import.file')}
        </label>
        <input
          class={`form-control${error ? ' is-invalid' : ''}`}
          type="file"
          id="f-file"
          name="file"
          accept=".csv,text/csv"
          aria-describedby={error ? 'h-file e-file' : 'h-file'}
        />
        <FieldMessages name="file" hint={t(l, 'admin.guides.import.hint')} error={error} />
      </div>
      <div class="ponte-actions">
        <ChoiceButtons
          name="intent"
          choices={[
            { value: 'check', label: t(l, 'admin.guides.import.check'), class: 'btn btn-primary' },
            { value: 'import', label: t(l, 'admin.guides.import.run'), class: 'btn btn-outline-primary' },
          ]}
        />
      </div>
    </form>
  );
}

function ColumnsHelp(props: { l: Lang }): VNode {
  return (
    <details class="mt-3">
      <summary>{t(props.l, 'admin.guides.import.columns')}</summary>
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
  );
}

/** The CSV import: the report of the last file, the upload form and the columns it reads. */
function ImportSection(props: { l: Lang; org: OrgRef; csrf?: string; report?: ImportReport; pending?: string; error?: string }): VNode {
  const { l, report: r } = props;
  const action = `/admin/organisations/${props.org.id}/servizi/import`;
  return (
    <>
      <h2 class="h4 mt-5" id="import">
        {t(l, 'admin.guides.import')}
      </h2>
      {r && !r.dryRun && r.ok ? <TextNotice text={t(l, countKey('admin.guides.import.done', r.created), { n: r.created })} /> : null}
      {r && !r.ok ? (
        <Notice kind="danger">{t(l, countKey('admin.guides.import.bad', r.problems.length), { n: r.problems.length })}</Notice>
      ) : null}
      {r && !r.ok ? <ProblemsTable problems={r.problems} l={l} /> : null}
      {r?.dryRun && r.ok ? <ImportPreview l={l} report={r} action={action} csrf={props.csrf} pending={props.pending} /> : null}
      <UploadForm l={l} action={action} csrf={props.csrf} error={props.error} />
      <ColumnsHelp l={l} />
    </>
  );
}

export function AdminListPage(
  props: FormPageProps & {
    organisation: OrgRef;
    sheets: SheetSummary[];
    values?: Record<string, string>;
    report?: ImportReport;
    /** The checked file, base64, carried to the confirm button. */
    pending?: string;
    notice?: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const org = props.organisation;
  const f = boundFields({ values: props.values, errors, label: (name) => t(l, `field.${name}`) });
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'admin.guides')} · ${org.name}`}
      head={STYLES}
      crumbs={staffCrumbs(l, org, { label: t(l, 'admin.guides') })}
    >
      <h1>{t(l, 'admin.guides')}</h1>
      <TextNotice text={props.notice} />
      <SheetsTable sheets={props.sheets} l={l} />
      <p>
        <a href={`/api/v1/organisations/${org.id}/services/export.csv`}>{t(l, 'admin.guides.export')}</a>
      </p>

      <FormSection
        id="new-sheet"
        heading={t(l, 'admin.guides.new')}
        lang={l}
        errors={errors}
        action={`/admin/organisations/${org.id}/servizi`}
        csrf={props.ctx.csrf}
        submit={t(l, 'admin.guides.create')}
      >
        <f.Text name="name" required maxLength={200} />
        <f.Select name="category" required options={CATEGORIES.map((c) => ({ value: c, label: catLabel(c, l) }))} />
        <f.Area name="summary" required hint={t(l, 'field.summary.hint')} maxLength={1000} />
      </FormSection>

      <ImportSection l={l} org={org} csrf={props.ctx.csrf} report={props.report} pending={props.pending} error={errors.file} />
    </Layout>
  );
}

// ---------- the editor ----------

type FormValues = Record<string, string | string[] | undefined>;
const val = formValue;
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
      <CheckOptions name={props.name} options={props.options} checked={(value) => props.checked.includes(value)} />
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

/**
 * The buttons that move the sheet in the workflow (draft → review → published). They are buttons of
 * the editor's form, so what was typed in it is saved with the new status, never thrown away.
 */
function WorkflowButtons(props: { l: Lang; sheet: Sheet }): VNode {
  const { l, sheet: s } = props;
  return (
    <section aria-labelledby="workflow" class="mb-4">
      <h2 class="h4" id="workflow">
        {t(l, 'editor.workflow')}
      </h2>
      <p class="small">{t(l, 'editor.workflow.hint')}</p>
      <div class="ponte-guide-workflow">
        {TRANSITIONS[s.status].map((to) => (
          <button type="submit" name="to" value={to} class={to === 'published' ? 'btn btn-primary' : 'btn btn-outline-primary'}>
            {to === 'draft' && s.status === 'published' ? t(l, 'editor.to.draft.published') : t(l, `editor.to.${to}`)}
          </button>
        ))}
      </div>
    </section>
  );
}

type FieldsProps = { l: Lang; v: FormValues; e: Errors };

/** The numbers of the rows (steps, FAQs) the form shows. */
const numbers = (v: FormValues, prefix: string) => Array.from({ length: rowsOf(v, prefix) }, (_, i) => i + 1);

/** One part of the editor's form, under its legend. */
function EditorFieldset(props: { legend: string; children: ComponentChildren }): VNode {
  return (
    <fieldset class="ponte-guide-fieldset">
      <legend>{props.legend}</legend>
      {props.children}
    </fieldset>
  );
}

/** The editor's fields, labelled `field.<name>` in the dictionary. */
const editorFields = ({ l, v, e }: FieldsProps) => boundFields({ values: v, errors: e, label: (name) => t(l, `field.${name}`) });

function MainFields(props: FieldsProps): VNode {
  const { l, v, e } = props;
  const f = editorFields(props);
  return (
    <EditorFieldset legend={t(l, 'editor.main')}>
      <f.Text name="name" required maxLength={200} />
      <f.Text name="slug" required hint={t(l, 'field.slug.hint')} maxLength={80} />
      <f.Area name="summary" required hint={t(l, 'field.summary.hint')} maxLength={1000} />
      <f.Area name="audience" maxLength={2000} />
      <f.Select name="category" required options={CATEGORIES.map((c) => ({ value: c, label: catLabel(c, l) }))} />
      <CheckboxGroup
        name="access"
        legend={t(l, 'field.access')}
        options={ACCESS_METHODS.map((a) => ({ value: a, label: accessLabel(a, l) }))}
        checked={vals(v, 'access')}
        error={e.access}
      />
      <f.Text name="url" type="url" maxLength={500} />
      <f.Text name="cost" maxLength={500} />
      <f.Text name="times" maxLength={500} />
      <CheckboxGroup
        name="lifeEvents"
        legend={t(l, 'field.lifeEvents')}
        options={LIFE_EVENTS.map((x) => ({ value: x, label: lifeLabel(x, l) }))}
        checked={vals(v, 'lifeEvents')}
        error={e.lifeEvents}
      />
      <f.Area name="body" hint={t(l, 'field.body.hint')} rows={14} maxLength={50000} />
      <f.Area name="contacts" maxLength={2000} />
    </EditorFieldset>
  );
}

function StepFields(props: FieldsProps): VNode {
  const { l, v } = props;
  const f = editorFields(props);
  return (
    <EditorFieldset legend={t(l, 'editor.steps')}>
      <p class="small">{t(l, 'editor.steps.hint')}</p>
      {numbers(v, 'step_text_').map((n) => (
        <div class="mb-3">
          <p class="fw-bold mb-1">{t(l, 'editor.step', { n })}</p>
          <f.Area name={`step_text_${n}`} label={t(l, 'editor.step.text', { n })} rows={2} maxLength={4000} />
          <f.Text name={`step_image_${n}`} label={t(l, 'editor.step.image', { n })} maxLength={500} />
          <f.Text name={`step_alt_${n}`} label={t(l, 'editor.step.alt', { n })} maxLength={300} />
        </div>
      ))}
    </EditorFieldset>
  );
}

function FaqFields(props: FieldsProps): VNode {
  const { l, v } = props;
  const f = editorFields(props);
  return (
    <EditorFieldset legend={t(l, 'editor.faqs')}>
      {numbers(v, 'faq_q_').map((n) => (
        <div class="mb-3">
          <f.Text name={`faq_q_${n}`} label={t(l, 'editor.faq.q', { n })} maxLength={300} />
          <f.Area name={`faq_a_${n}`} label={t(l, 'editor.faq.a', { n })} rows={2} maxLength={4000} />
        </div>
      ))}
    </EditorFieldset>
  );
}

function LinkFields(props: FieldsProps): VNode {
  const { l } = props;
  const f = editorFields(props);
  return (
    <EditorFieldset legend={t(l, 'editor.links')}>
      <f.Text name="topics" hint={t(l, 'field.topics.hint')} maxLength={500} />
      <f.Text name="deskServices" hint={t(l, 'field.deskServices.hint')} maxLength={500} />
    </EditorFieldset>
  );
}

/** Every version, newest first, each but the current one with its restore button. */
function VersionList(props: { l: Lang; sheet: Sheet; versions: Version[]; csrf?: string }): VNode {
  const { l, sheet: s } = props;
  return (
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
              <ButtonForm
                action={`/admin/servizi/${s.id}/versioni/${ver.id}/ripristina`}
                csrf={props.csrf}
                formClass="mt-2"
                label={t(l, 'editor.restore', { n: ver.number })}
                class="btn btn-outline-primary btn-sm"
              />
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function EditorPage(
  props: FormPageProps & {
    sheet: Sheet;
    values: FormValues;
    readability: TextReadability[];
    versions: Version[];
    notice?: string;
  },
): VNode {
  const { l, v, e } = formPage(props);
  const s = props.sheet;
  const org = s.organisation;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'editor.title')}: ${s.name}`}
      head={STYLES}
      crumbs={staffCrumbs(l, org, { href: `/admin/organisations/${org.id}/servizi`, label: t(l, 'admin.guides') }, { label: s.name })}
    >
      <h1>{s.name}</h1>
      <p>
        <StatusBadge status={s.status} l={l} /> {t(l, 'editor.version', { n: s.version })} ·{' '}
        <a href={s.status === 'published' ? s.page : `/servizi/${s.id}`}>
          {s.status === 'published' ? t(l, 'editor.public') : t(l, 'editor.preview')}
        </a>
      </p>
      <TextNotice text={props.notice} />
      <ErrorSummary errors={e} title={t(l, 'form.errors')} />
      <FormProblem errors={e} />

      <div class="row">
        <div class="col-12 col-lg-8">
          <Form action={`/admin/servizi/${s.id}`} csrf={props.ctx.csrf}>
            <input type="hidden" name="version" value={val(v, 'version')} />
            <MainFields l={l} v={v} e={e} />
            <StepFields l={l} v={v} e={e} />
            <FaqFields l={l} v={v} e={e} />
            <LinkFields l={l} v={v} e={e} />
            <div class="ponte-actions mb-4">
              <ChoiceButtons
                name="intent"
                choices={[
                  { value: 'save', label: t(l, 'editor.save'), class: 'btn btn-primary' },
                  { value: 'check', label: t(l, 'editor.check'), class: 'btn btn-outline-primary' },
                ]}
              />
            </div>
            <WorkflowButtons l={l} sheet={s} />
          </Form>
        </div>
        <div class="col-12 col-lg-4">
          <ReadabilityPanel l={l} texts={props.readability} />
        </div>
      </div>

      <VersionList l={l} sheet={s} versions={props.versions} csrf={props.ctx.csrf} />
    </Layout>
  );
}
