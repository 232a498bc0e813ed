import type { VNode } from 'preact';
import { type Lang, t, tn } from '../../../core/i18n.js';
import { ErrorSummary, type Errors, Form, FormProblem, SelectField, TextField } from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { sessionLabel, whenLabel } from '../catalogue/format.js';
import { EVENTS_CSS, ScrollRegion } from '../catalogue/views.js';
import type { EventDetail, RegistrationListItem } from '../service.js';
import { Check, crumbs, type FormValues, type Org, val } from './staff.js';

function RegistrationTable(props: { l: Lang; items: RegistrationListItem[]; caption: string; waiting: boolean }): VNode {
  const { l } = props;
  if (props.items.length === 0) return <p>{t(l, 'reg.none')}</p>;
  return (
    <ScrollRegion label={props.caption}>
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.waiting ? <th scope="col">{t(l, 'reg.col.pos')}</th> : null}
            <th scope="col">{t(l, 'reg.col.name')}</th>
            <th scope="col">{t(l, 'reg.col.contact')}</th>
            <th scope="col">{t(l, 'reg.col.seats')}</th>
            <th scope="col">{t(l, 'reg.col.status')}</th>
            <th scope="col">{t(l, 'reg.col.when')}</th>
            <th scope="col">{t(l, 'reg.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((r) => (
            <tr>
              {props.waiting ? <td>{r.position ?? ''}</td> : null}
              <th scope="row">{r.name ?? '—'}</th>
              <td>
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
              <td>{r.seats}</td>
              <td>
                {t(l, `registrationStatus.${r.status}`)}
                {r.status === 'offered' && r.offerExpiresAt ? ` (${whenLabel(r.offerExpiresAt, l)})` : ''}
              </td>
              <td>{whenLabel(r.createdAt, l)}</td>
              <td>{t(l, `source.${r.source}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function RegistrationsPage(props: {
  ctx: PageContext;
  organisation: Org;
  event: EventDetail;
  items: RegistrationListItem[];
  values?: FormValues;
  errors?: Errors;
  booked?: RegistrationListItem;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const ev = props.event;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const active = props.items.filter((r) => r.status === 'confirmed' || r.status === 'offered');
  const waiting = props.items.filter((r) => r.status === 'waitlisted').sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const cancelled = props.items.filter((r) => r.status === 'cancelled');
  const b = props.booked;
  const seats = Array.from({ length: Math.max(1, ev.maxSeatsPerBooking) }, (_, i) => String(i + 1));
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'reg.title')}: ${ev.title}`}
      head={EVENTS_CSS}
      crumbs={crumbs(l, o, [
        { href: `/admin/organisations/${o.id}/events`, label: t(l, 'sev.title') },
        { href: `/admin/events/${ev.id}`, label: ev.title },
        { label: t(l, 'reg.title') },
      ])}
    >
      <h1>
        {t(l, 'reg.title')}: {ev.title}
      </h1>
      <p class="lead">{ev.sessions.map((s) => sessionLabel(s.start, s.end, l)).join('; ')}</p>
      <p>{t(l, 'reg.summary', { taken: ev.capacity - ev.seatsLeft, capacity: ev.capacity, waiting: ev.waiting })}</p>
      <ul class="ponte-actions list-unstyled">
        <li>
          <a href={`/admin/events/${ev.id}/ingresso`}>{t(l, 'sev.door')}</a>
        </li>
        <li>
          <a href={`/admin/events/${ev.id}/presenze`}>{t(l, 'sev.attendance')}</a>
        </li>
        <li>
          <a href={`/admin/events/${ev.id}/iscritti.csv`} download>
            {t(l, 'sev.registrationsCsv')}
          </a>
        </li>
      </ul>
      {b ? (
        <div class="alert alert-success" role="status">
          {t(l, 'reg.booked', {
            name: b.name ?? '',
            seats: tn(l, 'ev.seatsCount', b.seats),
            status: b.status === 'waitlisted' ? t(l, 'conf.waitlisted', { n: b.position ?? 1 }) : t(l, `registrationStatus.${b.status}`),
          })}
        </div>
      ) : null}
      <section aria-labelledby="on-behalf" class="ponte-card">
        <h2 id="on-behalf" class="h4">
          {t(l, 'reg.onBehalf')}
        </h2>
        {ev.bookingOpen ? (
          <>
            <p>{t(l, 'reg.onBehalf.hint')}</p>
            <ErrorSummary
              errors={e}
              title={t(l, 'form.errors')}
              labels={{
                name: t(l, 'book.name'),
                phone: t(l, 'book.phone'),
                email: t(l, 'book.email'),
                seats: t(l, 'book.seats'),
                privacyAccepted: t(l, 'reg.privacyRead'),
              }}
            />
            <FormProblem errors={e} />
            <Form action={`/admin/events/${ev.id}/registrations`} csrf={props.ctx.csrf}>
              <div class="ponte-filter-grid">
                <TextField name="name" label={t(l, 'book.name')} required value={val(v, 'name')} error={e.name} maxLength={120} />
                <TextField name="phone" type="tel" label={t(l, 'book.phone')} value={val(v, 'phone')} error={e.phone} maxLength={30} />
                <TextField name="email" type="email" label={t(l, 'book.email')} value={val(v, 'email')} error={e.email} maxLength={254} />
                <SelectField
                  name="seats"
                  label={t(l, 'book.seats')}
                  required
                  value={val(v, 'seats') || '1'}
                  error={e.seats}
                  options={seats.map((s) => ({ value: s, label: s }))}
                />
              </div>
              <Check
                name="privacyAccepted"
                label={t(l, 'reg.privacyRead')}
                checked={val(v, 'privacyAccepted') === '1'}
                error={e.privacyAccepted}
              />
              <button type="submit" class="btn btn-primary">
                {t(l, 'reg.book')}
              </button>
            </Form>
          </>
        ) : (
          <p>{t(l, 'reg.closed')}</p>
        )}
      </section>
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
    </Layout>
  );
}
