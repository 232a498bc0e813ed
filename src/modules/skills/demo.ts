import type { DemoIds } from '../../core/module.js';
import { now } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { listCatalogue } from '../events/service.js';
import type { AgeBand } from './digcomp.js';
import { pendingItems } from './scoring.js';
import { type BankItem, currentVersion, recordAnonymousResult, toScoring, type Variant, variantItems, versionItems } from './service.js';

/**
 * Demo self-assessments: a few dozen anonymous results across the demo comuni and age bands, so
 * the staff pages show statistics and aggregates, and before/after pairs of people who took a
 * course in Prato. Answers come from a small deterministic model of a person (an ability that
 * falls with age), run through the same adaptive flow as the pages.
 */

/** A tiny deterministic random generator, so every demo database looks the same. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PLACES = ['100005', '100005', '100005', '048017', '048017', '019035', '019067', '033035', '017081'];
const AGES: { band: AgeBand; ability: number }[] = [
  { band: '18-29', ability: 0.8 },
  { band: '30-54', ability: 0.65 },
  { band: '55-74', ability: 0.45 },
  { band: '75+', ability: 0.25 },
];

/** One person's answers: right more often the abler they are and the easier the item. */
function answersOf(items: BankItem[], ability: number, rnd: () => number, variant: Variant): Map<string, number> {
  const answers = new Map<string, number>();
  const scoring = items.map((i) => ({ ...toScoring(i), item: i }));
  for (;;) {
    const next = pendingItems(scoring, answers, variant === 'short')[0];
    if (!next) return answers;
    const chance = Math.max(0.05, Math.min(0.95, ability + 0.12 * (3 - next.level) + (rnd() - 0.5) * 0.3));
    if (next.kind === 'self') {
      answers.set(next.id, Math.max(0, Math.min(3, Math.round(chance * 3 + (rnd() - 0.5)))));
    } else {
      const wrong = ((next.correct as number) + 1 + Math.floor(rnd() * (next.optionCount - 1))) % next.optionCount;
      answers.set(next.id, rnd() < chance ? (next.correct as number) : wrong);
    }
  }
}

export async function seedDemoSkills(db: Db, ids: DemoIds): Promise<{ results: number; pairs: number }> {
  const rnd = random(2026);
  const version = await currentVersion(db);
  const all = await versionItems(db, version.id);
  const daysAgo = (d: number) => new Date(now().getTime() - d * 86_400_000).toISOString();
  let results = 0;

  for (let i = 0; i < 40; i += 1) {
    const age = AGES[Math.floor(rnd() * AGES.length)];
    const variant: Variant = rnd() < 0.8 ? 'short' : 'full';
    await recordAnonymousResult(db, {
      variant,
      answers: answersOf(variantItems(all, variant), age.ability, rnd, variant),
      municipality: PLACES[Math.floor(rnd() * PLACES.length)],
      ageBand: rnd() < 0.9 ? age.band : null,
      createdAt: daysAgo(Math.floor(rnd() * 120) + 20),
    });
    results += 1;
  }

  // A course of Agenda Digitale Prato: attendees take the test at booking and after the course.
  let eventId: string | null = null;
  try {
    const upcoming = await listCatalogue(db, { organisation: ids.organisations.prato }, { limit: 1 });
    eventId = upcoming.items[0]?.id ?? null;
  } catch {
    // No events: the pairs are still retakes of the same people, without an event.
  }
  const short = variantItems(all, 'short');
  let pairs = 0;
  for (let i = 0; i < 8; i += 1) {
    const age = AGES[2 + (i % 2)];
    const before = await recordAnonymousResult(db, {
      variant: 'short',
      answers: answersOf(short, age.ability, rnd, 'short'),
      municipality: '100005',
      ageBand: age.band,
      eventId,
      phase: 'prima',
      createdAt: daysAgo(45 + i),
    });
    await recordAnonymousResult(db, {
      variant: 'short',
      answers: answersOf(short, Math.min(0.95, age.ability + 0.25), rnd, 'short'),
      municipality: '100005',
      ageBand: age.band,
      eventId,
      phase: 'dopo',
      previousId: before.id,
      createdAt: daysAgo(10 + i),
    });
    results += 2;
    pairs += 1;
  }
  return { results, pairs };
}
