import { isId } from '../../../core/ids.js';
import { refuse } from '../../../core/problems.js';
import type { Db } from '../../../db/index.js';
import type { DeskExceptionTable, DeskHoursTable, DeskOperatorTable, DeskServiceTable, DeskTable } from '../../../db/schema.js';
import { type DeskCore, todayInRome } from '../model.js';
import * as repo from '../repo.js';
import { perDb } from './per-db.js';

/**
 * A desk's schedule kept between requests: its core (services, hours, limits), its exceptions and
 * its operators' shifts, all a booking or a list of free slots reads of it besides the places taken.
 * They change only when staff change the desk, so each process keeps them beside the desk's
 * `schedule_version`, which triggers move in the same transaction as any such change (migration
 * 042), and reads only that number on each request: one small query instead of five. Another
 * process's change is seen on the next request, as this process's own; nothing depends on a clock.
 *
 * The number is read before the rows it vouches for: a change committed between the two leaves a
 * kept schedule newer than its number, which the next request reads again.
 */

export interface DeskSchedule {
  version: number;
  core: DeskCore;
  /** Every exception ending on or after this date ('YYYY-MM-DD'); earlier ones are read when asked for. */
  exceptionsFrom: string;
  exceptions: DeskExceptionTable[];
  operators: DeskOperatorTable[];
}

/** Everything the slot computation needs between two dates: the exceptions of the span, every shift. */
export type ScheduleRows = [DeskExceptionTable[], DeskOperatorTable[]];

/** Desks kept per database, the least recently read going first: a few kilobytes each. */
const KEPT = 500;
const keptOf = perDb(() => new Map<string, DeskSchedule>());

export function deskCore(row: DeskTable, services: DeskServiceTable[], hours: DeskHoursTable[]): DeskCore {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    services: services.map((s) => ({
      code: s.code,
      name: s.name,
      durationMinutes: Number(s.duration_minutes),
      bring: JSON.parse(s.bring) as string[],
    })),
    openingHours: hours.map((h) => ({ weekday: Number(h.weekday), start: h.start_time, end: h.end_time, operators: Number(h.operators) })),
    patronDay: row.patron_day,
    personLimit:
      row.person_limit_count && row.person_limit_days
        ? { count: Number(row.person_limit_count), days: Number(row.person_limit_days) }
        : null,
    retentionDays: Number(row.retention_days),
    active: Number(row.active) === 1,
  };
}

/** The day before a date ('YYYY-MM-DD'). */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

async function load(db: Db, deskId: string): Promise<DeskSchedule | undefined> {
  const row = await repo.deskRow(db.k, deskId);
  if (!row) return undefined;
  const exceptionsFrom = dayBefore(todayInRome());
  const [services, hours, exceptions, operators] = await Promise.all([
    repo.servicesOf(db.k, [deskId]),
    repo.hoursOf(db.k, [deskId]),
    repo.exceptionsOf(db.k, deskId, exceptionsFrom),
    repo.operatorsOf(db.k, deskId),
  ]);
  return { version: Number(row.schedule_version ?? 0), core: deskCore(row, services, hours), exceptionsFrom, exceptions, operators };
}

/**
 * The desk's schedule, read again only when its version has moved since it was kept; undefined
 * when there is no such desk. Shared between requests: callers must not change it.
 */
export async function deskSchedule(db: Db, deskId: string): Promise<DeskSchedule | undefined> {
  if (!isId(deskId)) return undefined;
  const m = keptOf(db);
  const have = m.get(deskId);
  if (have) {
    const version = await repo.scheduleVersion(db.k, deskId);
    if (version === undefined) {
      m.delete(deskId);
      return undefined;
    }
    if (version === have.version) {
      // Least recently read first out.
      m.delete(deskId);
      m.set(deskId, have);
      return have;
    }
  }
  const fresh = await load(db, deskId);
  m.delete(deskId);
  if (!fresh) return undefined;
  if (m.size >= KEPT) m.delete(m.keys().next().value as string);
  m.set(deskId, fresh);
  return fresh;
}

/**
 * The desk's schedule as this process last kept it, without asking the database whether it still
 * holds: for a write that checks the version itself, in the same statement (repo.bookPlainOp).
 * Undefined when none is kept.
 */
export function keptSchedule(db: Db, deskId: string): DeskSchedule | undefined {
  return keptOf(db).get(deskId);
}

/** The desk's schedule, refusing with 404 a missing desk, or an inactive one unless `includeInactive` (staff). */
export async function deskScheduleOrRefuse(db: Db, deskId: string, opts: { includeInactive?: boolean } = {}): Promise<DeskSchedule> {
  const s = await deskSchedule(db, deskId);
  if (!s || (!opts.includeInactive && !s.core.active)) throw refuse(404, 'desks.error.deskNotFound');
  return s;
}

/** The exceptions of a span of days (as the database orders them) and every shift, from a kept schedule. */
export async function rowsBetween(db: Db, s: DeskSchedule, from: string, to: string): Promise<ScheduleRows> {
  return keptRowsBetween(s, from, to) ?? [await repo.exceptionsOf(db.k, s.core.id, from, to), s.operators];
}

/** rowsBetween when the kept schedule holds the span's exceptions; null for a span before what it keeps. */
export function keptRowsBetween(s: DeskSchedule, from: string, to: string): ScheduleRows | null {
  if (from < s.exceptionsFrom) return null;
  return [s.exceptions.filter((e) => e.to_date >= from && e.from_date <= to), s.operators];
}
