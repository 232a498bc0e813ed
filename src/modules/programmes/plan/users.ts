import type { Db } from '../../../db/index.js';
import { programmeAttendees } from '../../events/service.js';
import { programmeFacilitatedCitizens, todayInRome } from '../../facilitation/service.js';
import { programmeAssessedPeople } from '../../skills/service.js';
import type { ProgrammeMetric } from '../schemas.js';
import type { Programme } from '../service.js';

/**
 * "Users" as a programme defines them, for targets such as Firenze's 5,000 → 18,000: citizens
 * facilitated, people who attended its events, people who took the skills self-assessment, or any
 * of these. Each source recognises a person by its own keyed hash (the codice fiscale's for
 * facilitation, the contact's for event bookings, the result chain's for the self-assessment), so
 * within a source a person counts once. No hash is shared between sources: "any" is their sum,
 * counted without de-duplication across sources, and the page says so.
 */

export const USER_SOURCES = ['facilitated', 'attended', 'assessed'] as const;
export type UserSource = (typeof USER_SOURCES)[number];

export const USERS_METRICS = {
  users_facilitated: ['facilitated'],
  users_attended: ['attended'],
  users_assessed: ['assessed'],
  users_any: USER_SOURCES,
} as const satisfies Partial<Record<ProgrammeMetric, readonly UserSource[]>>;
export type UsersMetric = keyof typeof USERS_METRICS;

export function isUsersMetric(metric: string): metric is UsersMetric {
  return Object.hasOwn(USERS_METRICS, metric);
}

export type UserCounts = Record<UserSource, number>;

/** People of each source from the programme's start up to a day (YYYY-MM-DD, Rome), each once within its source. */
export async function userCounts(db: Db, programmeId: string, upTo: string): Promise<UserCounts> {
  const [facilitated, attended, assessed] = await Promise.all([
    programmeFacilitatedCitizens(db, programmeId, upTo),
    programmeAttendees(db, programmeId, upTo),
    programmeAssessedPeople(db, programmeId, upTo),
  ]);
  return { facilitated, attended, assessed };
}

export interface UsersTarget {
  metric: UsersMetric;
  value: number;
  deadline: string;
  label: string | null;
  /** The sources the programme counts as users, and what each counted up to `upTo`. */
  sources: { source: UserSource; count: number }[];
  /** Their sum: people are de-duplicated within a source, never across two. */
  current: number;
  /** 0..1. */
  progress: number;
  /** The day counted up to: today, or the deadline once past. */
  upTo: string;
  reached: boolean;
  /** True when more than one source is summed: the same person may count once in each. */
  acrossSources: boolean;
}

/** The programme's "users" targets with what each counts today (or at its deadline, once past). */
export async function usersTargets(db: Db, programme: Programme, today = todayInRome()): Promise<UsersTarget[]> {
  const targets = programme.targets.filter((t) => isUsersMetric(t.metric));
  const cache = new Map<string, Promise<UserCounts>>();
  const countsAt = (day: string) => {
    let p = cache.get(day);
    if (!p) {
      p = userCounts(db, programme.id, day);
      cache.set(day, p);
    }
    return p;
  };
  const out: UsersTarget[] = [];
  for (const t of targets) {
    const metric = t.metric as UsersMetric;
    // A deadline passed counts up to that day; one ahead, up to today.
    const past = t.deadline < today;
    const upTo = past ? t.deadline : today;
    // Before the programme starts nothing is counted yet.
    const counts = upTo < programme.start ? { facilitated: 0, attended: 0, assessed: 0 } : await countsAt(upTo);
    const sources = USERS_METRICS[metric].map((source) => ({ source, count: counts[source] }));
    const current = sources.reduce((sum, s) => sum + s.count, 0);
    out.push({
      metric,
      value: t.value,
      deadline: t.deadline,
      label: t.label,
      sources,
      current,
      progress: t.value > 0 ? Math.min(1, current / t.value) : 1,
      upTo,
      reached: current >= t.value,
      acrossSources: sources.length > 1,
    });
  }
  return out;
}
