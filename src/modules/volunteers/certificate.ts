import { type Lang, t } from '../../core/i18n.js';
import { isId } from '../../core/ids.js';
import { taggedPdf } from '../../core/pdf.js';
import { refuse } from '../../core/problems.js';
import { formatDate, formatRome, localInstant, now, nowIso, romeDate } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { getMember } from '../accounts/service.js';
import { getOrganisation } from '../organisations/service.js';
import * as repo from './repo.js';

/**
 * The certificate of hours and activities a volunteer asks for (students count it towards PCTO
 * credits): the shifts staff marked them present at in a period, each with its day and hours, the
 * total, and a line where the organisation's representative signs. Only attended shifts count:
 * a sign-up alone certifies nothing.
 */

export interface Certificate {
  organisation: string;
  name: string;
  from: string;
  to: string;
  hours: number;
  activities: { date: string; title: string; hours: number }[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (d: string) =>
  DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** The period asked for, by default from the first of January of this year to today (Rome); a malformed or reversed one is a 400. */
export function periodOf(query: { from?: string; to?: string }): { from: string; to: string } {
  const today = romeDate(now().getTime());
  const from = query.from || `${today.slice(0, 4)}-01-01`;
  const to = query.to || today;
  if (typeof from !== 'string' || typeof to !== 'string' || !validDay(from) || !validDay(to) || from > to) {
    throw refuse(400, 'volunteers.error.period');
  }
  return { from, to };
}

const round = (h: number) => Math.round(h * 100) / 100;

/** The certificate's facts for the volunteer record `volunteerId` (404 when there is none). */
export async function certificateOf(db: Db, volunteerId: string, period: { from: string; to: string }): Promise<Certificate> {
  const v = isId(volunteerId) ? await repo.volunteer(db, volunteerId) : undefined;
  if (!v) throw refuse(404, 'volunteers.error.volunteerNotFound');
  const org = await getOrganisation(db, v.organisation_id);
  const name = (await getMember(db, v.organisation_id, v.user_id).catch(() => null))?.name ?? '';
  const start = new Date(localInstant(period.from, '00:00')).toISOString();
  const end = new Date(localInstant(period.to, '00:00') + 86_400_000 + 3_600_000).toISOString();
  const rows = (await repo.attendedShiftsOfVolunteer(db, v.id, start, end)).filter((r) => romeDate(Date.parse(r.starts_at)) <= period.to);
  const activities = rows.map((r) => ({
    date: romeDate(Date.parse(r.starts_at)),
    title: r.title,
    hours: round((Date.parse(r.ends_at) - Date.parse(r.starts_at)) / 3_600_000),
  }));
  return { organisation: org.name, name, ...period, hours: round(activities.reduce((s, a) => s + a.hours, 0)), activities };
}

const number = (n: number, lang: Lang) => n.toLocaleString(t(lang, 'volunteers.certificate.locale'), { maximumFractionDigits: 2 });

/** The certificate as a tagged A4 PDF in the language asked for. */
export function certificatePdf(c: Certificate, lang: Lang = 'it'): Promise<Buffer> {
  const w = (key: string, vars?: Record<string, string | number>) => t(lang, `volunteers.certificate.${key}`, vars);
  const { doc, tag, width, done } = taggedPdf({ lang: w('locale'), info: { Title: w('title'), Author: c.organisation } });
  const day = (d: string) => formatDate(d, lang);

  tag('P', () => doc.font('Helvetica-Bold').fontSize(12).fillColor('#1a1a1a').text(c.organisation, { width }));
  doc.moveDown();
  tag('H1', () => doc.font('Helvetica-Bold').fontSize(18).text(w('title'), { width }));
  doc.moveDown();
  const intro = w('intro', { organisation: c.organisation, name: c.name, from: day(c.from), to: day(c.to), hours: number(c.hours, lang) });
  tag('P', () => doc.font('Helvetica').fontSize(11).fillColor('#333333').text(intro, { width }));
  doc.moveDown();
  tag('H2', () => doc.font('Helvetica-Bold').fontSize(13).fillColor('#1a1a1a').text(w('activities')));
  if (c.activities.length === 0) tag('P', () => doc.font('Helvetica').fontSize(11).text(w('none')));
  for (const a of c.activities) {
    if (doc.y > doc.page.height - 120) doc.addPage();
    const line = w('activity', { date: day(a.date), title: a.title, hours: number(a.hours, lang) });
    tag('P', () => doc.font('Helvetica').fontSize(11).fillColor('#333333').text(line, { width }));
  }
  doc.moveDown();
  tag('P', () =>
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor('#1a1a1a')
      .text(w('total', { hours: number(c.hours, lang) })),
  );
  if (doc.y > doc.page.height - 180) doc.addPage();
  doc.moveDown(3);
  tag('P', () =>
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(`${w('place')}: ______________________________`, { width }),
  );
  doc.moveDown(2);
  tag('P', () =>
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(w('signature', { organisation: c.organisation }), { width }),
  );
  doc.moveDown(2);
  tag('P', () => doc.text('______________________________'));
  doc.moveDown(2);
  tag('P', () =>
    doc
      .fontSize(9)
      .fillColor('#333333')
      .text(w('issued', { date: formatRome(nowIso(), lang, 'd LLLL yyyy') })),
  );
  doc.end();
  return done;
}

/** The organisation of a volunteer record, for the access rule of staff routes naming it. */
export async function organisationOfVolunteer(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!id || !isId(id)) return undefined;
  return (await repo.volunteer(db, id))?.organisation_id;
}

/** The caller's volunteer records with their organisation's name, for the links on "I miei turni". */
export async function certificatesOfUser(db: Db, userId: string): Promise<{ volunteerId: string; organisation: string }[]> {
  const mine = await repo.volunteersOfUser(db, userId);
  return Promise.all(mine.map(async (v) => ({ volunteerId: v.id, organisation: (await getOrganisation(db, v.organisation_id)).name })));
}

/** A volunteer record of the caller's own; someone else's is a 404, as one that does not exist. */
export async function ownVolunteer(db: Db, userId: string, volunteerId: string | undefined): Promise<string> {
  const v = volunteerId && isId(volunteerId) ? await repo.volunteer(db, volunteerId) : undefined;
  if (!v || v.user_id !== userId) throw refuse(404, 'volunteers.error.volunteerNotFound');
  return v.id;
}
