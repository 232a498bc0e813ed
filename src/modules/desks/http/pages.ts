import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { type Problem, refuse } from '../../../core/problems.js';
import { now } from '../../../core/time.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import * as svc from '../service.js';
import { ManagePage, MovePage } from '../views/public.js';
import { laterDate, PICKER_DAYS, plusDays, validDate } from './common.js';

/**
 * The pages the citizen's and the staff's routes share: the slot picker's window, the citizen's
 * appointment page and the page that moves an appointment (by private link or from the back office).
 */

/** The picker's window: `da` (default today) and 4 weeks on; a chosen day outside it moves the window. */
function pickerWindow(q: Record<string, unknown>): { from: string; day: string | null } {
  const today = svc.todayInRome();
  let from = validDate(q.da) ?? today;
  if (from < today) from = today;
  const day = validDate(q.giorno);
  if (day && (day < from || day > plusDays(from, PICKER_DAYS - 1))) from = laterDate(day, today);
  return { from, day: day && day >= today ? day : null };
}

export async function pickerProps(
  deps: Deps,
  desk: svc.DeskView,
  service: svc.ServiceView,
  q: Record<string, unknown>,
  opts: { baseHref: string; action: string; hidden: Record<string, string> },
) {
  const { from, day } = pickerWindow(q);
  const days = await svc.freeDays(deps.db, desk, service.code, from, plusDays(from, PICKER_DAYS - 1));
  const today = svc.todayInRome();
  return {
    ...opts,
    days,
    day,
    from,
    previousFrom: from > today ? laterDate(plusDays(from, -PICKER_DAYS), today) : null,
    nextFrom: plusDays(from, PICKER_DAYS),
  };
}

/** The citizen's page of an appointment, through its private link. */
export async function managePage(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  appointmentId: string,
  token: string | undefined,
  extra: { notice?: 'cancelled' | 'moved'; problem?: string } = {},
  status = 200,
) {
  const { appointment, desk } = await svc.appointmentByToken(deps, appointmentId, token);
  return sendPage(
    reply,
    ManagePage({
      ctx: pageContext(req, reply, desk.organisation.name),
      desk,
      appointment,
      token: token!,
      future: Date.parse(appointment.start) > now().getTime(),
      ...extra,
    }),
    status,
  );
}

/** Who moves: the citizen with the private link's token, or the staff. */
export type Mover = { token: string } | { staff: true };

function moveCrumbs(req: FastifyRequest, desk: svc.DeskView, appointment: svc.AppointmentView, who: Mover, title: string) {
  const l = req.lang;
  return 'token' in who
    ? [
        { href: '/sportelli', label: t(l, 'desks.title') },
        { href: `/appuntamenti/${appointment.id}?token=${encodeURIComponent(who.token)}`, label: t(l, 'desks.appt.title') },
        { label: title },
      ]
    : [
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/desks/${desk.id}`, label: desk.name },
        { href: `/admin/desks/${desk.id}/giornata?data=${appointment.start.slice(0, 10)}`, label: t(l, 'desks.admin.desk.day') },
        { label: title },
      ];
}

/** The page that moves an appointment to another free slot. */
export async function movePage(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  appointmentId: string,
  q: Record<string, unknown>,
  who: Mover,
  problem?: string,
  status = 200,
) {
  const { appointment, desk } =
    'token' in who ? await svc.appointmentByToken(deps, appointmentId, who.token) : await svc.staffAppointmentView(deps.db, appointmentId);
  const service = desk.services.find((s) => s.code === appointment.service.code);
  if (!service || appointment.status !== 'booked') {
    if ('token' in who)
      return managePage(deps, req, reply, appointmentId, who.token, { problem: t(req.lang, 'desks.appt.notMovable') }, 409);
    throw refuse(409, 'desks.appt.notMovable');
  }
  const action = 'token' in who ? `/appuntamenti/${appointment.id}/sposta` : `/admin/desk-appointments/${appointment.id}/sposta`;
  const picker = await pickerProps(deps, desk, service, q, {
    baseHref: 'token' in who ? `${action}?token=${encodeURIComponent(who.token)}` : action,
    action,
    hidden: 'token' in who ? { token: who.token } : {},
  });
  const l = req.lang;
  const title = 'token' in who ? t(l, 'desks.appt.moveTitle') : t(l, 'desks.staffMove.title', { name: appointment.name ?? '' });
  const crumbs = moveCrumbs(req, desk, appointment, who, title);
  return sendPage(
    reply,
    MovePage({ ctx: pageContext(req, reply, desk.organisation.name), desk, appointment, picker, title, crumbs, problem }),
    status,
  );
}

/** What the move form says when the move is refused: the slot was just taken, or the problem itself. */
export function moveProblem(req: FastifyRequest, errors: Record<string, string>, p: Problem): string | undefined {
  return p.status === 409 && p.extra?.reason === 'taken' ? svc.slotTakenMessage(req.lang) : (errors.start ?? errors._ ?? p.detail);
}
