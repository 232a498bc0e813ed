import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t, tn } from '../../../core/i18n.js';
import { assetUrl } from '../../../web/assets.js';
import { ActionLinks } from '../../../web/components/action-links.js';
import { ColumnHeads } from '../../../web/components/data-table.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { ButtonForm } from '../../../web/components/form-section.js';
import { labelsOf } from '../../../web/components/labels.js';
import { Section } from '../../../web/components/section.js';
import { ErrorSummary, type Errors, FieldMessages, Form, FormProblem, Notice, SelectField, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import type { Attendance, AttendanceFigures, Count } from '../attendance.js';
import { sessionLabel, timeLabel } from '../catalogue/format.js';
import { ScrollRegion } from '../catalogue/views.js';
import { AGE_BANDS, AUDIENCES } from '../catalogue/vocab.js';
import type { EventDetail } from '../service.js';
import { EventStaffLayout } from '../staff-layout.js';
import { childAtDoor } from '../views/questions.js';
import type { DoorListItem, DoorSession, WalkInItem } from './checkin.js';

interface Org {
  id: string;
  name: string;
}

const DOOR_HEAD = (
  <>
    <link rel="stylesheet" href={assetUrl('events.css')} />
    <link rel="stylesheet" href={assetUrl('events-door.css')} />
  </>
);

export const peopleLabel = (l: Lang, n: number) => (n === 1 ? t(l, 'door.people1') : t(l, 'door.peopleN', { n }));
const bookingsLabel = (l: Lang, n: number) => tn(l, 'door.bookings', n);

function sessionName(l: Lang, s: DoorSession, count: number): string {
  const when = sessionLabel(s.start, s.end, l);
  return count > 1 ? t(l, 'door.sessionN', { n: s.number, when }) : when;
}

function Links(props: { l: Lang; ev: EventDetail; here: 'door' | 'attendance'; session?: string }): VNode {
  const { l, ev } = props;
  const q = props.session ? `?sessione=${props.session}` : '';
  return (
    <ActionLinks
      class="ponte-noprint"
      links={[
        props.here === 'attendance'
          ? { href: `/admin/events/${ev.id}/ingresso${q}`, label: t(l, 'att.door') }
          : { href: `/admin/events/${ev.id}/presenze`, label: t(l, 'door.attendance') },
        { href: `/admin/events/${ev.id}/registrations`, label: t(l, 'door.registrations') },
        { href: `/admin/events/${ev.id}`, label: t(l, 'door.edit') },
      ]}
    />
  );
}

function SessionPicker(props: { l: Lang; ev: EventDetail; sessions: DoorSession[]; current: DoorSession; action: string }): VNode | null {
  const { l } = props;
  if (props.sessions.length < 2) return null;
  return (
    <form method="get" action={props.action} class="ponte-door-session ponte-noprint">
      <SelectField
        name="sessione"
        label={t(l, 'door.session')}
        value={props.current.id}
        options={props.sessions.map((s) => ({ value: s.id, label: sessionName(l, s, props.sessions.length) }))}
      />
      <SubmitButton label={t(l, 'door.show')} class="btn btn-outline-primary btn-sm" />
    </form>
  );
}

export interface DoorNotice {
  kind: 'ok' | 'already' | 'added' | 'undone';
  name?: string | null;
  people?: number;
}

export interface DoorPageProps {
  ctx: PageContext;
  organisation: Org;
  event: EventDetail;
  sessions: DoorSession[];
  session: DoorSession;
  items: DoorListItem[];
  walkIns: WalkInItem[];
  figures: AttendanceFigures;
  notice?: DoorNotice;
  errors?: Errors;
  values?: Record<string, string>;
}

/** What the last action did, on top of the page. */
function DoorNoticeBox(props: { l: Lang; notice?: DoorNotice }): VNode | null {
  const n = props.notice;
  if (!n) return null;
  const l = props.l;
  const name = n.name ?? t(l, 'door.list.erased');
  const text =
    n.kind === 'ok'
      ? t(l, 'door.ok', { name, people: peopleLabel(l, n.people ?? 1) })
      : n.kind === 'already'
        ? t(l, 'door.already', { name })
        : n.kind === 'added'
          ? t(l, 'door.added', { people: peopleLabel(l, n.people ?? 1) })
          : t(l, 'door.undone');
  return <Notice kind={n.kind === 'already' ? 'warning' : 'success'}>{text}</Notice>;
}

/** Where a door form posts: the page's address, its CSRF token and the session chosen. */
interface DoorTarget {
  action: string;
  csrf?: string;
  session: DoorSession;
}

/** A small form of one button that posts to `<page>/<to>` for the chosen session. */
function RowAction(props: {
  at: DoorTarget;
  to: 'lista' | 'annulla';
  field: string;
  value: string;
  primary?: boolean;
  label: string;
  children: ComponentChildren;
}): VNode {
  return (
    <ButtonForm
      action={`${props.at.action}/${props.to}`}
      csrf={props.at.csrf}
      formClass="ponte-noprint"
      hidden={{ sessione: props.at.session.id, [props.field]: props.value }}
      class={`btn ${props.primary ? 'btn-primary' : 'btn-outline-secondary'} btn-sm`}
      label={props.label}
    >
      {props.children}
    </ButtonForm>
  );
}

interface BoxProps extends DoorTarget {
  l: Lang;
  errors: Errors;
  values: Record<string, string>;
}

/**
 * The ticket code, typed or scanned. The field takes focus on every drawing of the page (after each
 * check-in the page comes back with the field ready for the next code, without JavaScript), unless
 * another form's errors are shown: their summary takes focus instead.
 */
function CodeBox(p: BoxProps): VNode {
  const { l, errors: e } = p;
  return (
    <Section id="door-code" heading={t(l, 'door.code.title')} class="ponte-card ponte-door-box">
      <ErrorSummary
        errors={e.code ? { code: e.code } : {}}
        title={t(l, 'form.errors')}
        labels={{ code: t(l, 'door.code') }}
        focus={false}
      />
      <Form action={`${p.action}/codice`} csrf={p.csrf} class="ponte-door-code">
        <input type="hidden" name="sessione" value={p.session.id} />
        <div class="mb-3 ponte-field">
          <label class="form-label" for="f-code">
            {t(l, 'door.code')}
          </label>
          <input
            class={`form-control ponte-door-input${e.code ? ' is-invalid' : ''}`}
            id="f-code"
            name="code"
            type="text"
            value={p.values.code ?? ''}
            maxLength={200}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            // biome-ignore lint/a11y/noAutofocus: staff at the door asked for it, the field is the page's purpose and comes first
            autoFocus={Object.keys(e).every((k) => k === 'code')}
            aria-invalid={e.code ? 'true' : undefined}
            aria-describedby={e.code ? 'h-code e-code' : 'h-code'}
          />
          <FieldMessages name="code" hint={t(l, 'door.code.hint')} error={e.code} />
        </div>
        <SubmitButton label={t(l, 'door.code.submit')} />
      </Form>
      {/* Filled by /static/events-door.js where the browser can read QR codes with the camera. */}
      <div id="door-scanner" class="ponte-door-scanner" hidden data-label={t(l, 'door.scan')} data-stop={t(l, 'door.scan.stop')} />
    </Section>
  );
}

/** The confirmed bookings, to tick (or untick) one by one. */
function BookingList(p: DoorTarget & { l: Lang; items: DoorListItem[] }): VNode {
  const { l } = p;
  return (
    <Section id="door-list" heading={t(l, 'door.list.title')} class="mt-4">
      {p.items.length === 0 ? (
        <p>{t(l, 'door.list.none')}</p>
      ) : (
        <ul class="list-unstyled ponte-door-list">
          {p.items.map((it) => {
            const who = it.name ?? t(l, 'door.list.erased');
            return (
              <li class={`ponte-door-item${it.checkin ? ' is-in' : ''}`}>
                <div class="ponte-door-who">
                  <strong>{who}</strong> {it.child ? <span class="ponte-door-meta">{childAtDoor(l, it.child)} · </span> : null}
                  <span class="ponte-door-meta">
                    {it.seats === 1 ? t(l, 'door.list.seat') : t(l, 'door.list.seats', { n: it.seats })} · <code>{it.ticketCode}</code>
                  </span>
                  <div class="ponte-door-state">
                    {it.checkin
                      ? t(l, 'door.list.in', { time: timeLabel(it.checkin.at, l), people: peopleLabel(l, it.checkin.people) })
                      : t(l, 'door.list.out')}
                  </div>
                </div>
                {it.checkin ? (
                  <RowAction at={p} to="annulla" field="checkin" value={it.checkin.id} label={t(l, 'door.untick')}>
                    <span class="visually-hidden">: {who}</span>
                  </RowAction>
                ) : (
                  <RowAction at={p} to="lista" field="registration" value={it.registrationId} primary label={t(l, 'door.tick')}>
                    <span class="visually-hidden">: {who}</span>
                  </RowAction>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

/** The form for people without a booking. */
function WalkInForm(p: BoxProps): VNode {
  const { l, errors: e, values: v } = p;
  /** An optional choice among the vocabulary's codes, named as the vocabulary (audience, ageBand). */
  const choice = (name: 'audience' | 'ageBand', codes: readonly string[]) => (
    <SelectField
      name={name}
      label={t(l, `door.walkin.${name}`)}
      value={v[name] ?? ''}
      placeholder={t(l, 'door.walkin.none')}
      options={codes.map((c) => ({ value: c, label: t(l, `${name}.${c}`) }))}
      error={e[name]}
    />
  );
  return (
    <>
      <ErrorSummary
        errors={Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'code' && k !== '_'))}
        title={t(l, 'form.errors')}
        labels={labelsOf((name) => t(l, `door.walkin.${name}`), 'people', 'name', 'audience', 'ageBand')}
      />
      <Form action={`${p.action}/senza-prenotazione`} csrf={p.csrf}>
        <input type="hidden" name="sessione" value={p.session.id} />
        <div class="ponte-filter-grid">
          <TextField
            name="people"
            type="number"
            label={t(l, 'door.walkin.people')}
            value={v.people ?? '1'}
            min={1}
            max={200}
            inputMode="numeric"
            error={e.people}
          />
          <TextField name="name" label={t(l, 'door.walkin.name')} value={v.name ?? ''} maxLength={120} autocomplete="off" error={e.name} />
          {choice('audience', AUDIENCES)}
          {choice('ageBand', AGE_BANDS)}
        </div>
        <SubmitButton label={t(l, 'door.walkin.submit')} />
      </Form>
    </>
  );
}

/** Walk-ins: the form, and those already counted at the session. */
function WalkInBox(p: BoxProps & { walkIns: WalkInItem[] }): VNode {
  const { l } = p;
  return (
    <Section id="door-walkin" heading={t(l, 'door.walkin.title')} class="ponte-card ponte-door-box mt-4">
      <p>{t(l, 'door.walkin.hint')}</p>
      <WalkInForm {...p} />
      {p.walkIns.length ? (
        <>
          <h3 class="h5 mt-3">{t(l, 'door.walkin.list')}</h3>
          <ul class="list-unstyled ponte-door-list">
            {p.walkIns.map((w) => {
              const who = w.name ?? t(l, 'door.walkin.anon');
              return (
                <li class="ponte-door-item is-in">
                  <div class="ponte-door-who">
                    <strong>{who}</strong>{' '}
                    <span class="ponte-door-meta">
                      {t(l, 'door.walkin.item', { people: peopleLabel(l, w.people), time: timeLabel(w.at, l) })}
                    </span>
                  </div>
                  <RowAction at={p} to="annulla" field="checkin" value={w.id} label={t(l, 'door.remove')}>
                    <span class="visually-hidden">
                      : {who}, {timeLabel(w.at, l)}
                    </span>
                  </RowAction>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

/** The check-in page: typed (or scanned) code, the list to tick, walk-ins; one session at a time. */
export function DoorPage(p: DoorPageProps): VNode {
  const l = p.ctx.lang;
  const ev = p.event;
  const s = p.session;
  const f = p.figures;
  const action = `/admin/events/${ev.id}/ingresso`;
  const box: BoxProps = { l, action, csrf: p.ctx.csrf, session: s, errors: p.errors ?? {}, values: p.values ?? {} };
  return (
    <EventStaffLayout ctx={p.ctx} organisation={p.organisation} event={ev} here={t(l, 'door.title')} head={DOOR_HEAD}>
      <p class="lead">{sessionName(l, s, p.sessions.length)}</p>
      <DoorNoticeBox l={l} notice={p.notice} />
      <FormProblem errors={p.errors} />
      {ev.status === 'cancelled' ? <Notice kind="warning">{t(l, 'door.cancelled')}</Notice> : null}
      {/* On a phone at the door the code comes first, above the fold; links and figures follow. */}
      <CodeBox {...box} />
      <p class="ponte-door-figures mt-3">
        {t(l, 'door.figures', {
          people: peopleLabel(l, f.checkedIn.people),
          entries: bookingsLabel(l, f.checkedIn.entries),
          booked: f.booked.entries,
          walkIns: peopleLabel(l, f.walkIns.people),
        })}
      </p>
      <Links l={l} ev={ev} here="door" session={s.id} />
      <SessionPicker l={l} ev={ev} sessions={p.sessions} current={s} action={action} />
      <BookingList l={l} action={action} csrf={p.ctx.csrf} session={s} items={p.items} />
      <WalkInBox {...box} walkIns={p.walkIns} />
      <script src={assetUrl('events-door.js')} defer />
    </EventStaffLayout>
  );
}

function CountCell(props: { l: Lang; c: Count | null; entries?: boolean }): VNode {
  if (!props.c) return <td>–</td>;
  return (
    <td>
      {props.c.people}
      {props.entries ? <span class="ponte-door-meta"> ({bookingsLabel(props.l, props.c.entries)})</span> : null}
    </td>
  );
}

function FigureCells(props: { l: Lang; f: AttendanceFigures }): VNode {
  const { l, f } = props;
  return (
    <>
      <CountCell l={l} c={f.booked} entries />
      <CountCell l={l} c={f.checkedIn} entries />
      <CountCell l={l} c={f.noShows} entries />
      <CountCell l={l} c={f.walkIns} />
      <td>
        <strong>{f.present}</strong>
      </td>
    </>
  );
}

/** Attendance per session and for the whole event; printable, with the CSV downloads. */
export function AttendancePage(p: { ctx: PageContext; organisation: Org; event: EventDetail; attendance: Attendance }): VNode {
  const l = p.ctx.lang;
  const ev = p.event;
  const a = p.attendance;
  const many = a.sessions.length > 1;
  return (
    <EventStaffLayout ctx={p.ctx} organisation={p.organisation} event={ev} here={t(l, 'att.title')} head={DOOR_HEAD}>
      <Links l={l} ev={ev} here="attendance" />
      <ScrollRegion label={t(l, 'att.caption')}>
        <table class="table ponte-attendance">
          <caption>{t(l, 'att.caption')}</caption>
          <thead>
            <ColumnHeads columns={['session', 'booked', 'checkedIn', 'noShows', 'walkIns', 'present'].map((k) => t(l, `att.col.${k}`))} />
          </thead>
          <tbody>
            {a.sessions.map((s) => (
              <tr>
                <th scope="row">
                  {sessionName(l, s, a.sessions.length)}
                  {s.started ? null : <span class="ponte-door-meta"> ({t(l, 'att.notStarted')})</span>}
                </th>
                <FigureCells l={l} f={s} />
              </tr>
            ))}
          </tbody>
          {many ? (
            <tfoot>
              <tr>
                <th scope="row">{t(l, 'att.total')}</th>
                <FigureCells l={l} f={a.total} />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </ScrollRegion>
      <p class="form-text">{t(l, 'att.how')}</p>
      <Section id="att-downloads" heading={t(l, 'att.downloads')} class="ponte-noprint mt-4">
        <ul>
          <li>
            <a href={`/admin/events/${ev.id}/presenze.csv`} download>
              {t(l, 'att.csv.attendance')}
            </a>
          </li>
          <li>
            <a href={`/admin/events/${ev.id}/iscritti.csv`} download>
              {t(l, 'att.csv.registrations')}
            </a>
          </li>
        </ul>
        <p class="form-text">{t(l, 'att.csv.hint')}</p>
        <p class="form-text">{t(l, 'att.print')}</p>
      </Section>
      <Section id="att-facilitation" heading={t(l, 'att.facilitation')} class="ponte-noprint mt-4">
        <p>{t(l, 'att.facilitation.hint')}</p>
        <p>
          <a href={`/admin/events/${ev.id}/formazione-di-gruppo`}>{t(l, 'att.facilitation.link')}</a>
        </p>
      </Section>
    </EventStaffLayout>
  );
}
