import fc from 'fast-check';
import type { EventAttributes } from 'ics';
import { describe, expect, it } from 'vitest';
import { buildCalendar, buildCalendarWithPackage, type CalendarOptions } from '../../src/core/ics.js';
import { readCalendar } from '../ical.js';

/**
 * core/ics.ts writes the entries Ponte makes itself instead of through the `ics` package: the text
 * must be the package's, byte for byte (after the same folding), for every value those entries can
 * hold, and entries it does not take still go through the package.
 */

const PIECES = [
  'Incontro',
  ' ',
  'SPID',
  ',',
  ';',
  '\\',
  '\n',
  '\r\n',
  '"',
  ':',
  'MAILTO:',
  'àèìòù',
  '€',
  '😀',
  '👩🏽‍💻',
  'ß',
  '\t',
  'x'.repeat(40),
];

/** Text made of the pieces that matter to a calendar file: escapes, line breaks, quotes, multi-octet letters, long runs. */
const text = (max: number) => fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((p) => p.join(''));

const START = Date.UTC(2026, 0, 1);

/** An entry as the modules make them, each optional field present, absent or undefined. */
const entry = fc
  .record(
    {
      uid: fc.string({ maxLength: 20 }),
      title: text(8),
      start: fc.integer({ min: 0, max: 400 }).map((h) => START + h * 3_600_000),
      startInputType: fc.constant('utc'),
      startOutputType: fc.constant('utc'),
      end: fc.integer({ min: 401, max: 800 }).map((h) => START + h * 3_600_000),
      endInputType: fc.constant('utc'),
      endOutputType: fc.constant('utc'),
      timestamp: fc.constant(Date.UTC(2026, 11, 7, 5, 0, 1)),
      description: fc.option(text(30), { nil: undefined }),
      url: fc.option(fc.constant('http://ponte.test/eventi/1'), { nil: undefined }),
      location: fc.option(text(10), { nil: undefined }),
      geo: fc.option(fc.constant({ lat: 43.8916, lon: 11.0797 }), { nil: undefined }),
      status: fc.option(fc.constantFrom('CONFIRMED', 'TENTATIVE', 'CANCELLED'), { nil: undefined }),
      sequence: fc.option(fc.nat(5), { nil: undefined }),
      organizer: fc.option(fc.record({ name: text(4), email: fc.constant('info@comune.example.it') }), { nil: undefined }),
      attendees: fc.option(
        fc.array(
          fc.record({
            name: fc.option(text(4), { nil: undefined }),
            email: fc.constant('anna@example.org'),
            rsvp: fc.boolean(),
            role: fc.constant('REQ-PARTICIPANT'),
          }),
          { maxLength: 2 },
        ),
        { nil: undefined },
      ),
      lastModified: fc.option(fc.constant(Date.UTC(2026, 10, 30, 12)), { nil: undefined }),
    },
    // The stamp is always given: without one each writer reads the clock, and two readings can fall
    // in different seconds. The stamp taken at writing is checked on its own below.
    { requiredKeys: ['uid', 'title', 'start', 'startInputType', 'startOutputType', 'timestamp'] },
  )
  .map((e) => e as unknown as EventAttributes);

describe('calendar writer (core/ics)', () => {
  it("writes the package's text, byte for byte, for random entries", () => {
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<CalendarOptions['method']>('PUBLISH', 'CANCEL'),
        fc.option(text(6), { nil: undefined }),
        (events, method, name) => {
          const opts: CalendarOptions = { method, ...(name === undefined ? {} : { name }) };
          expect(buildCalendar(events, opts)).toBe(buildCalendarWithPackage(events, opts));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes files that ical.js and Python read, and leaves other entries to the package', () => {
    const events = fc.sample(entry, { numRuns: 2, seed: 7 });
    const ics = buildCalendar(events, { method: 'PUBLISH', name: 'Eventi, incontri; corsi' });
    expect(readCalendar(ics).events).toHaveLength(2);
    // CATEGORIES is not written by core/ics: the package writes it, as before.
    const other = { ...(events[0] as object), categories: ['corsi', 'spid'] } as EventAttributes;
    expect(buildCalendar([other], { method: 'PUBLISH' })).toContain('CATEGORIES:corsi,spid');
    // The stamp is the time of writing when the entry gives none.
    const { timestamp: _t, ...unstamped } = events[0] as { timestamp?: number };
    const stamp = /DTSTAMP:(\d{8}T\d{6}Z)/.exec(buildCalendar([unstamped as EventAttributes], { method: 'PUBLISH' }))?.[1] ?? '';
    const written = Date.parse(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
    );
    expect(Math.abs(written - Date.now())).toBeLessThan(60_000);
  });
});
