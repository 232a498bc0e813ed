import { AREAS, type Area, areaOf, MAX_LEVEL, MIN_LEVEL } from './digcomp.js';

/**
 * Scoring: answers → one level (1–8) per DigComp area. A pure function of the items and the
 * answers, with no database and no clock, so every rule below is tested on hand-computed profiles.
 *
 * ## Credit of one answer
 * - A knowledge item gives credit 1 when the right option is chosen, 0 otherwise ("Non lo so"
 *   included).
 * - A self-declared statement gives credit by step: never 0, with help 1/3, alone 2/3, I could
 *   teach it 1.
 * - An item is *passed* when its credit is at least 1/2: a right answer, or "alone" / "I could
 *   teach it".
 * - Weights: a knowledge item weighs 2, a self-declared one 1, so what a person shows counts more
 *   than what they say about themselves.
 *
 * ## Level of an area
 * For every item level ℓ present in the area (ascending): the level is *reached* when the
 * weighted credit of the items at ℓ is at least 1/2 **and** the weighted credit of all the items
 * at levels ≤ ℓ is at least 1/2 (so a lucky guess on a hard item does not outweigh failures on
 * easier ones). The area's level is the highest level reached, or 1 when none is. One step more
 * (up to 8) when the highest item level of the area is reached and every self-declared statement
 * of the area that was answered says "I could teach it": guiding others is what DigComp's higher
 * levels describe. Citizen items go up to level 5, so results stay within 1–6.
 *
 * ## The adaptive rule (short version)
 * In each area the items of the intermediate band (levels 3–4) are the *probe* and are asked
 * first. When the area has at least two probe items and all of them are answered:
 * - all probe items failed (clear failures): its harder items (level ≥ 5) are skipped and count
 *   as failed (credit 0);
 * - all probe items passed (clear successes): its easier items (level ≤ 2) are skipped and count
 *   as passed (credit 1);
 * - otherwise nothing is skipped.
 * An item that was answered anyway always counts with its real answer: the API takes a complete
 * set of answers, so there the rule changes nothing; the page flow leaves skipped items out and
 * scoring fills them in as above. The full version never skips.
 */

export type ItemKind = 'self' | 'knowledge';

export interface ScoringItem {
  id: string;
  competence: string;
  level: number;
  kind: ItemKind;
  /** Index of the right option (knowledge items). */
  correct: number | null;
  /** How many options the item has (self-declared statements: 4). */
  optionCount: number;
}

export type Answers = ReadonlyMap<string, number>;

export const WEIGHTS: Record<ItemKind, number> = { self: 1, knowledge: 2 };
/** Highest step of a self-declared statement ("I could teach it"). */
export const SELF_TOP = 3;
export const PASS = 0.5;
/** Item levels of the probe (the intermediate band). */
export const PROBE_MIN = 3;
export const PROBE_MAX = 4;
/** Fewest probe items for an outcome to count as clear. */
export const MIN_PROBE_ITEMS = 2;

const EPS = 1e-9;

export class IncompleteAnswers extends Error {
  constructor(readonly missing: string[]) {
    super(`missing answers: ${missing.join(', ')}`);
  }
}

/** Credit (0..1) of one answer; throws on a value that is not one of the item's options. */
export function credit(item: ScoringItem, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= item.optionCount)
    throw new RangeError(`value ${value} out of range for ${item.id}`);
  if (item.kind === 'knowledge') return value === item.correct ? 1 : 0;
  return Math.min(value, SELF_TOP) / SELF_TOP;
}

export function isPassed(c: number): boolean {
  return c + EPS >= PASS;
}

type Tier = 'probe' | 'easier' | 'harder';

export function tierOf(level: number): Tier {
  if (level < PROBE_MIN) return 'easier';
  if (level > PROBE_MAX) return 'harder';
  return 'probe';
}

export type ProbeOutcome = 'clear-failure' | 'clear-success' | 'mixed' | 'open';

/** How the probe of one area went: 'open' while a probe item is unanswered or the probe is too small. */
export function probeOutcome(areaItems: readonly ScoringItem[], answers: Answers): ProbeOutcome {
  const probe = areaItems.filter((i) => tierOf(i.level) === 'probe');
  if (probe.length < MIN_PROBE_ITEMS) return 'open';
  if (probe.some((i) => !answers.has(i.id))) return 'open';
  const passed = probe.map((i) => isPassed(credit(i, answers.get(i.id) as number)));
  if (passed.every((p) => !p)) return 'clear-failure';
  if (passed.every((p) => p)) return 'clear-success';
  return 'mixed';
}

function byArea(items: readonly ScoringItem[]): Map<Area, ScoringItem[]> {
  const out = new Map<Area, ScoringItem[]>();
  for (const item of items) {
    const a = areaOf(item.competence);
    const list = out.get(a) ?? [];
    list.push(item);
    out.set(a, list);
  }
  return out;
}

/** The unanswered items the adaptive rule skips, with the credit each counts for (0 or 1). */
export function impliedCredits(items: readonly ScoringItem[], answers: Answers): Map<string, number> {
  const implied = new Map<string, number>();
  for (const areaItems of byArea(items).values()) {
    const outcome = probeOutcome(areaItems, answers);
    for (const item of areaItems) {
      if (answers.has(item.id)) continue;
      const tier = tierOf(item.level);
      if (outcome === 'clear-failure' && tier === 'harder') implied.set(item.id, 0);
      if (outcome === 'clear-success' && tier === 'easier') implied.set(item.id, 1);
    }
  }
  return implied;
}

const TIER_ORDER: Record<Tier, number> = { probe: 0, easier: 1, harder: 2 };

/**
 * The order questions are asked in. Adaptive: area by area, the probe first, then the easier
 * items, then the harder ones (each by level, then by the bank's order). Otherwise: the bank's order.
 */
export function presentationOrder<T extends ScoringItem>(items: readonly T[], adaptive: boolean): T[] {
  if (!adaptive) return [...items];
  const index = new Map(items.map((item, i) => [item.id, i]));
  return [...items].sort(
    (a, b) =>
      areaOf(a.competence) - areaOf(b.competence) ||
      TIER_ORDER[tierOf(a.level)] - TIER_ORDER[tierOf(b.level)] ||
      a.level - b.level ||
      (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0),
  );
}

/** The questions still to ask, in order: unanswered and not skipped by the adaptive rule. */
export function pendingItems<T extends ScoringItem>(items: readonly T[], answers: Answers, adaptive: boolean): T[] {
  const implied = adaptive ? impliedCredits(items, answers) : new Map<string, number>();
  return presentationOrder(items, adaptive).filter((i) => !answers.has(i.id) && !implied.has(i.id));
}

export interface AreaScore {
  area: Area;
  level: number;
  /** Weighted share of credit over the area's items (0..1). */
  share: number;
  items: number;
  /** Items the adaptive rule skipped. */
  skipped: number;
}

export interface ScoredItem {
  id: string;
  credit: number;
  implied: boolean;
}

export interface Profile {
  areas: AreaScore[];
  /** Weighted share of credit per competence ("1.1" → 0..1), for the competences the items measured. */
  competences: Record<string, number>;
  items: ScoredItem[];
}

function weightedShare(entries: { item: ScoringItem; credit: number }[]): number {
  let got = 0;
  let total = 0;
  for (const e of entries) {
    const w = WEIGHTS[e.item.kind];
    got += w * e.credit;
    total += w;
  }
  return total === 0 ? 0 : got / total;
}

/** The level of one area from its items' credits (see the rule at the top of the file). */
export function areaLevel(entries: { item: ScoringItem; credit: number; answer?: number }[]): number {
  if (entries.length === 0) return MIN_LEVEL;
  const levels = [...new Set(entries.map((e) => e.item.level))].sort((a, b) => a - b);
  let reached = 0;
  for (const level of levels) {
    const at = weightedShare(entries.filter((e) => e.item.level === level));
    const upTo = weightedShare(entries.filter((e) => e.item.level <= level));
    if (isPassed(at) && isPassed(upTo)) reached = level;
  }
  let level = Math.max(MIN_LEVEL, reached);
  const selfAnswers = entries.filter((e) => e.item.kind === 'self' && e.answer !== undefined);
  if (reached > 0 && reached === levels[levels.length - 1] && selfAnswers.length > 0 && selfAnswers.every((e) => e.answer === SELF_TOP)) {
    level += 1;
  }
  return Math.min(MAX_LEVEL, level);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Scores a set of answers. Every item needs an answer, except those the adaptive rule skips
 * (`adaptive`: the short version's page flow); otherwise throws IncompleteAnswers.
 */
export function scoreAnswers(items: readonly ScoringItem[], answers: Answers, opts: { adaptive: boolean }): Profile {
  const implied = opts.adaptive ? impliedCredits(items, answers) : new Map<string, number>();
  const missing = items.filter((i) => !answers.has(i.id) && !implied.has(i.id)).map((i) => i.id);
  if (missing.length > 0) throw new IncompleteAnswers(missing);
  const scored = items.map((item) => {
    const answer = answers.get(item.id);
    const c = answer !== undefined ? credit(item, answer) : (implied.get(item.id) as number);
    return { item, credit: c, answer, implied: answer === undefined };
  });
  const areas: AreaScore[] = AREAS.map((area) => {
    const entries = scored.filter((s) => areaOf(s.item.competence) === area);
    return {
      area,
      level: areaLevel(entries),
      share: round3(weightedShare(entries)),
      items: entries.length,
      skipped: entries.filter((e) => e.implied).length,
    };
  });
  const competences: Record<string, number> = {};
  for (const code of [...new Set(items.map((i) => i.competence))].sort()) {
    competences[code] = round3(weightedShare(scored.filter((s) => s.item.competence === code)));
  }
  return { areas, competences, items: scored.map((s) => ({ id: s.item.id, credit: s.credit, implied: s.implied })) };
}

/** Competences to work on: those whose share of credit is below a pass, weakest first. */
export function gaps(competences: Record<string, number>): string[] {
  return Object.entries(competences)
    .filter(([, share]) => !isPassed(share))
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .map(([code]) => code);
}
