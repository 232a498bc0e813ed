import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/core/fiscal-code.js';
import { validFiscalCode } from '../../src/modules/facilitation/national-checks.js';

/**
 * The national upload checks AN3 (and a facilitator's id) with codice-fiscale-js; the export checks
 * it with its own function, once per citizen. The two must answer alike on every code: valid ones,
 * each of their omocodia variants, codes in lower or mixed case, wrong check characters, codes out
 * of layout and strings of other lengths.
 */

const require = createRequire(import.meta.url);
const { CodiceFiscale } = require('codice-fiscale-js') as {
  CodiceFiscale: { check(cf: string): boolean };
};
const platform = (code: string) => code.length === 16 && CodiceFiscale.check(code);
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** Every omocodia variant of a code: each subset of the seven digit positions written as letters. */
function omocodie(code: string): string[] {
  const positions = [6, 7, 9, 10, 12, 13, 14];
  const out: string[] = [];
  for (let mask = 1; mask < 1 << positions.length; mask++) {
    const chars = code.slice(0, 15).split('');
    positions.forEach((p, i) => {
      if (mask & (1 << i)) chars[p] = 'LMNPQRSTUV'[Number(chars[p])];
    });
    const body = chars.join('');
    out.push(body + checkCharacter(body));
  }
  return out;
}

/** Well-formed codes (any letters, birth date and place), their check character computed; sampled with a fixed seed. */
const codeParts = fc.record({
  letters: fc.stringMatching(/^[A-Z]{6}$/),
  year: fc.integer({ min: 0, max: 99 }),
  month: fc.constantFrom(...'ABCDEHLMPRST'),
  day: fc.integer({ min: 1, max: 31 }),
  female: fc.boolean(),
  place: fc.stringMatching(/^[A-Z]\d{3}$/),
});
const code = (p: typeof codeParts extends fc.Arbitrary<infer T> ? T : never) => {
  const body = `${p.letters}${String(p.year).padStart(2, '0')}${p.month}${String(p.day + (p.female ? 40 : 0)).padStart(2, '0')}${p.place}`;
  return body + checkCharacter(body);
};

describe('the codice fiscale check of the national file', () => {
  it('agrees with codice-fiscale-js on valid codes and all their omocodia variants', () => {
    let valid = 0;
    let checked = 0;
    for (const parts of fc.sample(codeParts, { seed: 14, numRuns: 300 })) {
      for (const c of [code(parts), ...omocodie(code(parts))]) {
        expect(validFiscalCode(c), c).toBe(platform(c));
        if (validFiscalCode(c)) valid++;
        checked++;
      }
    }
    expect(checked).toBe(300 * 128);
    // The generator's codes are valid to the platform: the comparison is not between two refusals.
    expect(valid).toBe(checked);
  });

  it('agrees on codes in lower and mixed case, with a wrong check character, and changed anywhere', () => {
    const alphabet = `${LETTERS}${DIGITS}abcxyz -'ßı`;
    const changes = fc.record({ parts: codeParts, at: fc.integer({ min: 0, max: 15 }), by: fc.constantFrom(...alphabet) });
    let refused = 0;
    for (const { parts, at, by } of fc.sample(changes, { seed: 2026, numRuns: 2000 })) {
      const valid = code(parts);
      const variants = [
        valid.toLowerCase(),
        valid.slice(0, 8) + valid.slice(8).toLowerCase(),
        valid.slice(0, 15) + LETTERS[(LETTERS.indexOf(valid[15]) + 1) % 26],
        valid.slice(0, 15) + valid[15].toLowerCase(),
        valid.slice(0, at) + by + valid.slice(at + 1),
        valid.slice(0, 15),
        `${valid}X`,
        ` ${valid.slice(1)}`,
      ];
      for (const v of variants) {
        expect(validFiscalCode(v), JSON.stringify(v)).toBe(platform(v));
        if (!platform(v)) refused++;
      }
    }
    // Most of the changed codes are refused, some (a letter for a letter) still pass: both kinds are compared.
    expect(refused).toBeGreaterThan(8000);
    expect(refused).toBeLessThan(16000);
  });

  it('agrees on random strings of sixteen characters', () => {
    for (const s of fc.sample(fc.stringMatching(/^[A-Z0-9lmnpqrstuv]{16}$/), { seed: 7, numRuns: 20_000 })) {
      expect(validFiscalCode(s), s).toBe(platform(s));
    }
  });
});
