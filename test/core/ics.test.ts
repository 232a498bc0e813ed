import { describe, expect, it } from 'vitest';
import { buildCalendar, foldOctets } from '../../src/core/ics.js';
import { readCalendar } from '../ical.js';

const start = Date.UTC(2027, 2, 2, 9, 0);
const entry = (over: Record<string, unknown> = {}) => ({
  uid: 'prova-1@ponte',
  start,
  startInputType: 'utc' as const,
  startOutputType: 'utc' as const,
  end: start + 3_600_000,
  endInputType: 'utc' as const,
  endOutputType: 'utc' as const,
  title: 'Incontro',
  ...over,
});

describe('calendar files (core/ics)', () => {
  it('folds at 75 octets without splitting a character, and ical.js reads the text back whole', () => {
    const title = `${'àèìòù€'.repeat(9)} 👩🏽‍💻📱🔐 ${'ß'.repeat(40)}`;
    const ics = buildCalendar([entry({ title, description: `${'😀'.repeat(60)}\nseconda riga` })], { method: 'PUBLISH' });
    const lines = ics.split('\r\n');
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).not.toContain('\uFFFD');
    expect(readCalendar(ics).events[0].summary).toBe(title);
  });

  it('writes one PRODID even when an entry names its own, and refolds text folded elsewhere', () => {
    const ics = buildCalendar([entry({ productId: 'altro/prodotto' }), entry({ uid: 'prova-2@ponte', productId: 'ancora' })], {
      method: 'PUBLISH',
    });
    expect(ics.match(/^PRODID:/gm)).toHaveLength(1);
    expect(readCalendar(ics).prodids).toBe(1);
    // 8 octets of name, then two-octet letters: 33 fit in the first line (74), 37 after a space (75).
    expect(
      foldOctets(`SUMMARY:${'é'.repeat(80)}`)
        .split('\r\n')
        .map((l) => Buffer.byteLength(l)),
    ).toEqual([74, 75, 21]);
    expect(buildCalendar([], { method: 'PUBLISH' }).match(/^PRODID:/gm)).toHaveLength(1);
  });

  it('names the organiser with an address, even one whose name has double quotes', () => {
    const ics = buildCalendar(
      [
        entry({
          organizer: { name: 'Associazione "Il Ponte"', email: 'info@ilponte.example' },
          status: 'CANCELLED',
          sequence: 3,
          attendees: [{ name: 'Anna "Nina" Rossi', email: 'anna@example.org', rsvp: false }],
        }),
      ],
      { method: 'CANCEL' },
    );
    const cal = readCalendar(ics);
    expect(cal.method).toBe('CANCEL');
    expect(cal.events[0]).toMatchObject({
      status: 'CANCELLED',
      sequence: 3,
      organizer: { address: 'mailto:info@ilponte.example', cn: 'Associazione “Il Ponte”' },
      attendees: ['mailto:anna@example.org'],
    });
  });
});
