import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { DetailList } from '../../../web/components/detail-list.js';
import { FieldList } from '../../../web/components/field-list.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../../web/components/form-section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, FormProblem, Notice, SelectField, TextField } from '../../../web/forms.js';
import { type Crumb, contentLang, type PageContext } from '../../../web/layout.js';
import type { AppointmentView, DeskView, ExceptionView, HoldState, RankedDesk, ServiceView, SlotView } from '../service.js';
import { dayLabel, slotLabel } from '../slots.js';
import { HoldExtend, HoldNotice, OtherTimes } from './hold.js';
import { municipalityText, STYLES, time } from './shared.js';

function BringList(props: { l: Lang; service: ServiceView }): VNode | null {
  if (props.service.bring.length === 0) return null;
  return (
    <>
      <h2 class="h5">{t(props.l, 'desks.bring')}</h2>
      <ul class="ponte-desk-bring">
        {props.service.bring.map((b) => (
          <li>{b}</li>
        ))}
      </ul>
    </>
  );
}

function Address(props: { l: Lang; desk: DeskView }): VNode {
  const d = props.desk;
  return (
    <p class="mb-1">
      <span class="d-block fw-semibold">{d.venue.name}</span>
      <span class="d-block">
        {d.venue.address}, {municipalityText(d)}
      </span>
      {d.venue.stepFree ? <span class="d-block">{t(props.l, 'desks.stepFree')}</span> : null}
    </p>
  );
}

/** The button that books at a desk or a service, named for screen readers by what it books. */
function BookLink(props: { l: Lang; href: string; name: string }): VNode {
  return (
    <a class="btn btn-primary btn-sm" href={props.href}>
      {t(props.l, 'desks.book')}
      <span class="visually-hidden"> – {props.name}</span>
    </a>
  );
}

// ---------------- public pages ----------------

export function DeskSearchPage(props: {
  ctx: PageContext;
  services: { code: string; name: string }[];
  values: { servizio: string; comune: string };
  ranked: RankedDesk[];
  errors?: Errors;
  /** The comune searched, when none of its desks is listed. */
  noneIn?: string;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const groups = [0, 1, 2, 3].map((n) => ({ n, items: props.ranked.filter((r) => r.nearness === n) })).filter((g) => g.items.length > 0);
  const nearby = !!props.values.comune && !errors.comune;
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'desks.title')} head={STYLES}>
      <p class="lead">{t(l, 'desks.lead')}</p>
      <FormBlock lang={l} errors={errors} action="/sportelli" method="get" submit={t(l, 'desks.show')}>
        <SelectField
          name="servizio"
          label={t(l, 'desks.service')}
          value={props.values.servizio}
          placeholder={t(l, 'desks.service.any')}
          options={props.services.map((s) => ({ value: s.code, label: s.name }))}
        />
        <TextField
          name="comune"
          label={t(l, 'desks.municipality')}
          value={props.values.comune}
          hint={t(l, 'desks.municipality.hint')}
          error={errors.comune}
          maxLength={100}
          autocomplete="address-level2"
        />
      </FormBlock>
      <h2 class="h4 mt-4">{t(l, 'desks.search')}</h2>
      {props.ranked.length === 0 ? <p>{t(l, 'desks.none')}</p> : null}
      {props.noneIn && props.ranked.length > 0 ? <p>{t(l, 'desks.search.noneIn', { name: props.noneIn })}</p> : null}
      {groups.map((g) => (
        <section aria-labelledby={`near-${g.n}`}>
          <h3 class="h5 mt-3" id={`near-${g.n}`}>
            {nearby ? t(l, `desks.near.${g.n}`) : t(l, 'desks.title')}
          </h3>
          <ul class="list-unstyled">
            {g.items.map(({ desk }) => {
              const bookable = props.values.servizio && desk.services.some((s) => s.code === props.values.servizio);
              return (
                <li class="ponte-card ponte-desk-card">
                  <h4 class="h5 mb-1">
                    <a href={`/sportelli/${desk.id}`} lang={contentLang(l)}>
                      {desk.name}
                    </a>
                  </h4>
                  <Address l={l} desk={desk} />
                  <p class="mb-2">{desk.services.map((s) => s.name).join(' · ')}</p>
                  <BookLink
                    l={l}
                    href={`/sportelli/${desk.id}/prenota${bookable ? `?servizio=${encodeURIComponent(props.values.servizio)}` : ''}`}
                    name={desk.name}
                  />
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </TitledPage>
  );
}

/** The crumbs of the booking's pages: the desks' list, the desk, the booking. */
const bookingCrumbs = (l: Lang, d: DeskView): Crumb[] => [
  { href: '/sportelli', label: t(l, 'desks.title') },
  { href: `/sportelli/${d.id}`, label: d.name },
  { label: t(l, 'desks.book.title') },
];

/** A citizen's page under the desks' list: the layout, the crumbs from the list, and the heading. */
function CitizenPage(props: {
  ctx: PageContext;
  title: string;
  /** The title is the organisation's words (a desk's name), in Italian whatever the interface's language. */
  italianTitle?: boolean;
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={props.title}
      head={STYLES}
      crumbs={[{ href: '/sportelli', label: t(l, 'desks.title') }, { label: props.title }]}
      headingLang={props.italianTitle ? contentLang(l) : undefined}
    >
      {props.children}
    </TitledPage>
  );
}

export function DeskPage(props: {
  ctx: PageContext;
  desk: DeskView;
  exceptions: ExceptionView[];
  /** The organisation's public phone, with its tel: link. */
  phone?: { text: string; href: string } | null;
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const upcoming = props.exceptions.filter((e) => e.kind !== 'blocked');
  return (
    <CitizenPage ctx={props.ctx} title={d.name} italianTitle>
      <p class="lead">{t(l, 'desks.by', { org: d.organisation.name })}</p>
      {props.phone ? (
        <p>
          {t(l, 'org.phone.line')}: <a href={props.phone.href}>{props.phone.text}</a>
        </p>
      ) : null}
      {d.event ? (
        <p>
          {t(l, 'desks.event')}: <a href={d.event.page}>{d.event.title}</a> ({slotLabel(d.event.start, d.event.end, l, true)})
        </p>
      ) : null}
      {d.description ? <p>{d.description}</p> : null}
      <h2 class="h4">{t(l, 'desks.services')}</h2>
      <ul class="list-unstyled">
        {d.services.map((s) => (
          <li class="ponte-card">
            <h3 class="h5 mb-1" lang={contentLang(l)}>
              {s.name}
            </h3>
            <p class="mb-1">{t(l, 'desks.minutes', { n: s.durationMinutes })}</p>
            {s.bring.length ? (
              <p class="mb-2">
                {t(l, 'desks.bring')}: {s.bring.join(', ')}
              </p>
            ) : null}
            <BookLink l={l} href={`/sportelli/${d.id}/prenota?servizio=${s.code}`} name={s.name} />
          </li>
        ))}
      </ul>
      <h2 class="h4 mt-4">{t(l, 'desks.hours')}</h2>
      {d.openingHours.length === 0 ? <p>{t(l, 'desks.hours.none')}</p> : null}
      <ul>
        {[1, 2, 3, 4, 5, 6, 7]
          .filter((w) => d.openingHours.some((h) => h.weekday === w))
          .map((w) => (
            <li>
              <span class="fw-semibold">{t(l, `desks.weekday${w}`)}</span>:{' '}
              {d.openingHours
                .filter((h) => h.weekday === w)
                .map((h) => `${h.start}–${h.end}`)
                .join(', ')}
            </li>
          ))}
      </ul>
      <p>{t(l, 'desks.holidays')}</p>
      {upcoming.length ? (
        <>
          <h3 class="h5">{t(l, 'desks.closures')}</h3>
          <ul>
            {upcoming.map((e) => (
              <li>
                {t(l, `desks.kind.${e.kind}`)}:{' '}
                {e.from === e.to ? dayLabel(e.from, l, true) : `${dayLabel(e.from, l, true)} – ${dayLabel(e.to, l, true)}`}
                {e.start ? ` ${e.start}–${e.end}` : ''}
                {e.note ? ` (${e.note})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 class="h4 mt-4">{t(l, 'desks.where')}</h2>
      <Address l={l} desk={d} />
      {d.venue.accessibility ? <p>{d.venue.accessibility}</p> : null}
      <p>
        <a href={d.venue.mapUrl}>{t(l, 'desks.map')}</a>
      </p>
    </CitizenPage>
  );
}

/** Days with free slots (links) and, for the chosen day, one button per slot named with its full date and time. */
export function SlotPicker(props: {
  l: Lang;
  csrf?: string;
  baseHref: string;
  action: string;
  hidden: Record<string, string>;
  days: { date: string; slots: SlotView[] }[];
  day: string | null;
  from: string;
  previousFrom: string | null;
  nextFrom: string;
  /** What choosing a time does: held for 5 minutes (booking), or the appointment moves at once. */
  hint?: string;
}): VNode {
  const { l } = props;
  const chosen = props.day ? props.days.find((d) => d.date === props.day) : undefined;
  const href = (q: Record<string, string>) => {
    const u = new URL(props.baseHref, 'http://x');
    for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
    return u.pathname + u.search;
  };
  return (
    <>
      <h2 class="h4">{t(l, 'desks.book.days')}</h2>
      {props.days.length === 0 ? <p>{t(l, 'desks.book.days.none')}</p> : null}
      <ul class="ponte-desk-days list-unstyled">
        {props.days.map((d) => (
          <li>
            <a href={href({ giorno: d.date, da: props.from })} aria-current={d.date === props.day ? 'date' : undefined}>
              {dayLabel(d.date, l)}
            </a>{' '}
            <span class="ponte-desk-count">
              ({d.slots.length === 1 ? t(l, 'desks.book.freeOne') : t(l, 'desks.book.freeCount', { n: d.slots.length })})
            </span>
          </li>
        ))}
      </ul>
      <p class="ponte-desk-weeks">
        {props.previousFrom ? <a href={href({ da: props.previousFrom })}>{t(l, 'desks.book.earlier')}</a> : null}
        <a href={href({ da: props.nextFrom })}>{t(l, 'desks.book.later')}</a>
      </p>
      {props.day ? (
        <section aria-labelledby="slots-title">
          <h2 class="h4 mt-4" id="slots-title">
            {t(l, 'desks.book.slots', { day: dayLabel(props.day, l) })}
          </h2>
          {chosen ? (
            <>
              <p>{props.hint ?? t(l, 'desks.book.slots.hint')}</p>
              <Form action={props.action} csrf={props.csrf}>
                {Object.entries(props.hidden).map(([k, v]) => (
                  <input type="hidden" name={k} value={v} />
                ))}
                <ul class="ponte-desk-slots list-unstyled">
                  {chosen.slots.map((s) => (
                    <li>
                      <button
                        type="submit"
                        name="start"
                        value={s.start}
                        class="btn btn-outline-primary"
                        aria-label={slotLabel(s.start, s.end, l)}
                      >
                        {time(s.start)}–{time(s.end)}
                      </button>
                    </li>
                  ))}
                </ul>
              </Form>
            </>
          ) : (
            <p>{t(l, 'desks.book.slots.none')}</p>
          )}
        </section>
      ) : props.days.length ? (
        <p>{t(l, 'desks.book.chooseDay')}</p>
      ) : null}
    </>
  );
}

type PickerProps = Omit<Parameters<typeof SlotPicker>[0], 'l' | 'csrf'>;

export function BookPage(props: {
  ctx: PageContext;
  desk: DeskView;
  service: ServiceView | null;
  picker: PickerProps | null;
  problem?: string;
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const title = props.service ? `${t(l, 'desks.book.title')}: ${props.service.name}` : t(l, 'desks.book.title');
  return (
    <TitledPage ctx={props.ctx} heading={title} head={STYLES} crumbs={bookingCrumbs(l, d)}>
      <p>
        {d.name} · {d.venue.name}, {d.venue.address}, {municipalityText(d)}
      </p>
      <FormProblem errors={props.problem ? { _: props.problem } : undefined} />
      {props.service && props.picker ? (
        <SlotPicker l={l} csrf={props.ctx.csrf} {...props.picker} />
      ) : (
        <Form action={`/sportelli/${d.id}/prenota`} method="get">
          <fieldset>
            <legend class="h4">{t(l, 'desks.book.chooseService')}</legend>
            {d.services.map((s, i) => (
              <div class="form-check">
                <input class="form-check-input" type="radio" name="servizio" id={`s-${s.code}`} value={s.code} checked={i === 0} />
                <label class="form-check-label" for={`s-${s.code}`}>
                  {s.name} ({t(l, 'desks.minutes', { n: s.durationMinutes })})
                </label>
              </div>
            ))}
          </fieldset>
          <SubmitButton label={t(l, 'desks.book.continue')} class="btn btn-primary mt-3" />
        </Form>
      )}
    </TitledPage>
  );
}

export function DetailsPage(props: {
  ctx: PageContext;
  desk: DeskView;
  service: ServiceView;
  start: string;
  end: string;
  hold: HoldState | undefined;
  holdId: string;
  values: Record<string, string>;
  errors?: Errors;
  /** The hold was just extended: its new deadline takes the focus. */
  extended?: boolean;
  /** The time was taken while the citizen typed: the day's other free times, offered in the same form. */
  otherTimes?: SlotView[];
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const errors = props.errors ?? {};
  const slot = slotLabel(props.start, props.end, l);
  const day = props.start.slice(0, 10);
  // "Either e-mail or phone" is one error shown under the e-mail; the phone is as much at fault.
  const noContact = !!errors.email && errors.email === t(l, 'desks.check.contact');
  return (
    <TitledPage
      ctx={props.ctx}
      title={`${t(l, 'desks.book.yourData')}: ${props.service.name} · ${d.name}`}
      heading={
        <>
          {t(l, 'desks.book.title')}: <span lang={contentLang(l)}>{props.service.name}</span>
        </>
      }
      head={STYLES}
      crumbs={bookingCrumbs(l, d)}
    >
      {props.otherTimes ? null : <HoldNotice l={l} slot={slot} hold={props.hold} extended={!!props.extended && !props.errors} />}
      <p lang={contentLang(l)}>
        {d.name} · {d.venue.name}, {d.venue.address}, {municipalityText(d)}
      </p>
      <BringList l={l} service={props.service} />
      <h2 class="h4 mt-4">{t(l, 'desks.book.yourData')}</h2>
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
      <FormProblem errors={errors} />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={`/sportelli/${d.id}/prenota/dati`} csrf={props.ctx.csrf}>
          <input type="hidden" name="hold" value={props.holdId} />
          <input type="hidden" name="servizio" value={props.service.code} />
          {props.otherTimes ? (
            <OtherTimes l={l} day={day} dayLabel={dayLabel(day, l)} slots={props.otherTimes} />
          ) : (
            <input type="hidden" name="start" value={props.start} />
          )}
          <TextField
            name="name"
            label={t(l, 'desks.book.name')}
            required
            value={props.values.name}
            error={errors.name}
            maxLength={120}
            autocomplete="name"
          />
          <p id="contact-hint" class="mb-2">
            {t(l, 'desks.book.contact.hint')}
          </p>
          <FieldList
            values={props.values}
            errors={errors}
            label={(name) => t(l, `desks.book.${name}`)}
            fields={[
              {
                name: 'email',
                type: 'email',
                hint: t(l, 'desks.book.email.hint'),
                describedBy: 'contact-hint',
                maxLength: 254,
                autocomplete: 'email',
              },
              {
                name: 'phone',
                type: 'tel',
                invalid: noContact,
                describedBy: noContact ? 'contact-hint e-email' : 'contact-hint',
                maxLength: 20,
                autocomplete: 'tel',
              },
            ]}
          />
          <p>
            {t(l, 'desks.book.privacy', { days: d.retentionDays })} <a href="/privacy">{t(l, 'desks.book.privacyLink')}</a>
          </p>
          <SubmitButton label={t(l, 'desks.book.confirm')} />
          {props.otherTimes ? null : <HoldExtend l={l} deskId={d.id} hold={props.hold} />}
        </Form>
        <ButtonForm
          action={`/sportelli/${d.id}/prenota/rilascia`}
          csrf={props.ctx.csrf}
          formClass="mt-3"
          hidden={{ hold: props.holdId, servizio: props.service.code, giorno: day }}
          label={t(l, 'desks.book.other')}
          class="btn btn-outline-secondary"
        />
      </div>
    </TitledPage>
  );
}

function AppointmentSummary(props: {
  l: Lang;
  desk: DeskView;
  appointment: Pick<AppointmentView, 'service' | 'start' | 'end'> & { status?: AppointmentView['status'] };
  withStatus?: boolean;
}): VNode {
  const { l, desk: d, appointment: a } = props;
  return (
    <DetailList
      class="ponte-desk-summary"
      details={[
        { term: t(l, 'desks.appt.service'), value: a.service.name },
        { term: t(l, 'desks.appt.when'), value: slotLabel(a.start, a.end, l, true) },
        {
          term: t(l, 'desks.appt.where'),
          value: (
            <>
              {d.name} · {d.venue.name}, {d.venue.address}, {municipalityText(d)} · <a href={d.venue.mapUrl}>{t(l, 'desks.map')}</a>
            </>
          ),
        },
        props.withStatus && { term: t(l, 'desks.appt.status'), value: t(l, `desks.appt.status.${a.status}`) },
      ]}
    />
  );
}

export function ConfirmationPage(props: {
  ctx: PageContext;
  desk: DeskView;
  appointment: AppointmentView;
  token: string;
  manageUrl: string;
}): VNode {
  const l = props.ctx.lang;
  const a = props.appointment;
  const service = props.desk.services.find((s) => s.code === a.service.code);
  return (
    <CitizenPage ctx={props.ctx} title={t(l, 'desks.done.title')}>
      <Notice kind="success">{a.email ? t(l, 'desks.done.mail') : t(l, 'desks.done.noMail')}</Notice>
      <AppointmentSummary l={l} desk={props.desk} appointment={a} />
      <AppointmentCode l={l} code={a.code} />
      {service ? <BringList l={l} service={service} /> : null}
      <p>
        <a href={`/appuntamenti/${a.id}/calendario.ics?token=${encodeURIComponent(props.token)}`}>{t(l, 'desks.appt.ics')}</a>
      </p>
      <p>{t(l, 'desks.done.keep')}</p>
      <p>
        <a class="btn btn-primary" href={`/appuntamenti/${a.id}?token=${encodeURIComponent(props.token)}`}>
          {t(l, 'desks.appt.manage')}
        </a>
      </p>
      <p class="ponte-desk-link">{props.manageUrl}</p>
    </CitizenPage>
  );
}

/**
 * The answer to a booking with an e-mail address: the same whether an appointment was made or the
 * address had reached the desk's limit (its owner is told by e-mail), so it tells nobody whether an
 * address has appointments. It shows what was asked; the private link goes to the mailbox only.
 */
export function ReceivedPage(props: { ctx: PageContext; desk: DeskView; service: ServiceView; start: string; end: string }): VNode {
  const l = props.ctx.lang;
  const asked = { service: { code: props.service.code, name: props.service.name }, start: props.start, end: props.end };
  return (
    <CitizenPage ctx={props.ctx} title={t(l, 'desks.received.title')}>
      <Notice kind="success">{t(l, 'desks.received.mail')}</Notice>
      <p>{t(l, 'desks.received.spam')}</p>
      <h2 class="h4">{t(l, 'desks.received.asked')}</h2>
      <AppointmentSummary l={l} desk={props.desk} appointment={asked} />
      <BringList l={l} service={props.service} />
    </CitizenPage>
  );
}

/** The appointment's short code, to keep or read out: with the phone or e-mail it opens the appointment again. */
function AppointmentCode(props: { l: Lang; code: string | null }): VNode | null {
  if (!props.code) return null;
  return (
    <p>
      {t(props.l, 'desks.appt.code')} <strong class="text-nowrap ponte-read-out">{props.code}</strong>. {t(props.l, 'desks.appt.code.hint')}{' '}
      <a href="/gestisci">{t(props.l, 'desks.appt.code.link')}</a>.
    </p>
  );
}

export function ManagePage(props: {
  ctx: PageContext;
  desk: DeskView;
  appointment: AppointmentView;
  token: string;
  notice?: 'cancelled' | 'moved';
  problem?: string;
  future: boolean;
}): VNode {
  const l = props.ctx.lang;
  const a = props.appointment;
  const q = `token=${encodeURIComponent(props.token)}`;
  return (
    <CitizenPage ctx={props.ctx} title={t(l, 'desks.appt.title')}>
      {props.notice === 'cancelled' ? <Notice kind="success">{t(l, 'desks.appt.cancelled')}</Notice> : null}
      {props.notice === 'moved' ? (
        <Notice kind="success">{a.email ? t(l, 'desks.appt.moved') : t(l, 'desks.appt.movedNoMail')}</Notice>
      ) : null}
      <FormProblem errors={props.problem ? { _: props.problem } : undefined} />
      <AppointmentSummary l={l} desk={props.desk} appointment={a} withStatus />
      {a.status === 'booked' ? <AppointmentCode l={l} code={a.code} /> : null}
      {a.status === 'booked' ? (
        <p>
          <a href={`/appuntamenti/${a.id}/calendario.ics?${q}`}>{t(l, 'desks.appt.ics')}</a>
        </p>
      ) : null}
      {a.status === 'booked' && props.future ? (
        <>
          <p>
            <a class="btn btn-outline-primary" href={`/appuntamenti/${a.id}/sposta?${q}`}>
              {t(l, 'desks.appt.move')}
            </a>
          </p>
          <h2 class="h4 mt-4">{t(l, 'desks.appt.cancel')}</h2>
          <p>{t(l, 'desks.appt.cancel.hint')}</p>
          <p>
            <a class="btn btn-outline-danger" href={`/appuntamenti/${a.id}/annulla?${q}`}>
              {t(l, 'desks.appt.cancel')}
            </a>
          </p>
        </>
      ) : null}
      {a.status === 'cancelled' ? (
        <p>
          <a href={`/sportelli/${props.desk.id}/prenota?servizio=${a.service.code}`}>{t(l, 'desks.appt.again')}</a>
        </p>
      ) : null}
    </CitizenPage>
  );
}

/** The question before a cancellation, answered with a plain form (no JavaScript needed). */
export function CancelPage(props: { ctx: PageContext; desk: DeskView; appointment: AppointmentView; token: string }): VNode {
  const l = props.ctx.lang;
  const a = props.appointment;
  return (
    <CitizenPage ctx={props.ctx} title={t(l, 'desks.appt.cancel.title')}>
      <AppointmentSummary l={l} desk={props.desk} appointment={a} />
      <p>{t(l, 'desks.appt.cancel.hint')}</p>
      <ButtonForm
        action={`/appuntamenti/${a.id}/annulla`}
        csrf={props.ctx.csrf}
        hidden={{ token: props.token }}
        label={t(l, 'desks.appt.cancel.yes')}
        class="btn btn-danger"
      />
      <p class="mt-3">
        <a href={`/appuntamenti/${a.id}?token=${encodeURIComponent(props.token)}`}>{t(l, 'desks.appt.cancel.no')}</a>
      </p>
    </CitizenPage>
  );
}

export function MovePage(props: {
  ctx: PageContext;
  desk: DeskView;
  appointment: AppointmentView;
  picker: PickerProps;
  title: string;
  crumbs: Crumb[];
  problem?: string;
}): VNode {
  const l = props.ctx.lang;
  const a = props.appointment;
  return (
    <TitledPage ctx={props.ctx} heading={props.title} head={STYLES} crumbs={props.crumbs}>
      <p>{t(l, 'desks.appt.current', { slot: slotLabel(a.start, a.end, l, true) })}</p>
      <p>
        {a.service.name} · {props.desk.name}
      </p>
      <FormProblem errors={props.problem ? { _: props.problem } : undefined} />
      <SlotPicker l={l} csrf={props.ctx.csrf} {...props.picker} hint={t(l, 'desks.appt.move.hint')} />
    </TitledPage>
  );
}

// ---------------- back office ----------------
