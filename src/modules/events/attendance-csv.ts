import { DateTime } from 'luxon';
import { ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { Attendance, AttendanceFigures } from './attendance.js';
import { bookingDetailsOfEvent, bookingFormOf } from './booking/questions-repo.js';
import { AGE_BAND_LABELS, AUDIENCE_LABELS, label, REGISTRATION_STATUS_LABELS } from './catalogue/vocab.js';
import { doorSessions } from './door/checkin.js';

/**
 * CSV files for spreadsheets as Italian offices use them: UTF-8 with a byte-order mark (so Excel
 * reads accents right), `;` between cells (Excel in Italian expects it, since `,` is the decimal
 * mark), CRLF line ends, every cell quoted. A cell that starts with = + - @ (or a tab or carriage
 * return) is prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it
 * as a formula (CSV injection): a name typed as "=HYPERLINK(…)" stays a harmless string.
 */

export const CSV_TYPE = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvDocument(rows: (string | number | null | undefined)[][]): string {
  return BOM + rows.map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

const romeTime = (iso: string | null) => (iso ? DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toFormat('yyyy-LL-dd HH:mm') : '');

/**
 * Every registration of an event with its attendance: one column per session, with the people
 * checked in (empty when not checked in). Personal data: the caller audits the download. After
 * the retention period the names and contacts are simply empty.
 */
export async function registrationsCsv(db: Db, eventId: string): Promise<string> {
  const [sessions, regs, checkins, form, details] = await Promise.all([
    doorSessions(db, eventId),
    db.k.selectFrom('registrations').selectAll().where('event_id', '=', eventId).orderBy('id').execute(),
    db.k
      .selectFrom('event_checkins')
      .select(['session_id', 'registration_id', 'people'])
      .where('event_id', '=', eventId)
      .where('registration_id', 'is not', null)
      .execute(),
    bookingFormOf(db, eventId),
    bookingDetailsOfEvent(db, eventId),
  ]);
  // A child's booking and the answers to the event's questions: columns only when the event asks them.
  const childHeader = form.forMinors ? ['minore_nome', 'minore_eta', 'responsabile'] : [];
  const childCells = (id: string) => {
    const c = details.get(id)?.child;
    return form.forMinors ? [c?.name ?? '', c?.age ?? '', c?.guardianName ?? ''] : [];
  };
  const answerCells = (id: string) => {
    const given = new Map((details.get(id)?.answers ?? []).map((a) => [a.questionId, a]));
    return form.questions.map((qn) => {
      const a = given.get(qn.id);
      return !a ? '' : a.kind === 'yes-no' ? (a.value === 'yes' ? 'sì' : 'no') : a.value;
    });
  };
  const came = new Map(checkins.map((c) => [`${c.session_id}|${c.registration_id}`, Number(c.people)]));
  const rank: Record<string, number> = { confirmed: 0, offered: 1, waitlisted: 2, cancelled: 3 };
  const sorted = [...regs].sort((a, b) => rank[a.status] - rank[b.status] || (a.id < b.id ? -1 : 1));
  const header = [
    'codice_biglietto',
    'stato',
    'posti',
    'nome',
    'email',
    'telefono',
    'destinatari',
    'fascia_eta',
    'canale',
    'prenotata_il',
    'annullata_il',
    ...sessions.map((s) => (sessions.length === 1 ? 'presenti' : `presenti_incontro_${s.number}`)),
    ...childHeader,
    ...form.questions.map((qn) => qn.label),
  ];
  const rows = sorted.map((r) => [
    r.ticket_code,
    label(REGISTRATION_STATUS_LABELS, r.status),
    Number(r.seats),
    r.name,
    r.email,
    r.phone,
    r.audience ? label(AUDIENCE_LABELS, r.audience) : '',
    r.age_band ? label(AGE_BAND_LABELS, r.age_band) : '',
    r.source,
    romeTime(r.created_at),
    romeTime(r.cancelled_at),
    ...sessions.map((s) => came.get(`${s.id}|${r.id}`) ?? ''),
    ...childCells(r.id),
    ...answerCells(r.id),
  ]);
  return csvDocument([header, ...rows]);
}

function figureCells(f: AttendanceFigures): (number | string)[] {
  return [
    f.booked.entries,
    f.booked.people,
    f.checkedIn.entries,
    f.checkedIn.people,
    f.noShows ? f.noShows.entries : '',
    f.noShows ? f.noShows.people : '',
    f.walkIns.people,
    f.present,
  ];
}

/** The attendance figures, one row per session and one for the whole event: counts only, no personal data. */
export function attendanceCsv(a: Attendance): string {
  const header = [
    'incontro',
    'inizio',
    'fine',
    'prenotazioni_confermate',
    'posti_prenotati',
    'prenotazioni_entrate',
    'persone_entrate',
    'prenotazioni_assenti',
    'posti_assenti',
    'senza_prenotazione',
    'presenti_totali',
  ];
  const rows = a.sessions.map((s) => [String(s.number), romeTime(s.start), romeTime(s.end), ...figureCells(s)]);
  rows.push([
    'totale evento',
    romeTime(a.sessions[0]?.start ?? null),
    romeTime(a.sessions[a.sessions.length - 1]?.end ?? null),
    ...figureCells(a.total),
  ]);
  return csvDocument([header, ...rows]);
}
