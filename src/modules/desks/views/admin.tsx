import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import {
  CheckboxField,
  ErrorSummary,
  type Errors,
  Form,
  FormProblem,
  Notice,
  SelectField,
  TextArea,
  TextField,
} from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { DEFAULT_SERVICES } from '../schemas.js';
import type { DeskView, ExceptionView, OperatorView } from '../service.js';
import { adminCrumbs, type FormValues, municipalityText, STYLES, val, vals, weekdayOptions } from './shared.js';

export function DesksAdminPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  desks: DeskView[];
  venues: { id: string; name: string }[];
  canEdit: boolean;
  errors?: Errors;
  values?: FormValues;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const v = props.values;
  const chosenServices = v ? vals(v, 'services') : ['spid'];
  const chosenDays = v ? vals(v, 'weekdays') : [];
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'desks.admin.desks')}
      head={STYLES}
      crumbs={adminCrumbs(l, props.organisation, [])
        .slice(0, 2)
        .concat([{ label: t(l, 'desks.admin.desks') }])}
    >
      <h1>{t(l, 'desks.admin.desks')}</h1>
      {props.desks.length === 0 ? <p>{t(l, 'desks.admin.desks.none')}</p> : null}
      <ul class="list-unstyled">
        {props.desks.map((d) => (
          <li class="ponte-card">
            <a class="fw-bold" href={`/admin/desks/${d.id}`}>
              {d.name}
            </a>
            {d.active ? null : <span> ({t(l, 'desks.admin.inactive')})</span>}
            <span class="d-block">
              {d.venue.name}, {municipalityText(d)}
            </span>
            <span class="d-block">{d.services.map((s) => s.name).join(' · ')}</span>
            <a href={`/admin/desks/${d.id}/giornata`}>{t(l, 'desks.admin.desk.day')}</a>
          </li>
        ))}
      </ul>
      {props.canEdit ? (
        <>
          <h2 class="h4 mt-4">{t(l, 'desks.admin.desks.new')}</h2>
          <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
          <FormProblem errors={errors} />
          {props.venues.length === 0 ? (
            <p>
              <a href={`/admin/organisations/${props.organisation.id}/venues`}>{t(l, 'desks.admin.desk.venue.none')}</a>
            </p>
          ) : (
            <div class="col-12 col-md-8 col-lg-6 px-0">
              <Form action={`/admin/organisations/${props.organisation.id}/desks`} csrf={props.ctx.csrf}>
                <TextField
                  name="name"
                  label={t(l, 'desks.admin.desk.name')}
                  required
                  value={val(v, 'name')}
                  error={errors.name}
                  maxLength={200}
                />
                <SelectField
                  name="venue"
                  label={t(l, 'desks.admin.desk.venue')}
                  required
                  value={val(v, 'venue')}
                  error={errors.venue}
                  options={props.venues.map((x) => ({ value: x.id, label: x.name }))}
                />
                <fieldset class="mb-3">
                  <legend class="h6">{t(l, 'desks.admin.desk.services')}</legend>
                  {errors.services ? <div class="ponte-field-error">{errors.services}</div> : null}
                  {DEFAULT_SERVICES.map((s) => (
                    <CheckboxFieldX
                      name="services"
                      label={`${s.name} (${s.durationMinutes} min)`}
                      checked={chosenServices.includes(s.code)}
                      value={s.code}
                      id={`svc-${s.code}`}
                    />
                  ))}
                </fieldset>
                <fieldset class="mb-3">
                  <legend class="h6">{t(l, 'desks.admin.desk.days')}</legend>
                  {[1, 2, 3, 4, 5, 6, 7].map((w) => (
                    <CheckboxFieldX
                      name="weekdays"
                      label={t(l, `desks.weekday${w}`)}
                      checked={chosenDays.includes(String(w))}
                      value={String(w)}
                      id={`wd-${w}`}
                    />
                  ))}
                </fieldset>
                {/* The first weekly opening: its times and operators, with the usual values to start from. */}
                {(
                  [
                    ['start', '09:00', 5],
                    ['end', '12:30', 5],
                    ['operators', '1', 2],
                  ] as const
                ).map(([name, usual, maxLength]) => (
                  <TextField
                    name={name}
                    label={t(l, `desks.admin.desk.${name}`)}
                    value={val(v, name) || usual}
                    error={errors[name]}
                    maxLength={maxLength}
                    inputMode="numeric"
                  />
                ))}
                <button type="submit" class="btn btn-primary">
                  {t(l, 'desks.admin.desks.create')}
                </button>
              </Form>
            </div>
          )}
        </>
      ) : null}
    </Layout>
  );
}

/** A checkbox with a value and an id of its own, for a group of checkboxes sharing a name (the shared CheckboxField sends "1"). */
function CheckboxFieldX(p: { name: string; label: string; checked?: boolean; value: string; id: string }): VNode {
  return (
    <div class="form-check">
      <input class="form-check-input" type="checkbox" id={p.id} name={p.name} value={p.value} checked={p.checked} />
      <label class="form-check-label" for={p.id}>
        {p.label}
      </label>
    </div>
  );
}

/** What the sections of a desk's page share: the desk, the language, and each form's values and errors. */
interface Parts {
  l: Lang;
  csrf?: string;
  d: DeskView;
  edit: boolean;
  /** Which form the errors belong to. */
  form?: string;
  e: (form: string) => Errors;
  v: (form: string) => FormValues | undefined;
}

/** A field of one of the add forms: its name, the form's id prefix, the value sent back and its error. */
const field = (p: Parts, form: string, name: string) => ({
  name,
  idPrefix: `${form}-`,
  value: val(p.v(form), name),
  error: p.e(form)[name],
});

/** The small form that removes one entry of a list; `children` names the entry for screen readers. */
function RemoveButton(props: {
  l: Lang;
  csrf?: string;
  action: string;
  class: string;
  hidden?: { name: string; value: string };
  children: ComponentChildren;
}): VNode {
  return (
    <Form action={props.action} csrf={props.csrf} class={props.class}>
      {props.hidden ? <input type="hidden" name={props.hidden.name} value={props.hidden.value} /> : null}
      <button type="submit" class="btn btn-link p-0">
        {t(props.l, 'desks.admin.remove')}
        <span class="visually-hidden"> {props.children}</span>
      </button>
    </Form>
  );
}

/** A folded form that adds an entry, open when it was just refused. */
function AddForm(props: { p: Parts; form: string; title: string; action: string; children: ComponentChildren }): VNode | null {
  const { p } = props;
  if (!p.edit) return null;
  return (
    <details class="mb-3" open={p.form === props.form}>
      <summary>{props.title}</summary>
      <ErrorSummary idPrefix={`${props.form}-`} errors={p.e(props.form)} title={t(p.l, 'form.errors')} />
      <Form action={props.action} csrf={p.csrf}>
        {props.children}
        <button type="submit" class="btn btn-primary">
          {props.title}
        </button>
      </Form>
    </details>
  );
}

const operatorsText = (l: Lang, n: number) => (n === 1 ? t(l, 'desks.operator') : t(l, 'desks.operators', { n }));

function ServicesSection({ p }: { p: Parts }): VNode {
  const { l, d } = p;
  return (
    <>
      <h2 class="h4 mt-4">{t(l, 'desks.services')}</h2>
      <ul class="list-unstyled">
        {d.services.map((s) => (
          <li class="ponte-card">
            <span class="fw-semibold">{s.name}</span> ({s.code}, {t(l, 'desks.minutes', { n: s.durationMinutes })})
            {s.bring.length ? <span class="d-block">{s.bring.join(', ')}</span> : null}
            {p.edit && d.services.length > 1 ? (
              <RemoveButton
                l={l}
                csrf={p.csrf}
                action={`/admin/desks/${d.id}/servizi/rimuovi`}
                class="d-inline"
                hidden={{ name: 'code', value: s.code }}
              >
                {s.name}
              </RemoveButton>
            ) : null}
          </li>
        ))}
      </ul>
      <AddForm p={p} form="service" title={t(l, 'desks.admin.services.add')} action={`/admin/desks/${d.id}/servizi`}>
        <TextField
          {...field(p, 'service', 'code')}
          label={t(l, 'desks.admin.services.code')}
          required
          hint={t(l, 'desks.admin.services.code.hint')}
          maxLength={40}
          list="default-services"
        />
        <datalist id="default-services">
          {DEFAULT_SERVICES.map((s) => (
            <option value={s.code}>{s.name}</option>
          ))}
        </datalist>
        <TextField {...field(p, 'service', 'name')} label={t(l, 'desks.admin.services.name')} maxLength={120} />
        <TextField
          {...field(p, 'service', 'durationMinutes')}
          label={t(l, 'desks.admin.services.duration')}
          maxLength={3}
          inputMode="numeric"
        />
        <TextArea {...field(p, 'service', 'bring')} label={t(l, 'desks.admin.services.bring')} rows={3} />
      </AddForm>
    </>
  );
}

function HoursSection({ p }: { p: Parts }): VNode {
  const { l, d } = p;
  return (
    <>
      <h2 class="h4 mt-4">{t(l, 'desks.hours')}</h2>
      {d.openingHours.length === 0 ? <p>{t(l, 'desks.hours.none')}</p> : null}
      <ul class="list-unstyled">
        {d.openingHours.map((h, i) => (
          <li class="ponte-card">
            <span class="fw-semibold">{t(l, `desks.weekday${h.weekday}`)}</span> {h.start}–{h.end} · {operatorsText(l, h.operators)}
            {p.edit ? (
              <RemoveButton
                l={l}
                csrf={p.csrf}
                action={`/admin/desks/${d.id}/orari/rimuovi`}
                class="d-inline ms-2"
                hidden={{ name: 'index', value: String(i) }}
              >
                {t(l, `desks.weekday${h.weekday}`)} {h.start}–{h.end}
              </RemoveButton>
            ) : null}
          </li>
        ))}
      </ul>
      <AddForm p={p} form="hours" title={t(l, 'desks.admin.hours.add')} action={`/admin/desks/${d.id}/orari`}>
        <SelectField {...field(p, 'hours', 'weekday')} label={t(l, 'desks.admin.hours.weekday')} options={weekdayOptions(l)} />
        <TextField {...field(p, 'hours', 'start')} label={t(l, 'desks.admin.desk.start')} maxLength={5} />
        <TextField {...field(p, 'hours', 'end')} label={t(l, 'desks.admin.desk.end')} maxLength={5} />
        <TextField
          {...field(p, 'hours', 'operators')}
          label={t(l, 'desks.admin.desk.operators')}
          value={val(p.v('hours'), 'operators') || '1'}
          maxLength={2}
          inputMode="numeric"
        />
      </AddForm>
    </>
  );
}

function ExceptionsSection({ p, exceptions }: { p: Parts; exceptions: ExceptionView[] }): VNode {
  const { l, d } = p;
  return (
    <>
      <h2 class="h4 mt-4">{t(l, 'desks.admin.exceptions')}</h2>
      <p>{t(l, 'desks.holidays')}</p>
      {exceptions.length === 0 ? <p>{t(l, 'desks.admin.exceptions.none')}</p> : null}
      <ul class="list-unstyled">
        {exceptions.map((x) => (
          <li class="ponte-card">
            <span class="fw-semibold">{t(l, `desks.kind.${x.kind}`)}</span>: {x.from}
            {x.to !== x.from ? ` – ${x.to}` : ''}
            {x.start ? ` ${x.start}–${x.end}` : ''}
            {x.operators ? ` · ${operatorsText(l, x.operators)}` : ''}
            {x.note ? ` (${x.note})` : ''}
            {p.edit ? (
              <RemoveButton l={l} csrf={p.csrf} action={`/admin/desk-exceptions/${x.id}/rimuovi`} class="d-inline ms-2">
                {t(l, `desks.kind.${x.kind}`)} {x.from}
              </RemoveButton>
            ) : null}
          </li>
        ))}
      </ul>
      <AddForm p={p} form="exception" title={t(l, 'desks.admin.exceptions.add')} action={`/admin/desks/${d.id}/eccezioni`}>
        <SelectField
          {...field(p, 'exception', 'kind')}
          label={t(l, 'desks.admin.exceptions.kind')}
          options={(['closed', 'open', 'blocked'] as const).map((k) => ({ value: k, label: t(l, `desks.kind.${k}`) }))}
        />
        <TextField {...field(p, 'exception', 'from')} label={t(l, 'desks.admin.exceptions.from')} maxLength={10} />
        <TextField {...field(p, 'exception', 'to')} label={t(l, 'desks.admin.exceptions.to')} maxLength={10} />
        <p class="form-text">{t(l, 'desks.admin.exceptions.times.hint')}</p>
        <TextField {...field(p, 'exception', 'start')} label={t(l, 'desks.admin.desk.start')} maxLength={5} />
        <TextField {...field(p, 'exception', 'end')} label={t(l, 'desks.admin.desk.end')} maxLength={5} />
        <TextField {...field(p, 'exception', 'operators')} label={t(l, 'desks.admin.desk.operators')} maxLength={2} inputMode="numeric" />
        <TextField {...field(p, 'exception', 'note')} label={t(l, 'desks.admin.exceptions.note')} maxLength={500} />
      </AddForm>
    </>
  );
}

function OperatorsSection({ p, operators }: { p: Parts; operators: OperatorView[] }): VNode {
  const { l, d } = p;
  return (
    <>
      <h2 class="h4 mt-4">{t(l, 'desks.admin.operators')}</h2>
      <p>{t(l, 'desks.admin.operators.hint')}</p>
      {operators.length === 0 ? <p>{t(l, 'desks.admin.operators.none')}</p> : null}
      <ul class="list-unstyled">
        {operators.map((o) => (
          <li class="ponte-card">
            <span class="fw-semibold">{o.name}</span>:{' '}
            {o.date ? o.date : t(l, 'desks.admin.operators.weekly', { day: t(l, `desks.weekday${o.weekday}`) })}{' '}
            {o.absent ? t(l, 'desks.admin.operators.absentLabel') : `${o.start}–${o.end}`}
            {p.edit ? (
              <RemoveButton l={l} csrf={p.csrf} action={`/admin/desk-operators/${o.id}/rimuovi`} class="d-inline ms-2">
                {o.name}
              </RemoveButton>
            ) : null}
          </li>
        ))}
      </ul>
      <AddForm p={p} form="operator" title={t(l, 'desks.admin.operators.add')} action={`/admin/desks/${d.id}/operatori`}>
        <TextField {...field(p, 'operator', 'name')} label={t(l, 'desks.admin.operators.name')} required maxLength={120} />
        <SelectField
          {...field(p, 'operator', 'weekday')}
          label={t(l, 'desks.admin.operators.weekday')}
          placeholder="—"
          options={weekdayOptions(l)}
        />
        <TextField {...field(p, 'operator', 'date')} label={t(l, 'desks.admin.operators.date')} maxLength={10} />
        <TextField {...field(p, 'operator', 'start')} label={t(l, 'desks.admin.desk.start')} maxLength={5} />
        <TextField {...field(p, 'operator', 'end')} label={t(l, 'desks.admin.desk.end')} maxLength={5} />
        <CheckboxField
          idPrefix="operator-"
          name="absent"
          label={t(l, 'desks.admin.operators.absent')}
          checked={val(p.v('operator'), 'absent') === '1'}
        />
      </AddForm>
    </>
  );
}

function DetailsSection({ p, venues }: { p: Parts; venues: { id: string; name: string }[] }): VNode | null {
  const { l, d } = p;
  if (!p.edit) return null;
  const details = p.v('details');
  const errors = p.e('details');
  /** A field of the details form: the value sent back, or the desk's. */
  const dv = (name: string, fallback: string) => ({ name, value: details ? val(details, name) : fallback, error: errors[name] });
  const limit = d.personLimit;
  return (
    <>
      <h2 class="h4 mt-4">{t(l, 'desks.admin.desk.details')}</h2>
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={`/admin/desks/${d.id}`} csrf={p.csrf}>
          <TextField {...dv('name', d.name)} label={t(l, 'desks.admin.desk.name')} required maxLength={200} />
          <SelectField
            {...dv('venue', d.venue.id)}
            label={t(l, 'desks.admin.desk.venue')}
            options={venues.map((x) => ({ value: x.id, label: x.name }))}
          />
          <TextArea {...dv('description', d.description ?? '')} label={t(l, 'desks.admin.desk.description')} maxLength={4000} />
          <TextField
            {...dv('patronDay', d.patronDay ?? '')}
            label={t(l, 'desks.admin.desk.patronDay')}
            hint={t(l, 'desks.admin.desk.patronDay.hint')}
            maxLength={5}
          />
          <TextField
            {...dv('limitCount', limit ? String(limit.count) : '')}
            label={t(l, 'desks.admin.desk.limitCount')}
            error={errors['personLimit.count'] ?? errors.personLimit}
            hint={t(l, 'desks.admin.desk.limit.hint')}
            maxLength={2}
            inputMode="numeric"
          />
          <TextField
            {...dv('limitDays', limit ? String(limit.days) : '')}
            label={t(l, 'desks.admin.desk.limitDays')}
            error={errors['personLimit.days']}
            maxLength={3}
            inputMode="numeric"
          />
          <TextField
            {...dv('retentionDays', String(d.retentionDays))}
            label={t(l, 'desks.admin.desk.retention')}
            maxLength={4}
            inputMode="numeric"
          />
          <TextField
            {...dv('eventId', d.eventId ?? '')}
            label={t(l, 'desks.admin.desk.eventId')}
            hint={t(l, 'desks.admin.desk.eventId.hint')}
            maxLength={36}
          />
          <CheckboxField
            name="active"
            label={t(l, 'desks.admin.desk.active')}
            checked={details ? val(details, 'active') === '1' : d.active}
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'form.save')}
          </button>
        </Form>
      </div>
    </>
  );
}

export function DeskAdminPage(props: {
  ctx: PageContext;
  desk: DeskView;
  venues: { id: string; name: string }[];
  exceptions: ExceptionView[];
  operators: OperatorView[];
  canEdit: boolean;
  notice?: 'created' | 'saved';
  errors?: Errors;
  /** Which form the errors belong to. */
  form?: string;
  values?: FormValues;
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const errors = props.errors ?? {};
  const p: Parts = {
    l,
    csrf: props.ctx.csrf,
    d,
    edit: props.canEdit,
    form: props.form,
    e: (form) => (props.form === form ? errors : {}),
    v: (form) => (props.form === form ? props.values : undefined),
  };
  return (
    <Layout ctx={props.ctx} title={d.name} head={STYLES} crumbs={adminCrumbs(l, d.organisation, [{ label: d.name }])}>
      <h1>{d.name}</h1>
      {props.notice ? (
        <Notice kind="success">{t(l, props.notice === 'created' ? 'desks.admin.desk.created' : 'desks.admin.desk.saved')}</Notice>
      ) : null}
      {props.form && errors._ ? <Notice kind="danger">{errors._}</Notice> : null}
      <ul class="ponte-actions list-unstyled">
        <li>
          <a class="btn btn-outline-primary" href={`/admin/desks/${d.id}/giornata`}>
            {t(l, 'desks.admin.desk.day')}
          </a>
        </li>
        <li>
          <a class="btn btn-outline-primary" href={`/sportelli/${d.id}`}>
            {t(l, 'desks.admin.desk.public')}
          </a>
        </li>
      </ul>
      <ServicesSection p={p} />
      <HoursSection p={p} />
      <ExceptionsSection p={p} exceptions={props.exceptions} />
      <OperatorsSection p={p} operators={props.operators} />
      <DetailsSection p={p} venues={props.venues} />
    </Layout>
  );
}
