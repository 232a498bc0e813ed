import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/modules/facilitation/crypto.js';
import {
  ageAt,
  ageBandOf,
  checkCharacter,
  checkFiscalCode,
  decodeOmocodia,
  parseFiscalCode,
} from '../../src/modules/facilitation/fiscal-code.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';
import { breakCheck, makeCf } from './fixtures.js';

describe('codice fiscale, without a database', () => {
  it('computes the check character of known codes', () => {
    // The textbook example: Mario Rossi, born in Rome on 1 January 1980.
    expect(checkCharacter('RSSMRA80A01H501')).toBe('U');
    expect(parseFiscalCode('RSSMRA80A01H501U', '2026-01-01')).toMatchObject({
      ok: true,
      info: { birthDate: '1980-01-01', gender: 'M', placeCode: 'H501', foreign: false },
    });
  });

  it('reads women (day + 40), lower case and spaces', () => {
    const cf = makeCf({ birth: '1951-12-31', female: true, place: 'G999' });
    expect(cf.slice(9, 11)).toBe('71');
    const parsed = parseFiscalCode(` ${cf.toLowerCase().slice(0, 8)} ${cf.toLowerCase().slice(8)} `, '2026-06-01');
    expect(parsed).toMatchObject({ ok: true, info: { birthDate: '1951-12-31', gender: 'F', code: cf } });
  });

  it('accepts omocodia: letters for digits, with the check character over the letters', () => {
    for (let k = 1; k <= 7; k++) {
      const cf = makeCf({ birth: '1985-07-09', omocodia: k });
      expect(/[LMNPQRSTUV]/.test(cf.slice(6, 15))).toBe(true);
      const parsed = parseFiscalCode(cf, '2026-01-01');
      expect(parsed, cf).toMatchObject({ ok: true, info: { birthDate: '1985-07-09', placeCode: 'H501', code: cf } });
    }
    expect(decodeOmocodia('RSSMRAULAMMHRMPX')).toBe('RSSMRA80A11H513X');
  });

  it('refuses a wrong check character, a bad format and a wrong length', () => {
    const cf = makeCf({ birth: '1980-01-01' });
    expect(parseFiscalCode(breakCheck(cf), '2026-01-01')).toMatchObject({ ok: false, reason: expect.stringContaining('controllo') });
    expect(parseFiscalCode('RSSMRA80A01H50', '2026-01-01')).toMatchObject({ ok: false, reason: expect.stringContaining('16') });
    expect(parseFiscalCode('RSSMRA80Z01H501U', '2026-01-01')).toMatchObject({ ok: false, reason: expect.stringContaining('formato') });
    expect(parseFiscalCode('1SSMRA80A01H501U', '2026-01-01').ok).toBe(false);
  });

  it('refuses impossible dates: 31 February, 30 February, 29 February of a common year, day 32', () => {
    for (const bad of ['RSSMRA80B31H501', 'RSSMRA80B30H501', 'RSSMRA81B29H501', 'RSSMRA80A32H501', 'RSSMRA80A00H501', 'RSSMRA80A72H501']) {
      const cf = bad + checkCharacter(bad);
      expect(parseFiscalCode(cf, '2026-01-01'), cf).toMatchObject({ ok: false, reason: expect.stringContaining('non esiste') });
    }
    // 29 February of a leap year exists.
    expect(parseFiscalCode(makeCf({ birth: '1984-02-29' }), '2026-01-01').ok).toBe(true);
  });

  it('places the century so that the birth is not after the service', () => {
    const young = makeCf({ birth: '2008-03-10' });
    expect(parseFiscalCode(young, '2026-01-01')).toMatchObject({ ok: true, info: { birthDate: '2008-03-10' } });
    // Born in '30: 1930, not 2030.
    expect(parseFiscalCode(makeCf({ birth: '1930-03-10' }), '2026-01-01')).toMatchObject({ ok: true, info: { birthDate: '1930-03-10' } });
  });

  it('derives the age band at the service date', () => {
    expect(ageAt('1980-05-17', '2026-05-16')).toBe(45);
    expect(ageAt('1980-05-17', '2026-05-17')).toBe(46);
    expect([13, 14, 17, 18, 29, 30, 54, 55, 74, 75, 99].map(ageBandOf)).toEqual([
      null,
      '14-17',
      '14-17',
      '18-29',
      '18-29',
      '30-54',
      '30-54',
      '55-74',
      '55-74',
      '75+',
      '75+',
    ]);
  });
});

describe.each(DIALECTS)('codice fiscale with the comuni table (%s)', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.cleanup());

  it('accepts a birthplace that is a known comune or a foreign country (Z + 3 digits)', async () => {
    expect(await checkFiscalCode(t.db, makeCf({ birth: '1980-01-01', place: 'G999' }), '2026-01-01', false)).toMatchObject({
      ok: true,
      ageBand: '30-54',
    });
    // Z404: United States; Z + 3 digits is enough, the country list changes.
    expect(await checkFiscalCode(t.db, makeCf({ birth: '1990-06-01', place: 'Z404' }), '2026-01-01', false)).toMatchObject({
      ok: true,
      info: { foreign: true, placeCode: 'Z404' },
    });
    // Omocodia in the birthplace digits: H501 written H5M1 is still Rome... only if the digits decode to a comune.
    const omo = makeCf({ birth: '1980-01-01', omocodia: 3 });
    expect(await checkFiscalCode(t.db, omo, '2026-01-01', false)).toMatchObject({ ok: true, info: { placeCode: 'H501' } });
  });

  it('refuses an unknown birthplace', async () => {
    // No comune has cadastral code A000.
    expect(await checkFiscalCode(t.db, makeCf({ birth: '1980-01-01', place: 'A000' }), '2026-01-01', false)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('A000'),
    });
  });

  it('refuses minors where the programme does not admit them, and children under 14 always', async () => {
    const teen = makeCf({ birth: '2010-01-10' });
    expect(await checkFiscalCode(t.db, teen, '2026-01-01', false)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('il cittadino ha meno di 18 anni e il programma non ammette minori'),
    });
    // A programme that admits minors only from a later date says from when.
    expect(await checkFiscalCode(t.db, teen, '2026-01-01', false, '2026-03-01')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ammette i minori (14–17 anni) solo dal 01/03/2026'),
    });
    expect(await checkFiscalCode(t.db, teen, '2026-01-01', true)).toMatchObject({ ok: true, ageBand: '14-17' });
    const child = makeCf({ birth: '2015-01-10' });
    expect(await checkFiscalCode(t.db, child, '2026-01-01', true)).toMatchObject({ ok: false, reason: expect.stringContaining('14') });
  });
});

describe('data keys', () => {
  const k1 = Buffer.alloc(32, 1).toString('base64');
  const k2 = Buffer.alloc(32, 2).toString('base64');

  it('encrypts with AES-256-GCM under a named key, and refuses tampered data', () => {
    const keys = new DataKeys(k1);
    const a = keys.encrypt('RSSMRA80A01H501U');
    const b = keys.encrypt('RSSMRA80A01H501U');
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^v1:${keys.currentId}:`));
    expect(a).not.toContain('RSSMRA');
    expect(keys.decrypt(a)).toBe('RSSMRA80A01H501U');
    const tampered = `${a.slice(0, -2)}${a.endsWith('A') ? 'B' : 'A'}${a.slice(-1)}`;
    expect(() => keys.decrypt(tampered)).toThrow();
    // Not only codici fiscali: a questionnaire's e-mail address may carry any UTF-8.
    expect(keys.decrypt(keys.encrypt('niccolò.città@esempio.it'))).toBe('niccolò.città@esempio.it');
    expect(keys.decrypt(keys.encrypt(''))).toBe('');
  });

  it('derives separate keys for encryption and hashing, and keeps older keys readable after a rotation', () => {
    const old = new DataKeys(k1);
    const rotated = new DataKeys(k2, [k1]);
    expect(rotated.currentId).not.toBe(old.currentId);
    const enc = old.encrypt('X');
    expect(rotated.decrypt(enc)).toBe('X');
    expect(new DataKeys(k2).canDecrypt(enc)).toBe(false);
    expect(old.hash('cf:X')).toHaveLength(43);
    expect(rotated.hashes('cf:X').map((h) => h.hash)).toEqual([new DataKeys(k2).hash('cf:X'), old.hash('cf:X')]);
    // The hash is keyed: not the plain SHA-256 of the value.
    expect(old.hash('cf:X')).not.toBe(new DataKeys(k2).hash('cf:X'));
  });
});
