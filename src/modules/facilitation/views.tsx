import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { SubmitButton } from '../../web/components/form-page.js';
import { ErrorSummary, type Errors, Form, type FormBody, FormProblem, Notice, TextField } from '../../web/forms.js';

export type { FormBody } from '../../web/forms.js';

import { boundFields, formValue } from '../../web/components/bound-fields.js';
import { FieldsetNotes } from '../../web/components/fieldset-notes.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { TitledPage } from '../../web/components/titled-page.js';
import type { PageContext } from '../../web/layout.js';
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
  EDUCATION,
  EMPLOYMENT,
  type Gender,
  KINDS,
  SERVICES_SHORT,
} from './codes.js';
import type { EditRight, Lookup, RecordView } from './service.js';

export const STYLES = <link rel="stylesheet" href="/facilitazioni/stile.css" />;

/** The crumbs of a page under a programme's dashboard (its export, its import). */
export const dashboardCrumbs = (l: Lang, p: { id: string; name: string }, here: string) =>
  staffCrumbs(
    l,
    null,
    { href: `/admin/programmes/${p.id}`, label: p.name },
    { href: `/admin/programmes/${p.id}/cruscotto`, label: t(l, 'dash.crumb') },
    { label: here },
  );

/** A page under a programme's dashboard: its heading `<page>.title` with the programme's name, and the crumbs through the dashboard. */
export function DashboardSubPage(props: {
  ctx: PageContext;
  programme: { id: string; name: string };
  page: 'export' | 'import';
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={t(l, `${props.page}.title`, { name: p.name })}
      crumbs={dashboardCrumbs(l, p, t(l, `dash.${props.page}`))}
      head={STYLES}
    >
      {props.children}
    </TitledPage>
  );
}

/** A field's first value ('' when none). */
export const val = formValue;
export const vals = (v: FormBody, k: string): string[] => {
  const x = v[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

const numberFmt = new Intl.NumberFormat('it-IT', { useGrouping: 'always' } as unknown as Intl.NumberFormatOptions);
export const n = (x: number) => numberFmt.format(x);
export const hours = (minutes: number) => n(Math.round(minutes / 6) / 10);

export const GENDER_TEXT: Record<Gender, string> = { F: 'donna', M: 'uomo', NB: 'non binario', ND: 'non indicato' };

export const options = (list: CodeList) => Object.entries(list).map(([value, label]) => ({ value, label }));

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
      <FieldsetNotes name={props.name} hint={props.hint} error={props.error} />
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

/**
 * Choices bound to one form's values, errors and labels, as boundFields binds fields: each takes
 * what is chosen, its error and (unless given) its legend from its name.
 *
 *   const Choice = boundChoices({ values: v, errors: e, label: (name) => t(l, `q.${name}`) });
 *   <Choice name="es3" list={RETURN} type="radio" />
 */
export function boundChoices(form: { values: FormBody; errors: Errors; label: (name: string) => string }) {
  return (p: Omit<Parameters<typeof Choices>[0], 'legend' | 'chosen' | 'error'> & { legend?: string }): VNode =>
    Choices({ ...p, legend: p.legend ?? form.label(p.name), chosen: vals(form.values, p.name), error: form.errors[p.name] });
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
      <FieldsetNotes name="competences" hint={t(l, 'fac.competences.hint')} error={props.error} />
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

/** The record form's fields and choices, bound to its values, errors and labels. */
function recordFields(l: Lang, v: FormBody, e: Errors) {
  const form = { values: v, errors: e, label: (name: string) => FIELD_LABELS(l)[name] };
  return { f: boundFields(form), Choice: boundChoices(form) };
}

/** What the page says before the form: saved, sent, read-only. */
function RecordNotices(props: { l: Lang; saved: SavedNotice | null; notice?: string | null; right?: EditRight; readOnly: boolean }): VNode {
  const { l } = props;
  return (
    <>
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
      {props.readOnly && props.right && !props.right.ok ? <Notice kind="info">{t(l, props.right.key, props.right.vars)}</Notice> : null}
    </>
  );
}

/** Who was served: the codice fiscale (with the look-up on a new record), names, another identifier. */
function CitizenFields(props: { l: Lang; v: FormBody; e: Errors; editing: boolean; lookup: Lookup | null }): VNode {
  const { l, v, e, editing } = props;
  const lk = props.lookup;
  const { f } = recordFields(l, v, e);
  return (
    <fieldset class="mb-4">
      <legend class="h4">{t(l, 'fac.citizen')}</legend>
      <f.Text name="fiscalCode" hint={t(l, 'fac.cf.hint')} maxLength={16} autocomplete="off" />
      {editing ? null : (
        <button type="submit" name="action" value="lookup" class="btn btn-outline-primary mb-3">
          {t(l, 'fac.cf.lookup')}
        </button>
      )}
      {lk && !lk.error && (val(v, 'fiscalCode') || val(v, 'identifier')) ? (
        <Notice kind={lk.known ? 'success' : 'info'}>
          {lk.known ? t(l, 'fac.cf.known') : t(l, 'fac.cf.new')}{' '}
          {lk.gender && lk.ageBand ? t(l, 'fac.cf.derived', { gender: GENDER_TEXT[lk.gender], band: AGE_BAND_LABEL[lk.ageBand] }) : null}
        </Notice>
      ) : null}
      <p class="form-text" id="h-names">
        {t(l, 'fac.names.hint')}
      </p>
      {(['firstName', 'lastName', 'identifier'] as const).map((name) => (
        <TextField
          name={name}
          label={t(l, `fac.${name}`)}
          value={val(v, name)}
          error={e[name]}
          hint={name === 'identifier' ? t(l, 'fac.identifier.hint') : undefined}
          maxLength={100}
          autocomplete="off"
        />
      ))}
    </fieldset>
  );
}

/** The service: programme, venue, date, duration, kinds, competences, services. */
function ServiceFields(props: { l: Lang; v: FormBody; e: Errors; editing: boolean; choices: FormChoices }): VNode {
  const { l, v, e, editing } = props;
  const { f, Choice } = recordFields(l, v, e);
  return (
    <fieldset class="mb-4">
      <legend class="h4">{t(l, 'fac.service')}</legend>
      {editing ? (
        <input type="hidden" name="programme" value={val(v, 'programme')} />
      ) : (
        <f.Select
          name="programme"
          required
          placeholder={t(l, 'fac.programme.choose')}
          options={props.choices.programmes.map((p) => ({
            value: p.id,
            label: `${p.name} (${p.organisation})${p.nationalReporting ? t(l, 'fac.programme.cfRequired') : ''}`,
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
          <f.Text name="date" type="date" required />
        </div>
        <div class="col-12 col-sm-6">
          <f.Text name="duration" required hint={t(l, 'fac.duration.hint')} maxLength={5} inputMode="numeric" />
        </div>
      </div>
      <Choice name="kinds" list={KINDS} />
      <Competences chosen={vals(v, 'competences')} error={e.competences} l={l} />
      <Choice name="services" list={SERVICES_SHORT} columns />
      <f.Area name="details" maxLength={600} rows={3} />
    </fieldset>
  );
}

/** The citizen's profile: education, employment, citizenship, domicile; gender and age band without a codice fiscale. */
function ProfileFields(props: { l: Lang; v: FormBody; e: Errors; choices: FormChoices }): VNode {
  const { l, v, e } = props;
  const { f, Choice } = recordFields(l, v, e);
  return (
    <fieldset class="mb-4">
      <legend class="h4">{t(l, 'fac.profile')}</legend>
      <f.Select name="education" required placeholder={t(l, 'fac.choose')} options={options(EDUCATION)} />
      <f.Select name="employment" required placeholder={t(l, 'fac.choose')} options={options(EMPLOYMENT)} />
      <Choice name="citizenship" list={CITIZENSHIP} type="radio" />
      <f.Text name="province" required hint={t(l, 'fac.province.hint')} maxLength={60} list="province-list" autocomplete="off" />
      <datalist id="province-list">
        {props.choices.provinces.map((p) => (
          <option value={p} />
        ))}
      </datalist>
      <details class="mb-3" open={!!(val(v, 'gender') || val(v, 'ageBand') || e.gender || e.ageBand)}>
        <summary>{t(l, 'fac.noCf.summary')}</summary>
        <f.Select
          name="gender"
          placeholder={t(l, 'fac.choose')}
          options={[
            { value: 'F', label: t(l, 'fac.gender.F') },
            { value: 'M', label: t(l, 'fac.gender.M') },
            { value: 'NB', label: t(l, 'fac.gender.NB') },
            { value: 'ND', label: t(l, 'fac.gender.ND') },
          ]}
        />
        <f.Select
          name="ageBand"
          placeholder={t(l, 'fac.choose')}
          options={AGE_BAND_KEYS.map((k) => ({ value: k, label: AGE_BAND_LABEL[k] }))}
        />
      </details>
    </fieldset>
  );
}

/** The consent to the processing: how and when it was given. */
function ConsentFields(props: { l: Lang; v: FormBody; e: Errors }): VNode {
  const { l, v, e } = props;
  const { f, Choice } = recordFields(l, v, e);
  return (
    <fieldset class="mb-4">
      <legend class="h4">{t(l, 'fac.consent')}</legend>
      <Choice name="consentChannel" list={CONSENT_LABELS as CodeList} keys={[...CONSENT_CHANNELS]} type="radio" />
      <f.Text name="consentDate" type="date" required />
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
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      crumbs={staffCrumbs(
        l,
        null,
        { href: '/admin/facilitazioni', label: t(l, 'fac.title.mine') },
        { label: editing ? formatDate(props.record!.date, l) : t(l, 'fac.mine.new') },
      )}
      head={STYLES}
    >
      <RecordNotices l={l} saved={props.saved} notice={props.notice} right={props.right} readOnly={!!readOnly} />
      <FormProblem errors={e} />
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={FIELD_LABELS(l)} />
      <Form action={action} csrf={props.ctx.csrf} class="ponte-record-form">
        <CitizenFields l={l} v={v} e={e} editing={editing} lookup={props.lookup} />
        <ServiceFields l={l} v={v} e={e} editing={editing} choices={props.choices} />
        <ProfileFields l={l} v={v} e={e} choices={props.choices} />
        <ConsentFields l={l} v={v} e={e} />
        {readOnly ? null : (
          <button type="submit" name="action" value="save" class="btn btn-primary btn-lg mb-4">
            {editing ? t(l, 'fac.update') : t(l, 'fac.save')}
          </button>
        )}
      </Form>
      {editing && props.record ? <RecordActions ctx={props.ctx} record={props.record} right={props.right!} errors={e} /> : null}
    </TitledPage>
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
            <SubmitButton label={t(l, 'fac.questionnaire.send')} class="btn btn-outline-primary" />
          </Form>
        )}
      </section>
      {props.right.ok ? (
        <Form action={`/admin/facilitazioni/${r.id}/elimina`} csrf={props.ctx.csrf} class="mb-4">
          <SubmitButton label={t(l, 'fac.delete')} class="btn btn-outline-danger" />
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
    <TitledPage
      ctx={props.ctx}
      heading={t(l, 'fac.title.mine')}
      crumbs={staffCrumbs(l, null, { label: t(l, 'fac.title.mine') })}
      head={STYLES}
    >
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
    </TitledPage>
  );
}
