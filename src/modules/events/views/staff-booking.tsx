import type { VNode } from 'preact';
import { t, tn } from '../../../core/i18n.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { Section } from '../../../web/components/section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, FormProblem, SelectField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import type { StaffEventRow } from '../catalogue/catalogue.js';
import { sessionLabel, whenLabel } from '../catalogue/format.js';
import { EVENTS_CSS } from '../catalogue/views.js';
import type { EventDetail } from '../service.js';
import { crumbs, type Org } from './staff.js';

/** One booking as staff act on it for the person: its code, its seats, a move, a cancellation that asks first. */
export interface StaffBooking {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  seats: number;
  status: string;
  ticketCode: string;
}

function pageCrumbs(l: PageContext['lang'], o: Org, ev: EventDetail, last: string) {
  return crumbs(l, o, [
    { href: `/admin/organisations/${o.id}/events`, label: t(l, 'sev.title') },
    { href: `/admin/events/${ev.id}/registrations`, label: `${t(l, 'reg.title')}: ${ev.title}` },
    { label: last },
  ]);
}

export function StaffBookingPage(props: {
  ctx: PageContext;
  organisation: Org;
  event: EventDetail;
  booking: StaffBooking;
  targets: StaffEventRow[];
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const { event: ev, booking: b } = props;
  const e = props.errors ?? {};
  const title = t(l, 'staffActs.title', { name: b.name ?? '—' });
  const seats = Array.from({ length: Math.max(1, ev.maxSeatsPerBooking, b.seats) }, (_, i) => String(i + 1));
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={pageCrumbs(l, props.organisation, ev, title)} head={EVENTS_CSS}>
      <p class="lead">
        {ev.title} · {ev.sessions.map((s) => sessionLabel(s.start, s.end, l)).join('; ')}
      </p>
      <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={{ seats: t(l, 'book.seats'), to: t(l, 'staffActs.move.to') }} />
      <FormProblem errors={e} />
      <p>
        {t(l, 'staffActs.code')}: <strong class="ponte-read-out">{b.ticketCode}</strong>
      </p>
      <p>
        {tn(l, 'ev.seatsCount', b.seats)} · {t(l, `registrationStatus.${b.status}`)}
        {b.phone ? (
          <>
            {' · '}
            <a href={`tel:${b.phone.replace(/[^\d+]/g, '')}`}>{b.phone}</a>
          </>
        ) : null}
        {b.email ? ` · ${b.email}` : ''}
      </p>
      <p>
        <em>{t(l, 'staffActs.audited')}</em>
      </p>
      <Section id="seats-title" heading={t(l, 'staffActs.seats')} class="ponte-card mb-3">
        <Form action={`/admin/registrations/${b.id}/posti`} csrf={props.ctx.csrf}>
          <SelectField
            name="seats"
            label={t(l, 'book.seats')}
            required
            value={String(b.seats)}
            error={e.seats}
            options={seats.map((s) => ({ value: s, label: s }))}
          />
          <SubmitButton label={t(l, 'staffActs.seats.save')} />
        </Form>
      </Section>
      <Section id="move-title" heading={t(l, 'staffActs.move')} class="ponte-card mb-3">
        {props.targets.length === 0 ? (
          <p>{t(l, 'staffActs.move.none')}</p>
        ) : (
          <Form action={`/admin/registrations/${b.id}/sposta`} csrf={props.ctx.csrf}>
            <SelectField
              name="to"
              label={t(l, 'staffActs.move.to')}
              required
              hint={t(l, 'staffActs.move.hint')}
              value=""
              error={e.to}
              placeholder={t(l, 'staffActs.move.choose')}
              options={props.targets.map((x) => ({
                value: x.id,
                label: `${x.title}, ${whenLabel(x.start, l)} (${t(l, 'staffActs.move.free', { free: Math.max(0, x.capacity - x.taken) })})`,
              }))}
            />
            <SubmitButton label={t(l, 'staffActs.move.save')} />
          </Form>
        )}
      </Section>
      <Section id="cancel-title" heading={t(l, 'staffActs.cancel')} class="ponte-card mb-3">
        <p>
          <a class="btn btn-outline-danger" href={`/admin/registrations/${b.id}/annulla`}>
            {t(l, 'staffActs.cancel')}
          </a>
        </p>
      </Section>
    </TitledPage>
  );
}

/** The question before a cancellation: nothing is cancelled until staff say yes. */
export function StaffCancelPage(props: {
  ctx: PageContext;
  organisation: Org;
  event: EventDetail;
  booking: StaffBooking;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const { event: ev, booking: b } = props;
  const title = t(l, 'staffActs.cancel');
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={pageCrumbs(l, props.organisation, ev, title)} head={EVENTS_CSS}>
      <FormProblem errors={props.errors ?? {}} />
      <p class="lead">{t(l, 'staffActs.cancel.ask', { name: b.name ?? '—', seats: b.seats, event: ev.title })}</p>
      <p>{t(l, 'staffActs.cancel.hint')}</p>
      <Form action={`/admin/registrations/${b.id}/annulla`} csrf={props.ctx.csrf}>
        <SubmitButton label={t(l, 'staffActs.cancel.yes')} class="btn btn-danger" />{' '}
        <a class="btn btn-outline-primary" href={`/admin/registrations/${b.id}`}>
          {t(l, 'staffActs.cancel.no')}
        </a>
      </Form>
    </TitledPage>
  );
}
