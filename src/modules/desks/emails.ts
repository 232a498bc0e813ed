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
        description: `Appuntamento allo sportello ${desk.name} (${desk.organisation.name}): ${serviceName}.`,
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

export function confirmationMail(a: Row, desk: DeskView, service: ServiceView, manageUrl: string, organiser: Organiser): Mail {
  const en = a.lang === 'en';
  const when = slotLabel(a.start_at, a.end_at, en ? 'en' : 'it', true);
  const parts: Parts = en
    ? {
        subject: `Appointment confirmed: ${service.name}, ${when}`,
        lines: [
          `Hello ${a.name ?? ''},`,
          `your appointment at the help desk "${desk.name}" is confirmed.`,
          `Service: ${service.name}`,
          `When: ${when}`,
          `Where: ${place(desk)}`,
          ...(service.bring.length ? ['What to bring:'] : []),
        ],
        bring: service.bring,
        link: { url: manageUrl, label: 'Cancel or move the appointment' },
      }
    : {
        subject: `Appuntamento confermato: ${service.name}, ${when}`,
        lines: [
          `Buongiorno ${a.name ?? ''},`,
          `il tuo appuntamento allo sportello "${desk.name}" è confermato.`,
          `Servizio: ${service.name}`,
          `Quando: ${when}`,
          `Dove: ${place(desk)}`,
          ...(service.bring.length ? ['Cosa portare:'] : []),
        ],
        bring: service.bring,
        link: { url: manageUrl, label: "Annulla o sposta l'appuntamento" },
      };
  return render(a.email!, parts, icsAttachment(appointmentIcs(a, desk, service.name, { url: manageUrl, organiser })));
}

export function reminderMail(a: Row, desk: DeskView, service: ServiceView | undefined, manageUrl: string, organiser: Organiser): Mail {
  const en = a.lang === 'en';
  const name = service?.name ?? a.service_code;
  const when = slotLabel(a.start_at, a.end_at, en ? 'en' : 'it', true);
  const parts: Parts = en
    ? {
        subject: `Reminder: ${name} tomorrow, ${when}`,
        lines: [
          `Hello ${a.name ?? ''},`,
          `we remind you of your appointment tomorrow.`,
          `Service: ${name}`,
          `When: ${when}`,
          `Where: ${place(desk)}`,
          ...(service?.bring.length ? ['What to bring:'] : []),
        ],
        bring: service?.bring,
        link: { url: manageUrl, label: "Can't make it? Cancel or move the appointment" },
      }
    : {
        subject: `Promemoria: ${name} domani, ${when}`,
        lines: [
          `Buongiorno ${a.name ?? ''},`,
          "ti ricordiamo l'appuntamento di domani.",
          `Servizio: ${name}`,
          `Quando: ${when}`,
          `Dove: ${place(desk)}`,
          ...(service?.bring.length ? ['Cosa portare:'] : []),
        ],
        bring: service?.bring,
        link: { url: manageUrl, label: "Non puoi venire? Annulla o sposta l'appuntamento" },
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
  const en = after.lang === 'en';
  const lang = en ? 'en' : 'it';
  const when = slotLabel(after.start_at, after.end_at, lang, true);
  const was = slotLabel(before.start_at, before.end_at, lang, true);
  const parts: Parts = en
    ? {
        subject: `Appointment moved: ${service.name}, ${when}`,
        lines: [
          `Hello ${after.name ?? ''},`,
          byStaff
            ? `the help desk "${desk.name}" has moved your appointment.`
            : `your appointment at "${desk.name}" has been moved as you asked.`,
          `New time: ${when}`,
          `It was: ${was}`,
          `Where: ${place(desk)}`,
          ...(service.bring.length ? ['What to bring:'] : []),
        ],
        bring: service.bring,
        link: { url: manageUrl, label: 'Cancel or move the appointment' },
      }
    : {
        subject: `Appuntamento spostato: ${service.name}, ${when}`,
        lines: [
          `Buongiorno ${after.name ?? ''},`,
          byStaff
            ? `lo sportello "${desk.name}" ha spostato il tuo appuntamento.`
            : `il tuo appuntamento allo sportello "${desk.name}" è stato spostato come hai chiesto.`,
          `Nuovo orario: ${when}`,
          `Era: ${was}`,
          `Dove: ${place(desk)}`,
          ...(service.bring.length ? ['Cosa portare:'] : []),
        ],
        bring: service.bring,
        link: { url: manageUrl, label: "Annulla o sposta l'appuntamento" },
      };
  return render(after.email!, parts, icsAttachment(appointmentIcs(after, desk, service.name, { url: manageUrl, organiser })));
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
  const en = a.lang === 'en';
  const name = service?.name ?? a.service_code;
  const when = slotLabel(a.start_at, a.end_at, en ? 'en' : 'it', true);
  const again = `${baseUrl}/sportelli/${desk.id}`;
  const parts: Parts = en
    ? {
        subject: `Appointment cancelled: ${name}, ${when}`,
        lines: [
          `Hello ${a.name ?? ''},`,
          byStaff
            ? `we are sorry: the help desk "${desk.name}" has had to cancel your appointment of ${when}.`
            : `your appointment of ${when} at "${desk.name}" is cancelled.`,
          ...(reason ? [`Reason: ${reason}`] : []),
        ],
        link: { url: again, label: 'Book another appointment' },
      }
    : {
        subject: `Appuntamento annullato: ${name}, ${when}`,
        lines: [
          `Buongiorno ${a.name ?? ''},`,
          byStaff
            ? `ci dispiace: lo sportello "${desk.name}" ha dovuto annullare il tuo appuntamento di ${when}.`
            : `il tuo appuntamento di ${when} allo sportello "${desk.name}" è stato annullato.`,
          ...(reason ? [`Motivo: ${reason}`] : []),
        ],
        link: { url: again, label: 'Prenota un altro appuntamento' },
      };
  return render(a.email!, parts, icsAttachment(appointmentIcs(a, desk, name, { cancelled: true, organiser }), true));
}
