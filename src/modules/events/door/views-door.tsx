import type { VNode } from 'preact';
import { addMessages, type Lang, t } from '../../../core/i18n.js';
import { assetUrl } from '../../../web/assets.js';
import { ErrorSummary, type Errors, Form, SelectField, TextField } from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import type { Attendance, AttendanceFigures, Count } from '../attendance.js';
import type { DoorListItem, DoorSession, WalkInItem } from './checkin.js';
import { sessionLabel, timeLabel } from '../format.js';
import type { EventDetail } from '../service.js';
import { ScrollRegion } from '../views-public.js';
import { AGE_BANDS, AUDIENCES } from '../vocab.js';

addMessages({
  it: {
    'door.title': 'Ingresso',
    'door.session': 'Incontro',
    'door.sessionN': 'Incontro {n}: {when}',
    'door.show': 'Mostra',
    'door.figures': 'Entrate {people} persone con prenotazione ({entries} prenotazioni su {booked}); senza prenotazione {walkIns}.',
    'door.code.title': 'Ingresso con il biglietto',
    'door.code': 'Codice del biglietto',
    'door.code.hint': '10 caratteri, ad esempio ABCDE-FGHJK. Maiuscole, spazi e trattini non contano.',
    'door.code.submit': "Registra l'ingresso",
    'door.scan': 'Scansiona il QR',
    'door.scan.stop': 'Ferma la fotocamera',
    'door.list.title': 'Lista delle prenotazioni',
    'door.list.none': 'Nessuna prenotazione confermata.',
    'door.list.seats': '{n} posti',
    'door.list.seat': '1 posto',
    'door.list.erased': 'Nome cancellato',
    'door.list.in': 'Entrato alle {time} ({people})',
    'door.list.out': 'Non ancora entrato',
    'door.tick': 'Segna ingresso',
    'door.untick': 'Annulla ingresso',
    'door.walkin.title': 'Senza prenotazione',
    'door.walkin.hint': 'Per chi arriva senza aver prenotato. Il nome è facoltativo; destinatari e fascia d’età servono alle statistiche.',
    'door.walkin.people': 'Numero di persone',
    'door.walkin.name': 'Nome (facoltativo)',
    'door.walkin.audience': 'Destinatari (facoltativo)',
    'door.walkin.ageBand': "Fascia d'età (facoltativa)",
    'door.walkin.none': 'Non indicato',
    'door.walkin.submit': 'Aggiungi',
    'door.walkin.list': 'Arrivati senza prenotazione',
    'door.walkin.item': '{people} alle {time}',
    'door.walkin.anon': 'Senza nome',
    'door.remove': 'Togli',
    'door.ok': '{name}: ingresso registrato ({people}).',
    'door.already': "{name}: già registrato all'ingresso. Non è stato contato di nuovo.",
    'door.added': 'Aggiunte {people} persone senza prenotazione.',
    'door.undone': 'Ingresso annullato.',
    'door.cancelled': "L'evento è stato annullato: non si registrano ingressi.",
    'door.attendance': 'Presenze',
    'door.registrations': 'Iscritti',
    'door.edit': "Modifica l'evento",
    'door.people1': '1 persona',
    'door.peopleN': '{n} persone',
    'att.title': 'Presenze',
    'att.caption': 'Presenze per incontro',
    'att.col.session': 'Incontro',
    'att.col.booked': 'Posti prenotati',
    'att.col.checkedIn': 'Entrati con prenotazione',
    'att.col.noShows': 'Assenti',
    'att.col.walkIns': 'Senza prenotazione',
    'att.col.present': 'Totale presenti',
    'att.total': 'Tutto l’evento',
    'att.notStarted': 'non ancora iniziato',
    'att.how':
      'Posti prenotati: le prenotazioni confermate. Assenti: le prenotazioni confermate senza ingresso, contate solo da quando l’incontro è iniziato. Per tutto l’evento ogni prenotazione conta una volta sola, anche se è venuta a più incontri; le persone senza prenotazione si contano a ogni incontro.',
    'att.entries': '({n} prenotazioni)',
    'att.downloads': 'Scarica',
    'att.csv.attendance': 'Presenze (CSV)',
    'att.csv.registrations': 'Iscritti con le presenze (CSV, dati personali)',
    'att.csv.hint': 'File CSV per Excel: separatore punto e virgola, UTF-8. Lo scaricamento degli iscritti è registrato.',
    'att.facilitation': 'Servizi di facilitazione',
    'att.facilitation.hint':
      'Per i programmi che contano i servizi di facilitazione: un servizio di formazione di gruppo per ogni persona presente, con un solo modulo.',
    'att.facilitation.link': 'Registra la formazione di gruppo',
    'att.print': 'Per stampare usa la stampa del browser: menu e pulsanti non vengono stampati.',
    'att.door': 'Ingresso',
  },
  en: {
    'door.title': 'Check-in',
    'door.session': 'Session',
    'door.sessionN': 'Session {n}: {when}',
    'door.show': 'Show',
    'door.figures': '{people} people checked in with a booking ({entries} bookings of {booked}); {walkIns} without booking.',
    'door.code.title': 'Check-in with the ticket',
    'door.code': 'Ticket code',
    'door.code.hint': '10 characters, e.g. ABCDE-FGHJK. Case, spaces and dashes do not matter.',
    'door.code.submit': 'Check in',
    'door.scan': 'Scan the QR code',
    'door.scan.stop': 'Stop the camera',
    'door.list.title': 'Bookings',
    'door.list.none': 'No confirmed bookings.',
    'door.list.seats': '{n} seats',
    'door.list.seat': '1 seat',
    'door.list.erased': 'Name erased',
    'door.list.in': 'Checked in at {time} ({people})',
    'door.list.out': 'Not checked in yet',
    'door.tick': 'Check in',
    'door.untick': 'Undo check-in',
    'door.walkin.title': 'Walk-ins',
    'door.walkin.hint': 'For people who come without a booking. The name is optional; audience and age band are for statistics.',
    'door.walkin.people': 'Number of people',
    'door.walkin.name': 'Name (optional)',
    'door.walkin.audience': 'Audience (optional)',
    'door.walkin.ageBand': 'Age band (optional)',
    'door.walkin.none': 'Not given',
    'door.walkin.submit': 'Add',
    'door.walkin.list': 'Walk-ins',
    'door.walkin.item': '{people} at {time}',
    'door.walkin.anon': 'No name',
    'door.remove': 'Remove',
    'door.ok': '{name}: checked in ({people}).',
    'door.already': '{name}: already checked in. Not counted again.',
    'door.added': '{people} people added without booking.',
    'door.undone': 'Check-in undone.',
    'door.cancelled': 'The event was cancelled: no check-ins.',
    'door.attendance': 'Attendance',
    'door.registrations': 'Registrations',
    'door.edit': 'Edit the event',
    'door.people1': '1 person',
    'door.peopleN': '{n} people',
    'att.title': 'Attendance',
    'att.caption': 'Attendance per session',
    'att.col.session': 'Session',
    'att.col.booked': 'Seats booked',
    'att.col.checkedIn': 'Checked in with booking',
    'att.col.noShows': 'No-shows',
    'att.col.walkIns': 'Walk-ins',
    'att.col.present': 'Total present',
    'att.total': 'Whole event',
    'att.notStarted': 'not started yet',
    'att.how':
      'Seats booked: the confirmed bookings. No-shows: confirmed bookings without check-in, counted once the session has started. For the whole event each booking counts once, even when it came to several sessions; walk-ins are counted at every session.',
    'att.entries': '({n} bookings)',
    'att.downloads': 'Download',
    'att.csv.attendance': 'Attendance (CSV)',
    'att.csv.registrations': 'Registrations with attendance (CSV, personal data)',
    'att.csv.hint': 'CSV files for Excel: semicolon separated, UTF-8. Downloads of registrations are logged.',
    'att.facilitation': 'Facilitation services',
    'att.facilitation.hint':
      'For programmes that count facilitation services: one group-training service for each person present, in one form.',
    'att.facilitation.link': 'Record the group training',
    'att.print': "To print, use the browser's print command: menus and buttons are left out.",
    'att.door': 'Check-in',
  },
});

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

const crumbs = (l: Lang, org: Org, ev: EventDetail, here: string) => [
  { href: '/admin', label: t(l, 'nav.backoffice') },
  { href: `/admin/organisations/${org.id}`, label: org.name },
  { href: `/admin/organisations/${org.id}/events`, label: t(l, 'sev.title') },
  { href: `/admin/events/${ev.id}`, label: ev.title },
  { label: here },
];

export const peopleLabel = (l: Lang, n: number) => (n === 1 ? t(l, 'door.people1') : t(l, 'door.peopleN', { n }));

function sessionName(l: Lang, s: DoorSession, count: number): string {
  const when = sessionLabel(s.start, s.end, l);
  return count > 1 ? t(l, 'door.sessionN', { n: s.number, when }) : when;
}

function Links(props: { l: Lang; ev: EventDetail; here: 'door' | 'attendance'; session?: string }): VNode {
  const { l, ev } = props;
  const q = props.session ? `?sessione=${props.session}` : '';
  return (
    <ul class="ponte-actions list-unstyled ponte-noprint">
      {props.here === 'attendance' ? (
        <li>
          <a href={`/admin/events/${ev.id}/ingresso${q}`}>{t(l, 'att.door')}</a>
        </li>
      ) : (
        <li>
          <a href={`/admin/events/${ev.id}/presenze`}>{t(l, 'door.attendance')}</a>
        </li>
      )}
      <li>
        <a href={`/admin/events/${ev.id}/registrations`}>{t(l, 'door.registrations')}</a>
      </li>
      <li>
        <a href={`/admin/events/${ev.id}`}>{t(l, 'door.edit')}</a>
      </li>
    </ul>
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
      <button type="submit" class="btn btn-outline-primary btn-sm">
        {t(l, 'door.show')}
      </button>
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

function Notice(props: { l: Lang; notice?: DoorNotice }): VNode | null {
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
          ? t(l, 'door.added', { people: n.people ?? 1 })
          : t(l, 'door.undone');
  return (
    <div class={`alert ${n.kind === 'already' ? 'alert-warning' : 'alert-success'} ponte-door-notice`} role="status">
      {text}
    </div>
  );
}

/** The check-in page: typed (or scanned) code, the list to tick, walk-ins; one session at a time. */
export function DoorPage(p: DoorPageProps): VNode {
  const l = p.ctx.lang;
  const ev = p.event;
  const e = p.errors ?? {};
  const v = p.values ?? {};
  const s = p.session;
  const action = `/admin/events/${ev.id}/ingresso`;
  const cancelled = ev.status === 'cancelled';
  const opt = (prefix: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: t(l, `${prefix}.${c}`) }));
  return (
    <Layout
      ctx={p.ctx}
      title={`${t(l, 'door.title')}: ${ev.title}`}
      head={DOOR_HEAD}
      crumbs={crumbs(l, p.organisation, ev, t(l, 'door.title'))}
    >
      <h1>
        {t(l, 'door.title')}: {ev.title}
      </h1>
      <p class="lead">{sessionName(l, s, p.sessions.length)}</p>
      <Links l={l} ev={ev} here="door" session={s.id} />
      <SessionPicker l={l} ev={ev} sessions={p.sessions} current={s} action={action} />
      <Notice l={l} notice={p.notice} />
      {e._ ? (
        <div class="alert alert-danger ponte-door-notice" role="alert">
          {e._}
        </div>
      ) : null}
      {cancelled ? (
        <div class="alert alert-warning" role="status">
          {t(l, 'door.cancelled')}
        </div>
      ) : null}
      <p class="ponte-door-figures">
        {t(l, 'door.figures', {
          people: p.figures.checkedIn.people,
          entries: p.figures.checkedIn.entries,
          booked: p.figures.booked.entries,
          walkIns: p.figures.walkIns.people,
        })}
      </p>

      <section aria-labelledby="door-code" class="ponte-card ponte-door-box">
        <h2 id="door-code" class="h4">
          {t(l, 'door.code.title')}
        </h2>
        <ErrorSummary errors={e.code ? { code: e.code } : {}} title={t(l, 'form.errors')} labels={{ code: t(l, 'door.code') }} />
        <Form action={`${action}/codice`} csrf={p.ctx.csrf} class="ponte-door-code">
          <input type="hidden" name="sessione" value={s.id} />
          <div class="mb-3 ponte-field">
            <label class="form-label" for="f-code">
              {t(l, 'door.code')}
            </label>
            <input
              class={`form-control ponte-door-input${e.code ? ' is-invalid' : ''}`}
              id="f-code"
              name="code"
              type="text"
              value={v.code ?? ''}
              maxLength={200}
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              aria-invalid={e.code ? 'true' : undefined}
              aria-describedby={e.code ? 'h-code e-code' : 'h-code'}
            />
            <small id="h-code" class="form-text d-block">
              {t(l, 'door.code.hint')}
            </small>
            {e.code ? (
              <div id="e-code" class="ponte-field-error">
                {e.code}
              </div>
            ) : null}
          </div>
          <button type="submit" class="btn btn-primary">
            {t(l, 'door.code.submit')}
          </button>
        </Form>
        {/* Filled by /static/events-door.js where the browser can read QR codes with the camera. */}
        <div id="door-scanner" class="ponte-door-scanner" hidden data-label={t(l, 'door.scan')} data-stop={t(l, 'door.scan.stop')} />
      </section>

      <section aria-labelledby="door-list" class="mt-4">
        <h2 id="door-list" class="h4">
          {t(l, 'door.list.title')}
        </h2>
        {p.items.length === 0 ? (
          <p>{t(l, 'door.list.none')}</p>
        ) : (
          <ul class="list-unstyled ponte-door-list">
            {p.items.map((it) => {
              const who = it.name ?? t(l, 'door.list.erased');
              return (
                <li class={`ponte-door-item${it.checkin ? ' is-in' : ''}`}>
                  <div class="ponte-door-who">
                    <strong>{who}</strong>{' '}
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
                    <Form action={`${action}/annulla`} csrf={p.ctx.csrf} class="ponte-noprint">
                      <input type="hidden" name="sessione" value={s.id} />
                      <input type="hidden" name="checkin" value={it.checkin.id} />
                      <button type="submit" class="btn btn-outline-secondary btn-sm">
                        {t(l, 'door.untick')}
                        <span class="visually-hidden">: {who}</span>
                      </button>
                    </Form>
                  ) : (
                    <Form action={`${action}/lista`} csrf={p.ctx.csrf} class="ponte-noprint">
                      <input type="hidden" name="sessione" value={s.id} />
                      <input type="hidden" name="registration" value={it.registrationId} />
                      <button type="submit" class="btn btn-primary btn-sm">
                        {t(l, 'door.tick')}
                        <span class="visually-hidden">: {who}</span>
                      </button>
                    </Form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="door-walkin" class="ponte-card ponte-door-box mt-4">
        <h2 id="door-walkin" class="h4">
          {t(l, 'door.walkin.title')}
        </h2>
        <p>{t(l, 'door.walkin.hint')}</p>
        <ErrorSummary
          errors={Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'code' && k !== '_'))}
          title={t(l, 'form.errors')}
          labels={{
            people: t(l, 'door.walkin.people'),
            name: t(l, 'door.walkin.name'),
            audience: t(l, 'door.walkin.audience'),
            ageBand: t(l, 'door.walkin.ageBand'),
          }}
        />
        <Form action={`${action}/senza-prenotazione`} csrf={p.ctx.csrf}>
          <input type="hidden" name="sessione" value={s.id} />
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
            <TextField
              name="name"
              label={t(l, 'door.walkin.name')}
              value={v.name ?? ''}
              maxLength={120}
              autocomplete="off"
              error={e.name}
            />
            <SelectField
              name="audience"
              label={t(l, 'door.walkin.audience')}
              value={v.audience ?? ''}
              placeholder={t(l, 'door.walkin.none')}
              options={opt('audience', AUDIENCES)}
              error={e.audience}
            />
            <SelectField
              name="ageBand"
              label={t(l, 'door.walkin.ageBand')}
              value={v.ageBand ?? ''}
              placeholder={t(l, 'door.walkin.none')}
              options={opt('ageBand', AGE_BANDS)}
              error={e.ageBand}
            />
          </div>
          <button type="submit" class="btn btn-primary">
            {t(l, 'door.walkin.submit')}
          </button>
        </Form>
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
                    <Form action={`${action}/annulla`} csrf={p.ctx.csrf} class="ponte-noprint">
                      <input type="hidden" name="sessione" value={s.id} />
                      <input type="hidden" name="checkin" value={w.id} />
                      <button type="submit" class="btn btn-outline-secondary btn-sm">
                        {t(l, 'door.remove')}
                        <span class="visually-hidden">
                          : {who}, {timeLabel(w.at, l)}
                        </span>
                      </button>
                    </Form>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </section>
      <script src={assetUrl('events-door.js')} defer />
    </Layout>
  );
}

function CountCell(props: { l: Lang; c: Count | null; entries?: boolean }): VNode {
  if (!props.c) return <td>–</td>;
  return (
    <td>
      {props.c.people}
      {props.entries ? <span class="ponte-door-meta"> {t(props.l, 'att.entries', { n: props.c.entries })}</span> : null}
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
    <Layout
      ctx={p.ctx}
      title={`${t(l, 'att.title')}: ${ev.title}`}
      head={DOOR_HEAD}
      crumbs={crumbs(l, p.organisation, ev, t(l, 'att.title'))}
    >
      <h1>
        {t(l, 'att.title')}: {ev.title}
      </h1>
      <Links l={l} ev={ev} here="attendance" />
      <ScrollRegion label={t(l, 'att.caption')}>
        <table class="table ponte-attendance">
          <caption>{t(l, 'att.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(l, 'att.col.session')}</th>
              <th scope="col">{t(l, 'att.col.booked')}</th>
              <th scope="col">{t(l, 'att.col.checkedIn')}</th>
              <th scope="col">{t(l, 'att.col.noShows')}</th>
              <th scope="col">{t(l, 'att.col.walkIns')}</th>
              <th scope="col">{t(l, 'att.col.present')}</th>
            </tr>
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
      <section aria-labelledby="att-downloads" class="ponte-noprint mt-4">
        <h2 id="att-downloads" class="h4">
          {t(l, 'att.downloads')}
        </h2>
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
      </section>
      <section aria-labelledby="att-facilitation" class="ponte-noprint mt-4">
        <h2 id="att-facilitation" class="h4">
          {t(l, 'att.facilitation')}
        </h2>
        <p>{t(l, 'att.facilitation.hint')}</p>
        <p>
          <a href={`/admin/events/${ev.id}/formazione-di-gruppo`}>{t(l, 'att.facilitation.link')}</a>
        </p>
      </section>
    </Layout>
  );
}
