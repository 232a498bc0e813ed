import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../../web/components/form-section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ToCallSection } from '../../../web/components/to-call-section.js';
import { type Errors, Form, FormProblem, Notice, SelectField, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import type { Agenda, AppointmentView } from '../service.js';
import { dayLabel } from '../slots.js';
import { adminCrumbs, type FormValues, STYLES, time, val } from './shared.js';

/** Whose appointment a button acts on, for screen readers: " – Anna Bianchi, 9:30". */
function Whose(props: { a: AppointmentView }): VNode {
  return (
    <span class="visually-hidden">
      {' '}
      – {props.a.name ?? ''}, {time(props.a.start)}
    </span>
  );
}

/** A button that sets an appointment's status (served, no-show, back to booked). */
function StatusButton(props: { a: AppointmentView; csrf?: string; status: string; class: string; label: string }): VNode {
  return (
    <ButtonForm
      action={`/admin/desk-appointments/${props.a.id}/stato`}
      csrf={props.csrf}
      hidden={{ status: props.status }}
      label={props.label}
      class={`btn ${props.class} btn-sm`}
    >
      <Whose a={props.a} />
    </ButtonForm>
  );
}

/** Staff move or cancel a booked appointment; the cancellation asks for a reason first (it opens, then is sent). */
function ManageActions(props: { a: AppointmentView; csrf?: string; l: Lang }): VNode {
  const { a, l } = props;
  return (
    <>
      <a class="btn btn-outline-primary btn-sm" href={`/admin/desk-appointments/${a.id}/sposta`}>
        {t(l, 'desks.day.move')}
        <Whose a={a} />
      </a>
      <details>
        <summary>
          {t(l, 'desks.day.cancel')}
          <Whose a={a} />
        </summary>
        <Form action={`/admin/desk-appointments/${a.id}/annulla`} csrf={props.csrf}>
          <div class="mb-2 ponte-field">
            <label class="form-label" for={`reason-${a.id}`}>
              {t(l, 'desks.day.cancel.reason')}
            </label>
            <input class="form-control" id={`reason-${a.id}`} name="reason" maxLength={500} />
          </div>
          <SubmitButton label={t(l, 'desks.day.cancel')} class="btn btn-danger btn-sm" />
        </Form>
      </details>
    </>
  );
}

export function DayPage(props: {
  ctx: PageContext;
  agenda: Agenda;
  prev: string;
  next: string;
  canManage: boolean;
  /** The facilitation form's address for each served appointment, by id (none without that module). */
  facilitationUrls: Record<string, string>;
  /** The present instant: an appointment can be marked served only once it has begun. */
  now: string;
  errors?: Errors;
  walkInValues?: FormValues;
  /** Phone-only people of this desk to call (moved or cancelled by staff), by appointment. */
  callbacks?: { id: string; reason: string; appointment: AppointmentView }[];
  /** A call was just ticked off. */
  ticked?: boolean;
}): VNode {
  const l = props.ctx.lang;
  const { desk: d, date, items, plan } = props.agenda;
  const errors = props.errors ?? {};
  const title = t(l, 'desks.day.title', { desk: d.name });
  const live = items.filter((a) => a.status !== 'cancelled');
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      head={STYLES}
      crumbs={adminCrumbs(l, d.organisation, [{ href: `/admin/desks/${d.id}`, label: d.name }, { label: t(l, 'desks.admin.desk.day') }])}
    >
      <p class="lead">{dayLabel(date, l, true)}</p>
      <p>
        {plan.holiday ? t(l, 'desks.day.holiday', { name: plan.holiday }) : null}
        {!plan.holiday && plan.periods.length === 0 ? t(l, 'desks.day.closed') : null}
        {plan.periods.length
          ? t(l, 'desks.day.open', { periods: plan.periods.map((p) => `${time(p.start)}–${time(p.end)}`).join(', ') })
          : null}{' '}
        {live.length === 1 ? t(l, 'desks.day.countOne') : t(l, 'desks.day.count', { n: live.length })}
      </p>
      <nav class="ponte-desk-daynav d-print-none" aria-label={t(l, 'desks.admin.desk.day')}>
        <a href={`/admin/desks/${d.id}/giornata?data=${props.prev}`}>{t(l, 'desks.day.prev')}</a>
        <a href={`/admin/desks/${d.id}/giornata?data=${props.next}`}>{t(l, 'desks.day.next')}</a>
      </nav>
      <Form action={`/admin/desks/${d.id}/giornata`} method="get" class="d-print-none ponte-desk-datepick">
        <TextField name="data" label={t(l, 'desks.day.date')} value={date} maxLength={10} />
        <SubmitButton label={t(l, 'desks.day.show')} class="btn btn-outline-primary" />
      </Form>
      <p class="d-print-none">{t(l, 'desks.day.print')}</p>
      <FormProblem errors={errors} />
      {props.ticked ? <Notice kind="success">{t(l, 'callbacks.done.notice')}</Notice> : null}
      {/* The desk's phone-only people to call, whatever the day of their appointment. */}
      <ToCallSection
        l={l}
        csrf={props.ctx.csrf}
        back={`/admin/desks/${d.id}/giornata?data=${date}`}
        orgId={d.organisation.id}
        class="ponte-card mb-3 d-print-none"
        rows={(props.callbacks ?? []).map(({ id, reason, appointment: a }) => ({
          id,
          reason,
          name: a.name,
          phone: a.phone,
          more: (
            <>
              {' '}
              · {time(a.start)}
              {a.code ? ` · ${a.code}` : ''}
            </>
          ),
        }))}
      />
      {items.length === 0 ? <p>{t(l, 'desks.day.none')}</p> : null}
      <ol class="list-unstyled ponte-desk-agenda">
        {items.map((a) => (
          <li class={`ponte-card ponte-desk-appt ponte-desk-${a.status}`}>
            <h2 class="h5 mb-1">
              {time(a.start)}–{time(a.end)} · {a.service.name}
            </h2>
            <p class="mb-1">
              <span class="fw-semibold">{a.name ?? '—'}</span>
              {a.source === 'walk-in' ? ` (${t(l, 'desks.day.walkIn.source')})` : ''}
              {a.phone ? <span class="d-block">{a.phone}</span> : null}
              {a.email ? <span class="d-block">{a.email}</span> : null}
            </p>
            <p class="mb-2">
              {t(l, 'desks.appt.status')}: <span class="fw-semibold">{t(l, `desks.appt.status.${a.status}`)}</span>
            </p>
            <div class="ponte-desk-actions d-print-none">
              {a.status === 'booked' ? (
                <>
                  {Date.parse(a.start) <= Date.parse(props.now) ? (
                    <StatusButton a={a} csrf={props.ctx.csrf} status="served" class="btn-success" label={t(l, 'desks.day.served')} />
                  ) : null}
                  <StatusButton
                    a={a}
                    csrf={props.ctx.csrf}
                    status="no-show"
                    class="btn-outline-secondary"
                    label={t(l, 'desks.day.noShow')}
                  />
                </>
              ) : null}
              {a.status === 'served' || a.status === 'no-show' ? (
                <StatusButton a={a} csrf={props.ctx.csrf} status="booked" class="btn-link" label={t(l, 'desks.day.undo')} />
              ) : null}
              {a.status === 'served' && props.facilitationUrls[a.id] ? (
                <a class="btn btn-primary btn-sm" href={props.facilitationUrls[a.id]}>
                  {t(l, 'desks.day.facilitation')}
                  <Whose a={a} />
                </a>
              ) : null}
              {a.status === 'booked' && props.canManage ? <ManageActions a={a} csrf={props.ctx.csrf} l={l} /> : null}
            </div>
          </li>
        ))}
      </ol>
      <section class="d-print-none mt-4" aria-labelledby="walk-in">
        <h2 class="h4" id="walk-in">
          {t(l, 'desks.day.walkIn')}
        </h2>
        <FormBlock
          lang={l}
          errors={Object.fromEntries(Object.entries(errors).filter(([k]) => k !== '_'))}
          action={`/admin/desks/${d.id}/walk-in`}
          csrf={props.ctx.csrf}
          submit={t(l, 'desks.day.walkIn.add')}
        >
          <SelectField
            name="service"
            label={t(l, 'desks.appt.service')}
            value={val(props.walkInValues, 'service')}
            error={errors.service}
            options={d.services.map((s) => ({ value: s.code, label: s.name }))}
          />
          <TextField
            name="name"
            label={t(l, 'desks.day.walkIn.name')}
            value={val(props.walkInValues, 'name')}
            error={errors.name}
            maxLength={120}
          />
        </FormBlock>
      </section>
    </TitledPage>
  );
}
