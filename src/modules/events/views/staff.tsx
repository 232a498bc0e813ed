import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { ActionLinks } from '../../../web/components/action-links.js';
import { boundFields, formValue } from '../../../web/components/bound-fields.js';
import { CheckOptions } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { Section } from '../../../web/components/section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { CheckboxField, ErrorSummary, type Errors, Form, FormProblem, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import type { StaffEventRow } from '../catalogue/catalogue.js';
import { sessionLabel, whenLabel } from '../catalogue/format.js';
import { EVENTS_CSS } from '../catalogue/views.js';
import { AUDIENCES, EVENT_TYPES, FORMATS, TOPICS, WAITLIST_MODES } from '../catalogue/vocab.js';
import { SERIES_FREQUENCIES } from '../schemas.js';
import type { EventDetail } from '../service.js';
import { StaffTable } from './staff-table.js';
import { InvitationSend, VisibilityBadge, VisibilityFields, visibilityFieldLabels } from './visibility-fields.js';

export type FormValues = Record<string, string | string[] | undefined>;

/** A field's first value ('' when none). */
export const val = formValue;
const vals = (v: FormValues | undefined, k: string): string[] => {
  const x = v?.[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

export interface Org {
  id: string;
  name: string;
}

export const crumbs = (l: Lang, org: Org, extra: { href?: string; label: string }[] = []) => [
  { href: '/admin', label: t(l, 'nav.backoffice') },
  { href: `/admin/organisations/${org.id}`, label: org.name },
  ...extra,
];

function seatsCell(e: StaffEventRow): string {
  return `${e.taken} / ${e.capacity}`;
}

function EventsTable(props: { l: Lang; rows: StaffEventRow[]; caption: string }): VNode {
  const { l } = props;
  if (props.rows.length === 0) return <p>{t(props.l, 'sev.none')}</p>;
  return (
    <StaffTable
      caption={props.caption}
      stacked
      columns={['title', 'when', 'status', 'seats', 'waiting', 'actions'].map((c) => t(l, `sev.col.${c}`))}
    >
      {props.rows.map((e) => (
        <tr>
          <th scope="row">
            <a href={`/admin/events/${e.id}`}>{e.title}</a>
            {e.seriesId ? <span class="ponte-tag">{t(l, 'sev.series')}</span> : null}
            <VisibilityBadge l={l} visibility={e.visibility} />
          </th>
          <td data-label={t(l, 'sev.col.when')}>{whenLabel(e.start, l)}</td>
          <td data-label={t(l, 'sev.col.status')}>{t(l, `eventStatus.${e.status}`)}</td>
          <td data-label={t(l, 'sev.col.seats')}>{e.bookingRequired ? seatsCell(e) : `${seatsCell(e)} (${t(l, 'sev.openEntry')})`}</td>
          <td data-label={t(l, 'sev.col.waiting')}>{e.waiting}</td>
          <td data-label={t(l, 'sev.col.actions')}>
            <ul class="list-unstyled mb-0">
              <li>
                <a href={`/admin/events/${e.id}/registrations`}>
                  {t(l, 'sev.registrations')}
                  <span class="visually-hidden">: {e.title}</span>
                </a>
              </li>
              {e.status !== 'draft' ? (
                <li>
                  <a href={`/eventi/${e.id}`}>
                    {t(l, 'sev.public')}
                    <span class="visually-hidden">: {e.title}</span>
                  </a>
                </li>
              ) : null}
            </ul>
          </td>
        </tr>
      ))}
    </StaffTable>
  );
}

export function StaffEventsPage(props: { ctx: PageContext; organisation: Org; upcoming: StaffEventRow[]; past: StaffEventRow[] }): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={t(l, 'sev.title')}
      title={`${t(l, 'sev.title')} – ${o.name}`}
      crumbs={crumbs(l, o, [{ label: t(l, 'sev.title') }])}
      head={EVENTS_CSS}
    >
      <ActionLinks
        links={[
          { href: `/admin/organisations/${o.id}/events/new`, label: t(l, 'sev.new'), class: 'btn btn-primary' },
          { href: `/admin/organisations/${o.id}/series/new`, label: t(l, 'sev.newSeries'), class: 'btn btn-outline-primary' },
        ]}
      />
      <h2 class="h4 mt-4">{t(l, 'sev.upcoming')}</h2>
      <EventsTable l={l} rows={props.upcoming} caption={t(l, 'sev.upcoming')} />
      <h2 class="h4 mt-4">{t(l, 'sev.past')}</h2>
      <EventsTable l={l} rows={props.past} caption={t(l, 'sev.past')} />
    </TitledPage>
  );
}

export interface EventFormChoices {
  venues: { id: string; label: string }[];
  /** `pending`: named on the event, the partnership not accepted yet (the public does not see it). */
  partners: (Org & { pending?: boolean })[];
  programmes: Org[];
}

function CheckboxGroup(props: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  error?: string;
  hint?: string;
  columns?: boolean;
}): VNode {
  return (
    <fieldset class="mb-3 ponte-fieldset" id={`f-${props.name}`} tabIndex={-1}>
      <legend class="h6">{props.legend}</legend>
      {props.hint ? <p class="form-text">{props.hint}</p> : null}
      {props.error ? <div class="ponte-field-error">{props.error}</div> : null}
      <div class={props.columns ? 'ponte-checks' : undefined}>
        <CheckOptions name={props.name} options={props.options} checked={(value) => props.checked.includes(value)} />
      </div>
    </fieldset>
  );
}

const opts = (l: Lang, prefix: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: t(l, `${prefix}.${c}`) }));

/** Labels of the form's fields, for the error summary. */
export function eventFieldLabels(l: Lang, rows = 0): Record<string, string> {
  const out: Record<string, string> = {
    title: t(l, 'f.title'),
    description: t(l, 'f.description'),
    type: t(l, 'f.type'),
    format: t(l, 'f.format'),
    programme: t(l, 'f.programme'),
    venue: t(l, 'f.venue'),
    venues: t(l, 'f.venues'),
    onlineUrl: t(l, 'f.onlineUrl'),
    accessibility: t(l, 'f.accessibility'),
    capacity: t(l, 'f.capacity'),
    maxSeatsPerBooking: t(l, 'f.maxSeats'),
    bookingOpensDate: t(l, 'f.opens'),
    bookingOpensTime: t(l, 'f.opens'),
    bookingClosesDate: t(l, 'f.closes'),
    bookingClosesTime: t(l, 'f.closes'),
    waitlistMode: t(l, 'f.waitlistMode'),
    offerHours: t(l, 'f.offerHours'),
    askSkillsCheck: t(l, 'f.askSkillsCheck'),
    status: t(l, 'f.status'),
    audiences: t(l, 'f.audiences'),
    topics: t(l, 'f.topics'),
    partners: t(l, 'f.partners'),
    firstDate: t(l, 'f.firstDate'),
    time: t(l, 'f.time'),
    durationMinutes: t(l, 'f.duration'),
    every: t(l, 'f.every'),
    count: t(l, 'f.count'),
    ...visibilityFieldLabels(l),
  };
  for (let i = 0; i < Math.max(rows, 1); i++) {
    for (const k of ['date', 'start', 'end'] as const) out[`sessions.${i}.${k}`] = `${t(l, 'f.session', { n: i + 1 })}, ${t(l, `f.${k}`)}`;
  }
  return out;
}

/** The fields of the event and series forms, bound to the values (an empty one starts again from the usual value) and errors. */
function eventFields(props: { l: Lang; v: FormValues; e: Errors }) {
  const { l, v } = props;
  const values = {
    ...v,
    type: val(v, 'type') || 'incontro',
    format: val(v, 'format') || 'in_presenza',
    status: val(v, 'status') || 'published',
    maxSeatsPerBooking: val(v, 'maxSeatsPerBooking') || '4',
    waitlistMode: val(v, 'waitlistMode') || 'auto',
    offerHours: val(v, 'offerHours') || '24',
    durationMinutes: val(v, 'durationMinutes') || '120',
    every: val(v, 'every') || 'twice-a-month',
    count: val(v, 'count') || '10',
  };
  const labels = eventFieldLabels(l);
  return boundFields({ values, errors: props.e, label: (name) => labels[name] ?? name });
}

/** The booking part of the event and series forms: whether to book, seats, window, waiting list. */
function BookingFields(props: { l: Lang; v: FormValues; e: Errors; choices: EventFormChoices; series: boolean }): VNode {
  const { l, v } = props;
  const f = eventFields(props);
  return (
    <fieldset class="mb-4 ponte-fieldset">
      <legend class="h5">{t(l, 'f.booking')}</legend>
      <div class="ponte-filter-grid">
        <f.Text name="capacity" required inputMode="numeric" maxLength={6} />
        <f.Text name="maxSeatsPerBooking" required inputMode="numeric" maxLength={2} />
      </div>
      <CheckboxField name="bookingRequired" label={t(l, 'f.bookingRequired')} checked={val(v, 'bookingRequired') === '1'} />
      <p class="form-text">{t(l, 'f.window.hint')}</p>
      <div class="ponte-filter-grid">
        <f.Text name="bookingOpensDate" type="date" />
        <f.Text name="bookingOpensTime" type="time" label={t(l, 'f.opensTime')} />
        <f.Text name="bookingClosesDate" type="date" />
        <f.Text name="bookingClosesTime" type="time" label={t(l, 'f.closesTime')} />
        <f.Select name="waitlistMode" options={opts(l, 'waitlistMode', WAITLIST_MODES)} />
        <f.Text name="offerHours" inputMode="numeric" maxLength={3} />
      </div>
    </fieldset>
  );
}

function SharedFields(props: { l: Lang; v: FormValues; e: Errors; choices: EventFormChoices; series: boolean }): VNode {
  const { l, v, e, choices } = props;
  const f = eventFields(props);
  const venueOptions = choices.venues.map((x) => ({ value: x.id, label: x.label }));
  return (
    <>
      <fieldset class="mb-4 ponte-fieldset">
        <legend class="h5">{t(l, 'f.basics')}</legend>
        <f.Text name="title" required maxLength={200} />
        <f.Area name="description" maxLength={5000} rows={5} />
        <div class="ponte-filter-grid">
          <f.Select name="type" required options={opts(l, 'eventType', EVENT_TYPES)} />
          <f.Select name="format" required options={opts(l, 'format', FORMATS)} />
          <f.Select
            name="status"
            required
            options={[
              { value: 'published', label: t(l, 'f.status.published') },
              { value: 'draft', label: t(l, 'f.status.draft') },
            ]}
          />
          {choices.programmes.length ? (
            <f.Select
              name="programme"
              placeholder={t(l, 'f.programme.none')}
              options={choices.programmes.map((p) => ({ value: p.id, label: p.name }))}
            />
          ) : null}
        </div>
      </fieldset>
      <fieldset class="mb-4 ponte-fieldset">
        <legend class="h5">{t(l, 'f.place')}</legend>
        {props.series ? (
          <CheckboxGroup
            name="venues"
            legend={t(l, 'f.venues')}
            hint={t(l, 'f.venues.hint')}
            options={venueOptions}
            checked={vals(v, 'venues')}
            error={e.venues}
          />
        ) : (
          <f.Select name="venue" hint={t(l, 'f.venue.hint')} placeholder={t(l, 'f.venue.none')} options={venueOptions} />
        )}
        <f.Text name="onlineUrl" type="url" hint={t(l, 'f.onlineUrl.hint')} maxLength={500} />
        <f.Area name="accessibility" hint={t(l, 'f.accessibility.hint')} maxLength={2000} />
      </fieldset>
      <BookingFields {...props} />
      <VisibilityFields l={l} v={v} e={e} />
      {(
        [
          ['audiences', 'audience', AUDIENCES],
          ['topics', 'topic', TOPICS],
        ] as const
      ).map(([name, prefix, codes]) => (
        <CheckboxGroup
          name={name}
          legend={t(l, `f.${name}`)}
          options={opts(l, prefix, codes)}
          checked={vals(v, name)}
          error={e[name]}
          columns
        />
      ))}
      {choices.partners.length ? (
        <CheckboxGroup
          name="partners"
          legend={t(l, 'f.partners')}
          options={choices.partners.map((p) => ({ value: p.id, label: p.pending ? `${p.name} (${t(l, 'f.partners.pending')})` : p.name }))}
          checked={vals(v, 'partners')}
          error={e.partners}
          columns
        />
      ) : null}
      <CheckboxField
        name="askSkillsCheck"
        label={t(l, 'f.askSkillsCheck')}
        hint={t(l, 'f.askSkillsCheck.hint')}
        checked={val(v, 'askSkillsCheck') === '1'}
        error={e.askSkillsCheck}
      />
    </>
  );
}

/** How many session rows the form shows: the filled ones and two empty ones, at least three. */
export function sessionRowCount(v: FormValues): number {
  let filled = 0;
  for (let i = 0; i < 100; i++) {
    if (val(v, `sessions.${i}.date`) || val(v, `sessions.${i}.start`) || val(v, `sessions.${i}.end`)) filled = i + 1;
  }
  return Math.max(3, filled + 2);
}

function SessionRows(props: { l: Lang; v: FormValues; e: Errors }): VNode {
  const { l, v, e } = props;
  const n = sessionRowCount(v);
  // Each row's fields are named sessions.<row>.date|start|end and labelled by the last part.
  const f = boundFields({ values: v, errors: e, label: (name) => t(l, `f.${name.slice(name.lastIndexOf('.') + 1)}`) });
  return (
    <fieldset class="mb-4 ponte-fieldset" id="f-sessions" tabIndex={-1}>
      <legend class="h5">{t(l, 'f.sessions')}</legend>
      <p class="form-text">{t(l, 'f.sessions.hint')}</p>
      {e.sessions ? <div class="ponte-field-error">{e.sessions}</div> : null}
      {Array.from({ length: n }, (_, i) => (
        <fieldset class="ponte-session-row">
          <legend class="h6">{t(l, 'f.session', { n: i + 1 })}</legend>
          <div class="ponte-filter-grid">
            <f.Text name={`sessions.${i}.date`} type="date" />
            <f.Text name={`sessions.${i}.start`} type="time" />
            <f.Text name={`sessions.${i}.end`} type="time" />
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}

export function EventFormPage(
  props: FormPageProps & {
    organisation: Org;
    event?: EventDetail;
    values: FormValues;
    choices: EventFormChoices;
    notice?: string;
    series?: StaffEventRow[];
  },
): VNode {
  const { l, e } = formPage(props);
  const o = props.organisation;
  const ev = props.event;
  const title = ev ? t(l, 'sev.editTitle') : t(l, 'sev.new');
  const cancelled = ev?.status === 'cancelled';
  return (
    <TitledPage
      ctx={props.ctx}
      heading={ev ? `${title}: ${ev.title}` : title}
      crumbs={crumbs(l, o, [{ href: `/admin/organisations/${o.id}/events`, label: t(l, 'sev.title') }, { label: ev ? ev.title : title }])}
      head={EVENTS_CSS}
    >
      {props.notice ? (
        <div class="alert alert-success" role="status">
          {props.notice}
        </div>
      ) : null}
      {ev ? (
        <ActionLinks
          links={[
            { href: `/admin/events/${ev.id}/registrations`, label: t(l, 'sev.registrations') },
            { href: `/admin/events/${ev.id}/domande`, label: t(l, 'qs.link') },
            { href: `/admin/events/${ev.id}/ingresso`, label: t(l, 'sev.door') },
            { href: `/admin/events/${ev.id}/presenze`, label: t(l, 'sev.attendance') },
            { href: `/admin/events/${ev.id}/messaggi`, label: t(l, 'msg.link') },
            { href: `/admin/events/${ev.id}/gradimento`, label: t(l, 'srv.results.link') },
            ev.status !== 'draft' && { href: ev.page, label: t(l, 'sev.public') },
          ]}
        />
      ) : null}
      {ev?.seriesId && !cancelled ? (
        <div class="alert alert-info" role="note">
          {t(l, 'sev.inSeries')}
        </div>
      ) : null}
      {cancelled ? (
        <div class="alert alert-warning" role="status">
          {t(l, 'sev.isCancelled')} {ev?.cancelReason ?? ''}
        </div>
      ) : (
        <>
          <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={eventFieldLabels(l, sessionRowCount(props.values))} />
          <FormProblem errors={e} />
          <Form
            action={ev ? `/admin/events/${ev.id}` : `/admin/organisations/${o.id}/events/new`}
            csrf={props.ctx.csrf}
            class="ponte-staff-form"
          >
            <SharedFields l={l} v={props.values} e={e} choices={props.choices} series={false} />
            <SessionRows l={l} v={props.values} e={e} />
            <SubmitButton label={ev ? t(l, 'f.save') : t(l, 'f.create')} />
          </Form>
        </>
      )}
      {props.series && props.series.length > 1 ? (
        <Section id="series-title" heading={t(l, 'sev.seriesOthers')} class="mt-4">
          <ol>
            {props.series.map((s) => (
              <li>
                {s.id === ev?.id ? (
                  <span>
                    {sessionLabel(s.start, s.end, l)} {t(l, 'sev.this')}
                  </span>
                ) : (
                  <a href={`/admin/events/${s.id}`}>{sessionLabel(s.start, s.end, l)}</a>
                )}
                {s.status !== 'published' ? ` · ${t(l, `eventStatus.${s.status}`)}` : ''}
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
      {ev && !cancelled ? <InvitationSend l={l} event={ev} csrf={props.ctx.csrf} /> : null}
      {ev && !cancelled ? (
        <Section id="cancel-title" heading={t(l, 'sev.cancelTitle')} class="mt-4 ponte-card">
          <p>{t(l, 'sev.cancelHint')}</p>
          <Form action={`/admin/events/${ev.id}/cancel`} csrf={props.ctx.csrf}>
            <TextField name="reason" label={t(l, 'sev.cancelReason')} required error={e.reason} maxLength={1000} />
            <SubmitButton label={t(l, 'sev.cancelSubmit')} class="btn btn-outline-danger" />
          </Form>
        </Section>
      ) : null}
    </TitledPage>
  );
}

export function SeriesFormPage(props: {
  ctx: PageContext;
  organisation: Org;
  values: FormValues;
  errors?: Errors;
  choices: EventFormChoices;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const e = props.errors ?? {};
  const v = props.values;
  const f = eventFields({ l, v, e });
  return (
    <TitledPage
      ctx={props.ctx}
      heading={t(l, 'sev.newSeries')}
      crumbs={crumbs(l, o, [{ href: `/admin/organisations/${o.id}/events`, label: t(l, 'sev.title') }, { label: t(l, 'sev.newSeries') }])}
      head={EVENTS_CSS}
    >
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={eventFieldLabels(l)} />
      <FormProblem errors={e} />
      <Form action={`/admin/organisations/${o.id}/series/new`} csrf={props.ctx.csrf} class="ponte-staff-form">
        <fieldset class="mb-4 ponte-fieldset">
          <legend class="h5">{t(l, 'f.series')}</legend>
          <div class="ponte-filter-grid">
            <f.Text name="firstDate" type="date" required hint={t(l, 'f.date.hint')} />
            <f.Text name="time" type="time" required hint={t(l, 'f.time.hint')} />
            <f.Text name="durationMinutes" required inputMode="numeric" maxLength={3} />
            <f.Select name="every" required options={SERIES_FREQUENCIES.map((x) => ({ value: x, label: t(l, `every.${x}`) }))} />
            <f.Text name="count" required inputMode="numeric" maxLength={2} />
          </div>
        </fieldset>
        <SharedFields l={l} v={v} e={e} choices={props.choices} series />
        <SubmitButton label={t(l, 'f.createSeries')} />
      </Form>
    </TitledPage>
  );
}
