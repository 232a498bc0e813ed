import { describe, expect, it } from 'vitest';
import { sessionLabel } from '../../src/modules/events/catalogue/format.js';

/** How event pages say a session: one day when it starts and ends on the same day in Rome. */
describe('session labels in Rome time', () => {
  it('names one day for a session within a Rome day, two when it crosses Rome midnight', () => {
    expect(sessionLabel('2030-12-04T19:30:00.000Z', '2030-12-04T21:00:00.000Z', 'it')).toBe('mercoledì 4 dicembre 2030, 20:30–22:00');
    // The same UTC day, but 23:00 to 00:30 in Rome: two days.
    expect(sessionLabel('2030-12-04T22:00:00.000Z', '2030-12-04T23:30:00.000Z', 'it')).toBe(
      'mercoledì 4 dicembre 2030, 23:00 – giovedì 5 dicembre 2030, 00:30',
    );
    // Two UTC days, one Rome day (00:30 to 02:00 on the 5th).
    expect(sessionLabel('2030-12-04T23:30:00.000Z', '2030-12-05T01:00:00.000Z', 'en')).toBe('Thursday 5 December 2030, 00:30–02:00');
    // Summer time: UTC+2.
    expect(sessionLabel('2030-07-01T16:00:00.000Z', '2030-07-01T18:00:00.000Z', 'it')).toBe('lunedì 1 luglio 2030, 18:00–20:00');
  });
});
