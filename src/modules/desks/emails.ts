import { type Lang, pickLang, t } from '../../core/i18n.js';
import { buildCalendar, type Organiser } from '../../core/ics.js';
import type { Mail } from '../../core/mail.js';
import type { DeskAppointmentTable } from '../../db/schema.js';
import type { DeskView, ServiceView } from './service.js';
import { slotLabel } from './slots.js';

/**
 * The e-mails a citizen receives about a desk appointment: confirmation (with the checklist of
 * what to bring and an .ics), the reminder the day before, and notices of a move or a
 * cancellation. Italian, or English when the appointment was booked in English.
 */

type Row = Pick<DeskAppointmentTable, 'id' | 'name' | 'start_at' | 'end_at' | 'lang' | 'email' | 'service_code' | 'sequence'>;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function place(desk: DeskView): string {
  const m = desk.venue.municipality;
  return [desk.venue.name, desk.venue.address, m ? `${m.name} (${m.provinceCode})` : ''].filter(Boolean).join(', ');
}

/**
 * An .ics calendar entry for the appointment. A cancelled one is METHOD:CANCEL with
 * STATUS:CANCELLED, the same UID and a higher SEQUENCE (the appointment's revision, one up with
 * every change), so the calendar that holds the entry takes it away (RFC 5546).
 */
export function appointmentIcs(
  a: Row,
  desk: DeskView,
  serviceName: string,
  opts: { cancelled?: boolean; url?: string; organiser: Organiser },
): string {
  return buildCalendar(
    [
      {
        uid: `desk-appointment-${a.id}@ponte`,
        start: Date.parse(a.start_at),
        startInputType: 'utc',
        startOutputType: 'utc',
        end: Date.parse(a.end_at),
        endInputType: 'utc',
        endOutputType: 'utc',
        title: `${serviceName} – ${desk.name}`,
        description: t(langOf(a), 'desks.ics.description', { desk: desk.name, organisation: desk.organisation.name, service: serviceName }),
        location: place(desk),
        ...(opts.url ? { url: opts.url } : {}),
        status: opts.cancelled ? 'CANCELLED' : 'CONFIRMED',
        sequence: Number(a.sequence ?? 0),
        organizer: { name: opts.organiser.name, email: opts.organiser.email },
        ...(opts.cancelled && a.email
          ? { attendees: [{ name: a.name ?? undefined, email: a.email, rsvp: false, role: 'REQ-PARTICIPANT' as const }] }
          : {}),
      },
    ],
    { method: opts.cancelled ? 'CANCEL' : 'PUBLISH' },
  );
}

function icsAttachment(ics: string, cancelled = false) {
  return ics
    ? [
        {
          filename: 'appuntamento.ics',
          content: ics,
          contentType: `text/calendar; charset=utf-8; method=${cancelled ? 'CANCEL' : 'PUBLISH'}`,
        },
      ]
    : [];
}

interface Parts {
  subject: string;
  lines: string[];
  bring?: string[];
  link?: { url: string; label: string };
}

function render(to: string, parts: Parts, attachments: Mail['attachments']): Mail {
  const text = [
    ...parts.lines,
    ...(parts.bring ?? []).map((b) => `- ${b}`),
    ...(parts.link ? ['', `${parts.link.label}: ${parts.link.url}`] : []),
  ].join('\n');
  const html = [
    ...parts.lines.map((l) => (l === '' ? '' : `<p>${esc(l)}</p>`)),
    parts.bring?.length ? `<ul>${parts.bring.map((b) => `<li>${esc(b)}</li>`).join('')}</ul>` : '',
    parts.link ? `<p><a href="${esc(parts.link.url)}">${esc(parts.link.label)}</a></p>` : '',
  ].join('\n');
  return { to, subject: parts.subject, text, html, attachments };
}

/** The language the appointment was booked in. */
const langOf = (a: Row): Lang => pickLang(a.lang) ?? 'it';

/** What every e-mail about one appointment names: its language, the service and when it is. */
function about(a: Row, service: ServiceView | undefined): { l: Lang; name: string; when: string } {
  const l = langOf(a);
  return { l, name: service?.name ?? a.service_code, when: slotLabel(a.start_at, a.end_at, l, true) };
}

/** The service, when and where: the details of a confirmation and of a reminder. */
function serviceWhenWhere(l: Lang, name: string, when: string, desk: DeskView): string[] {
  return [
    t(l, 'desks.mail.service', { service: name }),
    t(l, 'desks.mail.when', { when }),
    t(l, 'desks.mail.where', { place: place(desk) }),
  ];
}

/** The lines every appointment e-mail shares: greeting, lead, details, and what to bring when there is something. */
function body(l: Lang, a: Row, lead: string, details: string[], bring?: string[]): string[] {
  return [t(l, 'desks.mail.hello', { name: a.name ?? '' }), lead, ...details, ...(bring?.length ? [t(l, 'desks.mail.bring')] : [])];
}

export function confirmationMail(a: Row, desk: DeskView, service: ServiceView, manageUrl: string, organiser: Organiser): Mail {
  const { l, name, when } = about(a, service);
  const parts: Parts = {
    subject: t(l, 'desks.mail.confirmed.subject', { service: name, when }),
    lines: body(l, a, t(l, 'desks.mail.confirmed.lead', { desk: desk.name }), serviceWhenWhere(l, name, when, desk), service.bring),
    bring: service.bring,
    link: { url: manageUrl, label: t(l, 'desks.mail.manage') },
  };
  return render(a.email!, parts, icsAttachment(appointmentIcs(a, desk, name, { url: manageUrl, organiser })));
}

export function reminderMail(a: Row, desk: DeskView, service: ServiceView | undefined, manageUrl: string, organiser: Organiser): Mail {
  const { l, name, when } = about(a, service);
  const parts: Parts = {
    subject: t(l, 'desks.mail.reminder.subject', { service: name, when }),
    lines: body(l, a, t(l, 'desks.mail.reminder.lead'), serviceWhenWhere(l, name, when, desk), service?.bring),
    bring: service?.bring,
    link: { url: manageUrl, label: t(l, 'desks.mail.reminder.manage') },
  };
  return render(a.email!, parts, icsAttachment(appointmentIcs(a, desk, name, { url: manageUrl, organiser })));
}

export function movedMail(
  after: Row,
  before: Row,
  desk: DeskView,
  service: ServiceView,
  manageUrl: string,
  byStaff: boolean,
  organiser: Organiser,
): Mail {
  const { l, name, when } = about(after, service);
  const was = slotLabel(before.start_at, before.end_at, l, true);
  const parts: Parts = {
    subject: t(l, 'desks.mail.moved.subject', { service: name, when }),
    lines: body(
      l,
      after,
      t(l, byStaff ? 'desks.mail.moved.byStaff' : 'desks.mail.moved.byCitizen', { desk: desk.name }),
      [t(l, 'desks.mail.moved.new', { when }), t(l, 'desks.mail.moved.was', { was }), t(l, 'desks.mail.where', { place: place(desk) })],
      service.bring,
    ),
    bring: service.bring,
    link: { url: manageUrl, label: t(l, 'desks.mail.manage') },
  };
  return render(after.email!, parts, icsAttachment(appointmentIcs(after, desk, name, { url: manageUrl, organiser })));
}

/**
 * To the owner of an address that has reached the desk's per-person limit, when someone asked for
 * one more appointment with it: nothing was booked, why, and the links of their appointments.
 */
export function limitMail(
  own: { row: Row; manageUrl: string }[],
  desk: DeskView,
  service: ServiceView | undefined,
  limit: { max: number; days: number },
): Mail {
  const first = own[0].row;
  const l = langOf(first);
  const name = service?.name ?? first.service_code;
  const parts: Parts = {
    subject: t(l, 'desks.mail.limit.subject', { service: name }),
    lines: [
      t(l, 'desks.mail.hello', { name: first.name ?? '' }),
      t(l, 'desks.mail.limit.lead', { desk: desk.name, service: name, ...limit }),
      t(l, 'desks.mail.limit.yours'),
      ...own.map((o) => `${slotLabel(o.row.start_at, o.row.end_at, l, true)}: ${o.manageUrl}`),
      t(l, 'desks.mail.limit.notYours'),
    ],
  };
  return render(first.email!, parts, []);
}

export function cancelledMail(
  a: Row,
  desk: DeskView,
  service: ServiceView | undefined,
  byStaff: boolean,
  reason: string | undefined,
  baseUrl: string,
  organiser: Organiser,
): Mail {
  const { l, name, when } = about(a, service);
  const parts: Parts = {
    subject: t(l, 'desks.mail.cancelled.subject', { service: name, when }),
    lines: body(
      l,
      a,
      t(l, byStaff ? 'desks.mail.cancelled.byStaff' : 'desks.mail.cancelled.byCitizen', { desk: desk.name, when }),
      reason ? [t(l, 'desks.mail.cancelled.reason', { reason })] : [],
    ),
    link: { url: `${baseUrl}/sportelli/${desk.id}`, label: t(l, 'desks.mail.cancelled.again') },
  };
  return render(a.email!, parts, icsAttachment(appointmentIcs(a, desk, name, { cancelled: true, organiser }), true));
}
