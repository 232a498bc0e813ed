import { describe, expect, it } from 'vitest';
import { t } from '../../src/core/i18n.js';
import { formatMobile, MobilePhone, mobileE164, mobileFieldError, parseMobile } from '../../src/core/phone.js';
import { parse } from '../../src/core/validation.js';

describe('mobile numbers', () => {
  it.each([
    ['+39 333 123 4567', '+393331234567'],
    ['3331234567', '+393331234567'],
    ['333 1234567', '+393331234567'],
    ['0039 333 1234567', '+393331234567'],
    ['+39 (333) 123-4567', '+393331234567'],
    ['320.123.4567', '+393201234567'],
    ['+44 7911 123456', '+447911123456'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+49 1512 3456789', '+4915123456789'],
  ])('reads %s as %s', (written, e164) => {
    expect(parseMobile(written)).toEqual({ ok: true, e164 });
    expect(mobileE164(written)).toBe(e164);
  });

  it.each(['030 1234567', '+39 02 1234 5678', '800 123456', '+39 899 123456', '+44 20 7946 0958'])(
    'refuses %s, a number that cannot receive SMS, with its own message',
    (written) => {
      expect(parseMobile(written)).toEqual({ ok: false, key: 'phone.not-mobile' });
    },
  );

  it.each(['', '12', '333 12', 'chiamare 3331234567', '3331234567 ore pasti', '+39 333 123 4567 8901 234', 'abc'])(
    'refuses %j as no number at all',
    (written) => {
      expect(parseMobile(written)).toEqual({ ok: false, key: 'phone.invalid' });
      expect(mobileE164(written)).toBeNull();
    },
  );

  it('explains a refusal in Italian and in English, on the field that holds it', () => {
    const error = mobileFieldError('phone', '030 1234567');
    expect(error).toMatchObject({ field: 'phone', key: 'phone.not-mobile' });
    expect(error?.message).toContain('indica un cellulare');
    expect(t('en', 'phone.not-mobile')).toContain('give a mobile number');
    expect(mobileFieldError('phone', '12')?.message).toContain('numero di cellulare non valido');
    expect(t('en', 'phone.invalid')).toContain('invalid mobile number');
    expect(mobileFieldError('phone', '333 123 4567')).toBeNull();
  });

  it('gives a schema field the E.164 form, or a 400 naming the field in the request words', () => {
    expect(parse(MobilePhone, ' 333 123 4567 ')).toBe('+393331234567');
    try {
      parse(MobilePhone, '0301234567');
      expect.unreachable();
    } catch (err) {
      const problem = err as { status: number; errors: { message: string; key?: string }[] };
      expect(problem.status).toBe(400);
      expect(problem.errors[0]).toMatchObject({ key: 'phone.not-mobile' });
    }
  });

  it('shows a stored number the way people read it', () => {
    expect(formatMobile('+393331234567')).toBe('+39 333 123 4567');
  });
});
