import { describe, expect, it } from 'vitest';
import { fitsGsm7, SMS_WHEN_LENGTH, SmsTemplateError, smsLength, smsTemplate, smsWhen, splitSms, toGsm7 } from '../../src/core/sms-text.js';

describe('SMS length', () => {
  it('counts a GSM-7 text in 160 places, its extension characters twice', () => {
    expect(smsLength('Prenotazione confermata: giovedì alle 10, Biblioteca. Codice K7P2QX')).toEqual({
      encoding: 'GSM-7',
      units: 67,
      segments: 1,
    });
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsLength('a'.repeat(161)).segments).toBe(2);
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('takes UCS-2 for any character outside GSM-7: 70 places, then 67 per part', () => {
    expect(fitsGsm7('Caffè, perché? €10 [sala 2] ~ ^ | {}')).toBe(true);
    expect(fitsGsm7('È aperto')).toBe(false);
    expect(smsLength('È aperto')).toEqual({ encoding: 'UCS-2', units: 8, segments: 1 });
    expect(smsLength(`È${'a'.repeat(69)}`).segments).toBe(1);
    expect(smsLength(`È${'a'.repeat(70)}`).segments).toBe(2);
    expect(smsLength(`È${'a'.repeat(133)}`).segments).toBe(2);
    expect(smsLength(`È${'a'.repeat(134)}`).segments).toBe(3);
  });

  it('never splits an extension character or an emoji between two parts', () => {
    const gsm = splitSms(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(gsm.parts.map((p) => p.length)).toEqual([152, 11]);
    const ucs = splitSms(`${'a'.repeat(66)}😀${'b'.repeat(10)}`);
    expect(ucs.encoding).toBe('UCS-2');
    expect(ucs.parts[0]).toBe('a'.repeat(66));
    expect(ucs.parts[1].startsWith('😀')).toBe(true);
    expect(ucs.parts.join('')).toBe(`${'a'.repeat(66)}😀${'b'.repeat(10)}`);
  });

  it('spells typographic characters and capitals with accents in GSM-7', () => {
    expect(toGsm7('È l’evento “Spid” – sabato…')).toBe('E\' l\'evento "Spid" - sabato...');
    expect(toGsm7('Łukasz Müller, José Núñez')).toBe('Łukasz Müller, José Nuñez');
    expect(fitsGsm7(toGsm7('Più è già così, perché'))).toBe(true);
  });
});

describe('dates in an SMS', () => {
  it('says a Rome date and time briefly, within the length to declare for it', () => {
    expect(smsWhen('2026-03-12T09:00:00Z', 'it')).toBe('gio 12 mar ore 10:00');
    expect(smsWhen('2026-07-01T16:30:00Z', 'it')).toBe('mer 1 lug ore 18:30');
    expect(smsWhen('2026-03-12T09:00:00Z', 'en')).toBe('Thu 12 Mar, 10:00');
    for (let day = 0; day < 366; day += 1) {
      const iso = new Date(Date.UTC(2026, 0, 1, 22, 45) + day * 86_400_000).toISOString();
      for (const lang of ['it', 'en'] as const) {
        const when = smsWhen(iso, lang);
        expect(fitsGsm7(when)).toBe(true);
        expect(when.length).toBeLessThanOrEqual(SMS_WHEN_LENGTH);
      }
    }
  });
});

describe('SMS templates', () => {
  const confirmed = smsTemplate(
    'test.confirmed',
    {
      it: 'Ponte: prenotato {title}, {when}. Per disdire o cambiare: codice {code} su ponte.comune.it/gestisci',
      en: 'Ponte: booked {title}, {when}. To cancel or change: code {code} at ponte.comune.it/gestisci',
    },
    { title: 40, when: 16, code: 8 },
  );

  it('knows the longest message each language can give, within one SMS', () => {
    expect(confirmed.longest.it).toBeLessThanOrEqual(160);
    expect(confirmed.longest.en).toBeLessThanOrEqual(160);
  });

  it('renders in GSM-7 within one SMS whatever the values', () => {
    const text = confirmed.render('it', {
      title: 'È facile: “SPID e CIE” per chi non ha mai usato un computer né uno smartphone',
      when: 'gio 12 mar 10:00',
      code: 'K7P2QX',
    });
    expect(text).toBe(
      'Ponte: prenotato E\' facile: "SPID e CIE" per chi non ha, gio 12 mar 10:00. Per disdire o cambiare: codice K7P2QX su ponte.comune.it/gestisci',
    );
    expect(smsLength(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    const worst = confirmed.render('en', { title: '€'.repeat(100), when: '漢'.repeat(30), code: '\n\n'.repeat(9) });
    expect(smsLength(worst)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(worst).toContain(`booked ${'€'.repeat(20)}, ${'?'.repeat(16)}.`);
  });

  it('is refused when its longest rendering would take more than one SMS', () => {
    expect(() =>
      smsTemplate(
        'test.long',
        { it: 'Ponte: {title} il {when}, codice {code}', en: 'Ponte: {title} on {when}, code {code}' },
        {
          title: 120,
          when: 20,
          code: 10,
        },
      ),
    ).toThrow(
      new SmsTemplateError(
        'SMS template "test.long" (it) can take 170 characters, more than one SMS (160): shorten the text or its fields\' limits',
      ),
    );
  });

  it('is refused with a field it does not declare, or a character outside GSM-7', () => {
    expect(() => smsTemplate('test.field', { it: 'Ciao {name}', en: 'Hi {nome}' }, { name: 20 })).toThrow(/\(en\) uses \{nome\}/);
    expect(() => smsTemplate('test.chars', { it: 'È confermato {code}', en: 'Confirmed {code}' }, { code: 8 })).toThrow(
      /\(it\) has characters outside GSM-7/,
    );
  });
});
