import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { ActionLinks } from '../../../web/components/action-links.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { CardList } from '../../../web/components/card-list.js';
import { type FormPageProps, formPage } from '../../../web/components/form-page.js';
import { ButtonForm, FormBlock, FormSection } from '../../../web/components/form-section.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { CheckboxField, type Errors, FormProblem, Notice } from '../../../web/forms.js';
import { DEFAULT_SERVICES } from '../schemas.js';
import type { DeskView, ExceptionView, OperatorView } from '../service.js';
import { adminCrumbs, type FormValues, municipalityText, STYLES, val, vals, weekdayOptions } from './shared.js';

export function DesksAdminPage(
  props: FormPageProps & {
    organisation: { id: string; name: string };
    desks: DeskView[];
    venues: { id: string; name: string }[];
    canEdit: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const v = props.values;
  const chosenServices = v ? vals(v, 'services') : ['spid'];
  const chosenDays = v ? vals(v, 'weekdays') : [];
  // The first opening starts from the usual values.
  const f = boundFields({
    values: { start: '09:00', end: '12:30', operators: '1', ...v },
    errors,
    label: (name) => t(l, `desks.admin.desk.${name}`),
  });
  return (
    <TitledPage
      ctx={props.ctx}
      heading={t(l, 'desks.admin.desks')}
      head={STYLES}
      crumbs={staffCrumbs(l, props.organisation, { label: t(l, 'desks.admin.desks') })}
    >
      <CardList
        none={t(l, 'desks.admin.desks.none')}
        cards={props.desks.map((d) => ({
          name: d.name,
          href: `/admin/desks/${d.id}`,
          body: (
            <>
              {d.active ? null : <span> ({t(l, 'desks.admin.inactive')})</span>}
              <span class="d-block">
                {d.venue.name}, {municipalityText(d)}
              </span>
              <span class="d-block">{d.services.map((s) => s.name).join(' · ')}</span>
              <a href={`/admin/desks/${d.id}/giornata`}>{t(l, 'desks.admin.desk.day')}</a>
            </>
          ),
        }))}
      />
      {props.canEdit && props.venues.length === 0 ? (
        <>
          <h2 class="h4 mt-4">{t(l, 'desks.admin.desks.new')}</h2>
          <p>
            <a href={`/admin/organisations/${props.organisation.id}/venues`}>{t(l, 'desks.admin.desk.venue.none')}</a>
          </p>
        </>
      ) : null}
      {props.canEdit && props.venues.length > 0 ? (
        <FormSection
          id="new-desk"
          heading={t(l, 'desks.admin.desks.new')}
          lang={l}
          errors={errors}
          action={`/admin/organisations/${props.organisation.id}/desks`}
          csrf={props.ctx.csrf}
          submit={t(l, 'desks.admin.desks.create')}
        >
          <f.Text name="name" required maxLength={200} />
          <f.Select name="venue" required options={props.venues.map((x) => ({ value: x.id, label: x.name }))} />
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
          <TimeFields l={l} fields={f} />
          <f.Text name="operators" maxLength={2} inputMode="numeric" />
        </FormSection>
      ) : null}
    </TitledPage>
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

/** The fields of one of the desk page's forms: bound to its values and errors, with ids of their own. */
function formFields(p: Parts, form: string, label: (name: string) => string) {
  const f = boundFields({ values: p.v(form), errors: p.e(form), label });
  const idPrefix = `${form}-`;
  return {
    Text: (q: Parameters<typeof f.Text>[0]) => f.Text({ idPrefix, ...q }),
    Area: (q: Parameters<typeof f.Area>[0]) => f.Area({ idPrefix, ...q }),
    Select: (q: Parameters<typeof f.Select>[0]) => f.Select({ idPrefix, ...q }),
  };
}

/** The labels of a section's fields: its own words, the desk's for times and operators. */
const labelsOf = (l: Lang, section: string) => (name: string) =>
  t(l, ['start', 'end', 'operators'].includes(name) ? `desks.admin.desk.${name}` : `desks.admin.${section}.${name}`);

/** From and to: times as people type them (9, 9.30, 14:00). */
function TimeFields(props: { l: Lang; fields: { Text: (q: { name: string; maxLength?: number; hint?: string }) => VNode } }): VNode {
  const hint = t(props.l, 'desks.admin.desk.time.hint');
  return (
    <>
      <props.fields.Text name="start" maxLength={5} hint={hint} />
      <props.fields.Text name="end" maxLength={5} hint={hint} />
    </>
  );
}

/** The small form that removes one entry of a list; `children` names the entry for screen readers. */
function RemoveButton(props: {
  l: Lang;
  csrf?: string;
  action: string;
  hidden?: { name: string; value: string };
  children: ComponentChildren;
}): VNode {
  return (
    <ButtonForm
      action={props.action}
      csrf={props.csrf}
      hidden={props.hidden ? { [props.hidden.name]: props.hidden.value } : undefined}
      label={t(props.l, 'desks.admin.remove')}
      class="btn btn-link p-0"
      formClass="d-inline ms-2"
    >
      <span class="visually-hidden"> {props.children}</span>
    </ButtonForm>
  );
}

/**
 * A folded form that adds an entry, open when it was just refused. The answer to it opens at the
 * form (the action's fragment), so a refused form shows its errors next to its fields.
 */
function AddForm(props: { p: Parts; form: string; title: string; action: string; children: ComponentChildren }): VNode | null {
  const { p } = props;
  if (!p.edit) return null;
  return (
    <details class="mb-3" open={p.form === props.form} id={`add-${props.form}`}>
      <summary>{props.title}</summary>
      <FormBlock
        lang={p.l}
        idPrefix={`${props.form}-`}
        errors={p.e(props.form)}
        action={`${props.action}#add-${props.form}`}
        csrf={p.csrf}
        submit={props.title}
        width={false}
      >
        {props.children}
      </FormBlock>
    </details>
  );
}

/** One list of the desk's page (services, hours, exceptions, operators): its entries, each removable, and the form that adds one. */
function ListSection<T>(props: {
  p: Parts;
  title: string;
  intro?: string;
  none?: string;
  items: T[];
  show: (x: T) => ComponentChildren;
  remove: (x: T) => { action: string; hidden?: { name: string; value: string }; label: ComponentChildren } | null;
  add: { form: string; title: string; action: string };
  children: ComponentChildren;
}): VNode {
  const { p } = props;
  return (
    <>
      <h2 class="h4 mt-4">{props.title}</h2>
      {props.intro ? <p>{props.intro}</p> : null}
      {props.items.length === 0 && props.none ? <p>{props.none}</p> : null}
      <ul class="list-unstyled">
        {props.items.map((x) => {
          const r = p.edit ? props.remove(x) : null;
          return (
            <li class="ponte-card">
              {props.show(x)}
              {r ? (
                <RemoveButton l={p.l} csrf={p.csrf} action={r.action} hidden={r.hidden}>
                  {r.label}
                </RemoveButton>
              ) : null}
            </li>
          );
        })}
      </ul>
      <AddForm p={p} {...props.add}>
        {props.children}
      </AddForm>
    </>
  );
}

const operatorsText = (l: Lang, n: number) => (n === 1 ? t(l, 'desks.operator') : t(l, 'desks.operators', { n }));

function ServicesSection({ p }: { p: Parts }): VNode {
  const { l, d } = p;
  const f = formFields(p, 'service', labelsOf(l, 'services'));
  return (
    <ListSection
      p={p}
      title={t(l, 'desks.services')}
      items={d.services}
      show={(s) => (
        <>
          <span class="fw-semibold">{s.name}</span> ({s.code}, {t(l, 'desks.minutes', { n: s.durationMinutes })})
          {s.bring.length ? <span class="d-block">{s.bring.join(', ')}</span> : null}
        </>
      )}
      remove={(s) =>
        d.services.length > 1
          ? { action: `/admin/desks/${d.id}/servizi/rimuovi`, hidden: { name: 'code', value: s.code }, label: s.name }
          : null
      }
      add={{ form: 'service', title: t(l, 'desks.admin.services.add'), action: `/admin/desks/${d.id}/servizi` }}
    >
      <f.Text name="code" required hint={t(l, 'desks.admin.services.code.hint')} maxLength={40} list="default-services" />
      <datalist id="default-services">
        {DEFAULT_SERVICES.map((s) => (
          <option value={s.code}>{s.name}</option>
        ))}
      </datalist>
      <f.Text name="name" maxLength={120} />
      <f.Text name="durationMinutes" label={t(l, 'desks.admin.services.duration')} maxLength={3} inputMode="numeric" />
      <f.Area name="bring" rows={3} />
    </ListSection>
  );
}

function HoursSection({ p }: { p: Parts }): VNode {
  const { l, d } = p;
  const f = formFields(p, 'hours', labelsOf(l, 'hours'));
  const label = (h: DeskView['openingHours'][number]) => `${t(l, `desks.weekday${h.weekday}`)} ${h.start}–${h.end}`;
  return (
    <ListSection
      p={p}
      title={t(l, 'desks.hours')}
      none={t(l, 'desks.hours.none')}
      items={d.openingHours}
      show={(h) => (
        <>
          <span class="fw-semibold">{t(l, `desks.weekday${h.weekday}`)}</span> {h.start}–{h.end} · {operatorsText(l, h.operators)}
        </>
      )}
      remove={(h) => ({
        action: `/admin/desks/${d.id}/orari/rimuovi`,
        hidden: { name: 'index', value: String(d.openingHours.indexOf(h)) },
        label: label(h),
      })}
      add={{ form: 'hours', title: t(l, 'desks.admin.hours.add'), action: `/admin/desks/${d.id}/orari` }}
    >
      <f.Select name="weekday" options={weekdayOptions(l)} />
      <TimeFields l={l} fields={f} />
      <f.Text name="operators" maxLength={2} inputMode="numeric" />
    </ListSection>
  );
}

function ExceptionsSection({ p, exceptions }: { p: Parts; exceptions: ExceptionView[] }): VNode {
  const { l, d } = p;
  const f = formFields(p, 'exception', labelsOf(l, 'exceptions'));
  return (
    <ListSection
      p={p}
      title={t(l, 'desks.admin.exceptions')}
      intro={t(l, 'desks.holidays')}
      none={t(l, 'desks.admin.exceptions.none')}
      items={exceptions}
      show={(x) => (
        <>
          <span class="fw-semibold">{t(l, `desks.kind.${x.kind}`)}</span>: {x.from}
          {x.to !== x.from ? ` – ${x.to}` : ''}
          {x.start ? ` ${x.start}–${x.end}` : ''}
          {x.operators ? ` · ${operatorsText(l, x.operators)}` : ''}
          {x.note ? ` (${x.note})` : ''}
        </>
      )}
      remove={(x) => ({ action: `/admin/desk-exceptions/${x.id}/rimuovi`, label: `${t(l, `desks.kind.${x.kind}`)} ${x.from}` })}
      add={{ form: 'exception', title: t(l, 'desks.admin.exceptions.add'), action: `/admin/desks/${d.id}/eccezioni` }}
    >
      <f.Select name="kind" options={(['closed', 'open', 'blocked'] as const).map((k) => ({ value: k, label: t(l, `desks.kind.${k}`) }))} />
      <f.Text name="from" maxLength={10} />
      <f.Text name="to" maxLength={10} />
      <p class="form-text">{t(l, 'desks.admin.exceptions.times.hint')}</p>
      <TimeFields l={l} fields={f} />
      <f.Text name="operators" maxLength={2} inputMode="numeric" />
      <f.Text name="note" maxLength={500} />
    </ListSection>
  );
}

function OperatorsSection({ p, operators }: { p: Parts; operators: OperatorView[] }): VNode {
  const { l, d } = p;
  const f = formFields(p, 'operator', labelsOf(l, 'operators'));
  return (
    <ListSection
      p={p}
      title={t(l, 'desks.admin.operators')}
      intro={t(l, 'desks.admin.operators.hint')}
      none={t(l, 'desks.admin.operators.none')}
      items={operators}
      show={(o) => (
        <>
          <span class="fw-semibold">{o.name}</span>:{' '}
          {o.date ? o.date : t(l, 'desks.admin.operators.weekly', { day: t(l, `desks.weekday${o.weekday}`) })}{' '}
          {o.absent ? t(l, 'desks.admin.operators.absentLabel') : `${o.start}–${o.end}`}
        </>
      )}
      remove={(o) => ({ action: `/admin/desk-operators/${o.id}/rimuovi`, label: o.name })}
      add={{ form: 'operator', title: t(l, 'desks.admin.operators.add'), action: `/admin/desks/${d.id}/operatori` }}
    >
      <f.Text name="name" required maxLength={120} />
      <f.Select name="weekday" placeholder="—" options={weekdayOptions(l)} />
      <f.Text name="date" maxLength={10} />
      <TimeFields l={l} fields={f} />
      <CheckboxField
        idPrefix="operator-"
        name="absent"
        label={t(l, 'desks.admin.operators.absent')}
        checked={val(p.v('operator'), 'absent') === '1'}
      />
    </ListSection>
  );
}

function DetailsSection({ p, venues }: { p: Parts; venues: { id: string; name: string }[] }): VNode | null {
  const { l, d } = p;
  if (!p.edit) return null;
  const sent = p.v('details');
  const limit = d.personLimit;
  // The values sent back, or the desk's own.
  const values = sent ?? {
    name: d.name,
    venue: d.venue.id,
    description: d.description ?? '',
    patronDay: d.patronDay ?? '',
    limitCount: limit ? String(limit.count) : '',
    limitDays: limit ? String(limit.days) : '',
    retentionDays: String(d.retentionDays),
    eventId: d.eventId ?? '',
    active: d.active ? '1' : '',
  };
  const raw = p.e('details');
  const limitErrors = { limitCount: raw['personLimit.count'] ?? raw.personLimit, limitDays: raw['personLimit.days'] };
  const errors: Errors = { ...raw, ...Object.fromEntries(Object.entries(limitErrors).filter(([, v]) => v)) };
  const f = boundFields({
    values,
    errors,
    label: (name) => t(l, name === 'retentionDays' ? 'desks.admin.desk.retention' : `desks.admin.desk.${name}`),
  });
  return (
    <FormSection
      id="details"
      heading={t(l, 'desks.admin.desk.details')}
      lang={l}
      errors={errors}
      action={`/admin/desks/${d.id}`}
      csrf={p.csrf}
      submit={t(l, 'form.save')}
    >
      <f.Text name="name" required maxLength={200} />
      <f.Select name="venue" options={venues.map((x) => ({ value: x.id, label: x.name }))} />
      <f.Area name="description" maxLength={4000} />
      <f.Text name="patronDay" hint={t(l, 'desks.admin.desk.patronDay.hint')} maxLength={5} />
      <f.Text name="limitCount" hint={t(l, 'desks.admin.desk.limit.hint')} maxLength={2} inputMode="numeric" />
      <f.Text name="limitDays" maxLength={3} inputMode="numeric" />
      <f.Text name="retentionDays" maxLength={4} inputMode="numeric" />
      <f.Text name="eventId" hint={t(l, 'desks.admin.desk.eventId.hint')} maxLength={36} />
      <CheckboxField name="active" label={t(l, 'desks.admin.desk.active')} checked={val(values, 'active') === '1'} />
    </FormSection>
  );
}

export function DeskAdminPage(
  props: FormPageProps & {
    desk: DeskView;
    venues: { id: string; name: string }[];
    exceptions: ExceptionView[];
    operators: OperatorView[];
    canEdit: boolean;
    notice?: 'created' | 'saved';
    /** Which form the errors belong to. */
    form?: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const d = props.desk;
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
    <TitledPage ctx={props.ctx} heading={d.name} head={STYLES} crumbs={adminCrumbs(l, d.organisation, [{ label: d.name }])}>
      {props.notice ? (
        <Notice kind="success">{t(l, props.notice === 'created' ? 'desks.admin.desk.created' : 'desks.admin.desk.saved')}</Notice>
      ) : null}
      {props.form ? <FormProblem errors={errors} /> : null}
      <ActionLinks
        links={[
          { href: `/admin/desks/${d.id}/giornata`, label: t(l, 'desks.admin.desk.day'), class: 'btn btn-outline-primary' },
          { href: `/sportelli/${d.id}`, label: t(l, 'desks.admin.desk.public'), class: 'btn btn-outline-primary' },
        ]}
      />
      <ServicesSection p={p} />
      <HoursSection p={p} />
      <ExceptionsSection p={p} exceptions={props.exceptions} />
      <OperatorsSection p={p} operators={props.operators} />
      <DetailsSection p={p} venues={props.venues} />
    </TitledPage>
  );
}
