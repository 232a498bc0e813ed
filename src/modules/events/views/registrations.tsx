import type { VNode } from 'preact';
import { type Lang, t, tn } from '../../../core/i18n.js';
import { ActionLinks } from '../../../web/components/action-links.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { labelsOf } from '../../../web/components/labels.js';
import { Section } from '../../../web/components/section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ToCallSection } from '../../../web/components/to-call-section.js';
import { CheckboxField, ErrorSummary, Form, FormProblem, SelectField } from '../../../web/forms.js';
import type { BookingFormSettings } from '../booking/questions-repo.js';
import { sessionLabel, whenLabel } from '../catalogue/format.js';
import { EVENTS_CSS } from '../catalogue/views.js';
import type { EventDetail, RegistrationListItem } from '../service.js';
import { BookingDetailsLines, ChildFields, extraLabels, QuestionFields } from './questions.js';
import { crumbs, type Org, val } from './staff.js';
import { StaffTable } from './staff-table.js';

function RegistrationTable(props: { l: Lang; items: RegistrationListItem[]; caption: string; waiting: boolean }): VNode {
  const { l } = props;
  if (props.items.length === 0) return <p>{t(l, 'reg.none')}</p>;
  return (
    <StaffTable
      caption={props.caption}
      stacked
      columns={[
        props.waiting && t(l, 'reg.col.pos'),
        ...['name', 'contact', 'seats', 'status', 'when', 'source'].map((c) => t(l, `reg.col.${c}`)),
        t(l, 'staffActs.manage'),
      ]}
    >
      {props.items.map((r) => (
        <tr>
          {props.waiting ? <td data-label={t(l, 'reg.col.pos')}>{r.position ?? ''}</td> : null}
          <th scope="row">
            {r.name ?? '—'}
            <BookingDetailsLines l={l} details={r.details} />
          </th>
          <td data-label={t(l, 'reg.col.contact')}>
            {r.email ? (
              <a href={`mailto:${r.email}`} class="d-block">
                {r.email}
              </a>
            ) : null}
            {r.phone ? (
              <a href={`tel:${r.phone.replace(/\s+/g, '')}`} class="d-block">
                {r.phone}
              </a>
            ) : null}
          </td>
          <td data-label={t(l, 'reg.col.seats')}>{r.seats}</td>
          <td data-label={t(l, 'reg.col.status')}>
            {t(l, `registrationStatus.${r.status}`)}
            {r.status === 'offered' && r.offerExpiresAt ? ` (${whenLabel(r.offerExpiresAt, l)})` : ''}
          </td>
          <td data-label={t(l, 'reg.col.when')}>{whenLabel(r.createdAt, l)}</td>
          <td data-label={t(l, 'reg.col.source')}>{t(l, `source.${r.source}`)}</td>
          <td data-label={t(l, 'staffActs.manage')}>
            {r.status === 'cancelled' ? null : (
              <a href={`/admin/registrations/${r.id}`}>
                {t(l, 'staffActs.manage')}
                <span class="visually-hidden"> – {r.name ?? ''}</span>
              </a>
            )}
          </td>
        </tr>
      ))}
    </StaffTable>
  );
}

/** The event's phone-only people to call (promoted, moved, cancelled), each ticked off once called. */
function CallbackSection(props: {
  l: Lang;
  csrf?: string;
  event: EventDetail;
  organisation: Org;
  items: RegistrationListItem[];
  callbacks: { id: string; reason: string; subjectId: string }[];
}): VNode | null {
  const byId = new Map(props.items.map((i) => [i.id, i]));
  return (
    <ToCallSection
      l={props.l}
      csrf={props.csrf}
      back={`/admin/events/${props.event.id}/registrations`}
      orgId={props.organisation.id}
      rows={props.callbacks.flatMap((c) => {
        const r = byId.get(c.subjectId);
        return r?.phone ? [{ id: c.id, reason: c.reason, name: r.name, phone: r.phone }] : [];
      })}
    />
  );
}

export function RegistrationsPage(
  props: FormPageProps & {
    organisation: Org;
    event: EventDetail;
    items: RegistrationListItem[];
    booked?: RegistrationListItem;
    /** The booked registration's ticket code, to read out to the caller. */
    bookedCode?: string;
    /** Phone-only people of this event to call (their names and numbers are in `items`). */
    callbacks?: { id: string; reason: string; subjectId: string }[];
    /** A notice after a staff act (cancelled, seats, moved, a call ticked off). */
    done?: string;
    /** The event's questions and whether it is for minors, asked on the form for a caller too. */
    form?: BookingFormSettings;
  },
): VNode {
  const { l, v, e } = formPage(props);
  const f = boundFields({ values: v, errors: e, label: (name) => t(l, `book.${name}`) });
  const o = props.organisation;
  const ev = props.event;
  const active = props.items.filter((r) => r.status === 'confirmed' || r.status === 'offered');
  const waiting = props.items.filter((r) => r.status === 'waitlisted').sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const cancelled = props.items.filter((r) => r.status === 'cancelled');
  const b = props.booked;
  const seats = Array.from({ length: Math.max(1, ev.maxSeatsPerBooking) }, (_, i) => String(i + 1));
  return (
    <TitledPage
      ctx={props.ctx}
      heading={`${t(l, 'reg.title')}: ${ev.title}`}
      crumbs={crumbs(l, o, [
        { href: `/admin/organisations/${o.id}/events`, label: t(l, 'sev.title') },
        { href: `/admin/events/${ev.id}`, label: ev.title },
        { label: t(l, 'reg.title') },
      ])}
      head={EVENTS_CSS}
    >
      <p class="lead">{ev.sessions.map((s) => sessionLabel(s.start, s.end, l)).join('; ')}</p>
      <p>{t(l, 'reg.summary', { taken: ev.capacity - ev.seatsLeft, capacity: ev.capacity, waiting: ev.waiting })}</p>
      <ActionLinks
        links={[
          { href: `/admin/events/${ev.id}/ingresso`, label: t(l, 'sev.door') },
          { href: `/admin/events/${ev.id}/presenze`, label: t(l, 'sev.attendance') },
          { href: `/admin/events/${ev.id}/domande`, label: t(l, 'qs.link') },
          { href: `/admin/events/${ev.id}/iscritti.csv`, label: t(l, 'sev.registrationsCsv'), download: true },
        ]}
      />
      {b ? (
        <div class="alert alert-success" role="status">
          {t(l, 'reg.booked', {
            name: b.name ?? '',
            seats: tn(l, 'ev.seatsCount', b.seats),
            status: b.status === 'waitlisted' ? t(l, 'conf.waitlisted', { n: b.position ?? 1 }) : t(l, `registrationStatus.${b.status}`),
          })}
          {props.bookedCode ? (
            <p class="mb-0 mt-2">
              {t(l, 'staffActs.code')}: <strong class="ponte-read-out">{props.bookedCode}</strong>
            </p>
          ) : null}
        </div>
      ) : null}
      {props.done ? (
        <div class="alert alert-success" role="status">
          {props.done}
        </div>
      ) : null}
      <CallbackSection l={l} csrf={props.ctx.csrf} event={ev} organisation={o} items={props.items} callbacks={props.callbacks ?? []} />
      <Section id="on-behalf" heading={t(l, 'reg.onBehalf')} class="ponte-card">
        {ev.bookingOpen ? (
          <>
            <p>{t(l, 'reg.onBehalf.hint')}</p>
            <ErrorSummary
              errors={e}
              title={t(l, 'form.errors')}
              labels={{
                ...labelsOf((name) => t(l, `book.${name}`), 'name', 'phone', 'email', 'seats'),
                privacyAccepted: t(l, 'reg.privacyRead'),
                ...extraLabels(l, props.form),
              }}
            />
            <FormProblem errors={e} />
            <Form action={`/admin/events/${ev.id}/registrations`} csrf={props.ctx.csrf}>
              <ChildFields l={l} form={props.form} values={v} errors={e} />
              <div class="ponte-filter-grid">
                <f.Text name="name" required maxLength={120} />
                <f.Text name="phone" type="tel" maxLength={30} />
                <f.Text name="email" type="email" maxLength={254} />
                <SelectField
                  name="seats"
                  label={t(l, 'book.seats')}
                  required
                  value={val(v, 'seats') || '1'}
                  error={e.seats}
                  options={seats.map((s) => ({ value: s, label: s }))}
                />
              </div>
              <QuestionFields l={l} form={props.form} values={v} errors={e} />
              <CheckboxField
                name="privacyAccepted"
                label={t(l, 'reg.privacyRead')}
                checked={val(v, 'privacyAccepted') === '1'}
                error={e.privacyAccepted}
              />
              <SubmitButton label={t(l, 'reg.book')} />
            </Form>
          </>
        ) : (
          <p>{t(l, 'reg.closed')}</p>
        )}
      </Section>
      <p class="mt-3">
        <em>{t(l, 'reg.audited')}</em>
      </p>
      <h2 class="h4 mt-4">{t(l, 'reg.confirmed')}</h2>
      <RegistrationTable l={l} items={active} caption={t(l, 'reg.confirmed')} waiting={false} />
      <h2 class="h4 mt-4">{t(l, 'reg.waiting')}</h2>
      <RegistrationTable l={l} items={waiting} caption={t(l, 'reg.waiting')} waiting />
      {cancelled.length ? (
        <>
          <h2 class="h4 mt-4">{t(l, 'reg.cancelled')}</h2>
          <RegistrationTable l={l} items={cancelled} caption={t(l, 'reg.cancelled')} waiting={false} />
        </>
      ) : null}
    </TitledPage>
  );
}
