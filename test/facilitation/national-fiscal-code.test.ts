import { createRequire } from 'node:module';
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

/** A small seeded generator, so a failure names a code that can be tried again. */
function seeded(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
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

function validCodes(n: number, rnd: () => number): string[] {
  const pick = (s: string) => s[Math.floor(rnd() * s.length)];
  const two = () => String(Math.floor(rnd() * 100)).padStart(2, '0');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = String(1 + Math.floor(rnd() * 31) + (rnd() < 0.5 ? 40 : 0)).padStart(2, '0');
    const body = `${Array.from({ length: 6 }, () => pick(LETTERS)).join('')}${two()}${pick('ABCDEHLMPRST')}${day}${pick(LETTERS)}${pick(DIGITS)}${two()}`;
    out.push(body + checkCharacter(body));
  }
  return out;
}

describe('the codice fiscale check of the national file', () => {
  it('agrees with codice-fiscale-js on valid codes and all their omocodia variants', () => {
    const rnd = seeded(14);
    let valid = 0;
    let checked = 0;
    for (const code of validCodes(300, rnd)) {
      for (const c of [code, ...omocodie(code)]) {
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
    const rnd = seeded(2026);
    const alphabet = `${LETTERS}${DIGITS}abcxyz -'ßı`;
    let refused = 0;
    for (const code of validCodes(2000, rnd)) {
      const variants = [
        code.toLowerCase(),
        code.slice(0, 8) + code.slice(8).toLowerCase(),
        code.slice(0, 15) + LETTERS[(LETTERS.indexOf(code[15]) + 1) % 26],
        code.slice(0, 15) + code[15].toLowerCase(),
      ];
      const at = Math.floor(rnd() * 16);
      variants.push(code.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)] + code.slice(at + 1));
      variants.push(code.slice(0, 15), `${code}X`, ` ${code.slice(1)}`);
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
    const rnd = seeded(7);
    const alphabet = `${LETTERS}${DIGITS}lmnpqrstuv`;
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from({ length: 16 }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      expect(validFiscalCode(s), s).toBe(platform(s));
    }
  });
});
