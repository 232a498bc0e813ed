import { describe, expect, it } from 'vitest';
import { AREAS, areaOf, COMPETENCE_CODES, SE5_OF, se4Of } from '../../src/modules/skills/digcomp.js';
import { SEED_ITEMS } from '../../src/modules/skills/item-bank.js';
import {
  credit,
  IncompleteAnswers,
  impliedCredits,
  pendingItems,
  presentationOrder,
  probeOutcome,
  type ScoringItem,
  scoreAnswers,
} from '../../src/modules/skills/scoring.js';
import { publishProblems, suppressCells } from '../../src/modules/skills/service.js';

// One area of the short version: base (2), probe (3, 4), advanced (5).
const A: ScoringItem = { id: 'a', competence: '1.1', level: 2, kind: 'self', correct: null, optionCount: 4 };
const B: ScoringItem = { id: 'b', competence: '1.2', level: 3, kind: 'knowledge', correct: 1, optionCount: 4 };
const C: ScoringItem = { id: 'c', competence: '1.3', level: 4, kind: 'knowledge', correct: 2, optionCount: 4 };
const D: ScoringItem = { id: 'd', competence: '1.3', level: 5, kind: 'self', correct: null, optionCount: 4 };
const AREA1 = [A, B, C, D];

const answers = (entries: Record<string, number>) => new Map(Object.entries(entries));
const area1 = (p: ReturnType<typeof scoreAnswers>) => p.areas.find((a) => a.area === 1);

describe('credit of one answer', () => {
  it('gives 1 for the right option and 0 otherwise; self-declared steps 0, 1/3, 2/3, 1', () => {
    expect(credit(B, 1)).toBe(1);
    expect(credit(B, 0)).toBe(0);
    expect(credit(B, 3)).toBe(0);
    expect([0, 1, 2, 3].map((v) => credit(A, v))).toEqual([0, 1 / 3, 2 / 3, 1]);
  });

  it('refuses a value that is not one of the options', () => {
    expect(() => credit(B, 4)).toThrow(RangeError);
    expect(() => credit(A, -1)).toThrow(RangeError);
    expect(() => credit(A, 1.5)).toThrow(RangeError);
  });
});

describe('level of an area, hand-computed', () => {
  it('mixed answers: level 3 (levels 2 and 3 reached, 4 failed, 5 only "with help")', () => {
    // Credits: A 2/3 (w1), B 1 (w2), C 0 (w2), D 1/3 (w1).
    // Level 2: 2/3 ≥ 1/2, cumulative 2/3 → reached. Level 3: 1, cumulative (2/3+2)/3 = 0.89 → reached.
    // Level 4: 0 → not. Level 5: 1/3 → not. Share: (2/3 + 2 + 0 + 1/3) / 6 = 0.5.
    const p = scoreAnswers(AREA1, answers({ a: 2, b: 1, c: 0, d: 1 }), { adaptive: false });
    expect(area1(p)).toMatchObject({ level: 3, share: 0.5, items: 4, skipped: 0 });
    expect(p.competences).toEqual({ '1.1': 0.667, '1.2': 1, '1.3': 0.111 });
  });

  it('a knowledge item weighs more than a self-declaration: "I could teach it" with a wrong answer is not a pass', () => {
    const X: ScoringItem = { id: 'x', competence: '4.1', level: 3, kind: 'self', correct: null, optionCount: 4 };
    const Y: ScoringItem = { id: 'y', competence: '4.1', level: 3, kind: 'knowledge', correct: 0, optionCount: 3 };
    // (1·1 + 2·0) / 3 = 1/3 < 1/2: not reached. The other way round: (1·0 + 2·1) / 3 = 2/3: reached.
    const said = scoreAnswers([X, Y], answers({ x: 3, y: 1 }), { adaptive: false });
    const shown = scoreAnswers([X, Y], answers({ x: 0, y: 0 }), { adaptive: false });
    expect(said.areas.find((a) => a.area === 4)?.level).toBe(1);
    expect(shown.areas.find((a) => a.area === 4)?.level).toBe(3);
  });

  it('a lucky guess on a hard item does not outweigh failures on easier ones', () => {
    const items: ScoringItem[] = [2, 3, 4, 5].map((level) => ({
      id: `k${level}`,
      competence: '5.1',
      level,
      kind: 'knowledge',
      correct: 0,
      optionCount: 3,
    }));
    // Only the level-5 item right: at level 5 the item passes, but cumulatively 2/8 < 1/2.
    const p = scoreAnswers(items, answers({ k2: 1, k3: 1, k4: 1, k5: 0 }), { adaptive: false });
    expect(p.areas.find((a) => a.area === 5)?.level).toBe(1);
  });

  it('"I could teach it" on every statement of a fully mastered area adds one level', () => {
    const p = scoreAnswers(AREA1, answers({ a: 3, b: 1, c: 2, d: 3 }), { adaptive: false });
    expect(area1(p)?.level).toBe(6);
    const q = scoreAnswers(AREA1, answers({ a: 2, b: 1, c: 2, d: 3 }), { adaptive: false });
    expect(area1(q)?.level).toBe(5);
  });

  it('areas without items are level 1; every area is reported', () => {
    const p = scoreAnswers(AREA1, answers({ a: 0, b: 0, c: 0, d: 0 }), { adaptive: false });
    expect(p.areas.map((a) => a.area)).toEqual([1, 2, 3, 4, 5]);
    expect(p.areas.every((a) => a.level === 1)).toBe(true);
  });

  it('without the adaptive rule every answer is required', () => {
    expect(() => scoreAnswers(AREA1, answers({ a: 2, b: 1, c: 2 }), { adaptive: false })).toThrow(IncompleteAnswers);
  });
});

describe('the adaptive rule of the short version', () => {
  it('asks the probe (levels 3–4) first, then the easier, then the harder items', () => {
    expect(presentationOrder([D, A, C, B], true).map((i) => i.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(presentationOrder([D, A, C, B], false).map((i) => i.id)).toEqual(['d', 'a', 'c', 'b']);
  });

  it('after clear failures skips the harder items and scores them as failed', () => {
    const given = answers({ b: 0, c: 3 });
    expect(probeOutcome(AREA1, given)).toBe('clear-failure');
    expect(pendingItems(AREA1, given, true).map((i) => i.id)).toEqual(['a']);
    expect(impliedCredits(AREA1, given)).toEqual(new Map([['d', 0]]));
    // A "could teach" (1): level 2 reached (cumulative 1); 3 and 4 failed; D implied 0 → level 2.
    const p = scoreAnswers(AREA1, answers({ a: 3, b: 0, c: 3 }), { adaptive: true });
    expect(area1(p)).toMatchObject({ level: 2, skipped: 1, share: 0.167 });
    expect(p.items.find((i) => i.id === 'd')).toEqual({ id: 'd', credit: 0, implied: true });
  });

  it('after clear successes skips the easier items and scores them as passed', () => {
    const given = answers({ b: 1, c: 2 });
    expect(probeOutcome(AREA1, given)).toBe('clear-success');
    expect(pendingItems(AREA1, given, true).map((i) => i.id)).toEqual(['d']);
    // A implied 1; B, C right; D "alone" 2/3 → every level reached → 5, no bonus (D is not "teach").
    expect(area1(scoreAnswers(AREA1, answers({ b: 1, c: 2, d: 2 }), { adaptive: true }))).toMatchObject({ level: 5, skipped: 1 });
    // D "I could teach it": the highest item level is reached and every answered statement says so → 6.
    expect(area1(scoreAnswers(AREA1, answers({ b: 1, c: 2, d: 3 }), { adaptive: true }))?.level).toBe(6);
  });

  it('mixed probe: nothing is skipped', () => {
    const given = answers({ b: 1, c: 0 });
    expect(probeOutcome(AREA1, given)).toBe('mixed');
    expect(pendingItems(AREA1, given, true).map((i) => i.id)).toEqual(['a', 'd']);
    expect(() => scoreAnswers(AREA1, given, { adaptive: true })).toThrow(IncompleteAnswers);
  });

  it('an open probe skips nothing, and an area with one probe item never adapts', () => {
    expect(probeOutcome(AREA1, answers({ b: 1 }))).toBe('open');
    expect(impliedCredits(AREA1, answers({ b: 1 })).size).toBe(0);
    expect(probeOutcome([A, B, D], answers({ b: 0 }))).toBe('open');
  });

  it('an item the rule would skip still counts with its real answer (the API sends complete sets)', () => {
    // Clear success, but A was answered "never": A counts 0, so level 2 is not reached; 3, 4, 5 are.
    const p = scoreAnswers(AREA1, answers({ a: 0, b: 1, c: 2, d: 2 }), { adaptive: true });
    expect(area1(p)).toMatchObject({ level: 5, skipped: 0 });
    expect(p.items.find((i) => i.id === 'a')).toEqual({ id: 'a', credit: 0, implied: false });
  });

  it('self-declared probe items pass from "alone" up', () => {
    const P1: ScoringItem = { id: 'p1', competence: '2.1', level: 3, kind: 'self', correct: null, optionCount: 4 };
    const P2: ScoringItem = { id: 'p2', competence: '2.2', level: 4, kind: 'self', correct: null, optionCount: 4 };
    expect(probeOutcome([P1, P2], answers({ p1: 2, p2: 3 }))).toBe('clear-success');
    expect(probeOutcome([P1, P2], answers({ p1: 1, p2: 0 }))).toBe('clear-failure');
    expect(probeOutcome([P1, P2], answers({ p1: 1, p2: 2 }))).toBe('mixed');
  });
});

describe('the built-in item bank', () => {
  const short = SEED_ITEMS.filter((i) => i.short);

  it('has at least 40 items covering all 21 competences', () => {
    expect(SEED_ITEMS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(SEED_ITEMS.map((i) => i.competence))).toEqual(new Set(COMPETENCE_CODES));
    expect(new Set(SEED_ITEMS.map((i) => i.key)).size).toBe(SEED_ITEMS.length);
  });

  it('has a short version of 20 items: in every area one base, two probe and one advanced item', () => {
    expect(short).toHaveLength(20);
    for (const area of AREAS) {
      expect(
        short
          .filter((i) => areaOf(i.competence) === area)
          .map((i) => i.level)
          .sort(),
      ).toEqual([2, 3, 4, 5]);
    }
  });

  it('knowledge items have one right answer among their options and a "Non lo so"; statements four steps', () => {
    for (const item of SEED_ITEMS) {
      if (item.kind === 'knowledge') {
        expect(item.correct).not.toBeNull();
        expect(item.correct as number).toBeLessThan(item.options.length - 1);
        expect(item.options[item.options.length - 1].it).toBe('Non lo so');
      } else {
        expect(item.options).toHaveLength(4);
        expect(item.correct).toBeNull();
      }
    }
    // Right answers are not always in the same place.
    expect(new Set(SEED_ITEMS.filter((i) => i.kind === 'knowledge').map((i) => i.correct)).size).toBeGreaterThan(2);
  });

  it('passes the checks staff versions must pass before publishing', () => {
    const items = SEED_ITEMS.map((s, i) => ({
      id: String(i),
      key: s.key,
      competence: s.competence,
      level: s.level,
      kind: s.kind,
      text: { it: s.text.it, en: s.text.en },
      options: s.options,
      correct: s.correct,
      short: s.short,
      position: i,
    }));
    expect(publishProblems(items)).toEqual([]);
    expect(publishProblems(items.filter((i) => i.competence !== '4.4'))).toHaveLength(1);
  });
});

describe('national codes and suppression', () => {
  it('maps every competence to an SE5 code whose SE4 area matches the DigComp area', () => {
    const letters = { 1: 'A', 2: 'B', 3: 'C', 4: 'D', 5: 'E' } as const;
    for (const c of COMPETENCE_CODES) expect(se4Of(SE5_OF[c])).toBe(letters[areaOf(c)]);
  });

  it('hides counts from 1 to 4, and a second cell when only one would be hidden', () => {
    expect(suppressCells([10, 0, 7, 6])).toEqual([10, 0, 7, 6]);
    expect(suppressCells([10, 3, 7, 6])).toEqual([10, null, 7, null]);
    expect(suppressCells([10, 3, 2, 6])).toEqual([10, null, null, 6]);
    expect(suppressCells([0, 0, 12, 0])).toEqual([0, 0, 12, 0]);
  });
});
