import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { easterMonday, easterSunday, holidayName, holidaysOf, isHoliday } from '../../src/modules/desks/holidays.js';
import {
  checkSlot,
  localInstant,
  planDay,
  romeIso,
  type Schedule,
  slotLabel,
  slotsOfDay,
  unitCapacities,
  unitsOf,
  type WeeklyPeriod,
} from '../../src/modules/desks/slots.js';

const everyDay = (start: string, end: string, operators = 1): WeeklyPeriod[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end, operators }));

const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  weekly: everyDay('09:00', '12:30'),
  exceptions: [],
  shifts: [],
  patronDay: null,
  ...over,
});

/** Opens on holidays too (an extra opening per holiday), so the clock tests see every date. */
const evenOnHolidays = (dates: string[], start: string, end: string): Schedule['exceptions'] =>
  dates.filter((d) => isHoliday(d)).map((d) => ({ kind: 'open', from: d, to: d, start, end, operators: 1 }));

const starts = (date: string, s: Schedule, duration: number) => slotsOfDay(planDay(date, s), duration).map((x) => romeIso(x.start));
const wall = (date: string, s: Schedule, duration: number) =>
  slotsOfDay(planDay(date, s), duration).map((x) => `${romeIso(x.start).slice(11, 16)}-${romeIso(x.end).slice(11, 16)}`);

describe('Italian holidays', () => {
  it('computes Easter Sunday and Monday with the anonymous Gregorian algorithm', () => {
    const known: Record<number, string> = {
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2028: '2028-04-16',
      2030: '2030-04-21',
      2038: '2038-04-25',
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year)), year).toBe(date);
    expect(easterMonday(2025)).toBe('2025-04-21');
    expect(easterMonday(2026)).toBe('2026-04-06');
    expect(easterMonday(2027)).toBe('2027-03-29');
    expect(easterMonday(2030)).toBe('2030-04-22');
    // Easter Monday falling on Liberation Day.
    expect(easterMonday(2011)).toBe('2011-04-25');
  });

  it('names the national holidays, Easter Monday and the patron saint', () => {
    expect(holidayName('2026-04-25')).toBe('Festa della Liberazione');
    expect(holidayName('2027-04-25')).toBe('Festa della Liberazione');
    expect(holidayName('2026-04-06')).toMatch(/Pasquetta/);
    expect(holidayName('2026-06-02')).toBe('Festa della Repubblica');
    for (const d of ['01-01', '01-06', '05-01', '08-15', '11-01', '12-08', '12-25', '12-26']) expect(isHoliday(`2026-${d}`), d).toBe(true);
    expect(isHoliday('2026-04-07')).toBe(false);
    expect(isHoliday('2026-06-24')).toBe(false);
    expect(holidayName('2026-06-24', '06-24')).toBe('Santo patrono');
    expect(holidayName('2026-06-10', '06-10')).toBe('Santo patrono');
    // A patron's day that is already a national holiday is listed once.
    expect(holidaysOf(2026, '12-26').filter((h) => h.date === '2026-12-26')).toHaveLength(1);
  });

  it('closes desks on 25 April and on Easter Monday of several years, and on the patron saint day', () => {
    for (const date of ['2025-04-25', '2026-04-25', '2027-04-25', '2030-04-25', '2025-04-21', '2026-04-06', '2027-03-29', '2030-04-22']) {
      const s = schedule();
      expect(starts(date, s, 30), date).toEqual([]);
      const refused = checkSlot(localInstant(date, '09:00'), 30, s, 0);
      expect(refused, date).toEqual({ ok: false, reason: 'holiday', holiday: holidayName(date) });
    }
    // The Tuesday after Easter is an ordinary day.
    expect(starts('2026-04-07', schedule(), 30)).toHaveLength(7);
    expect(starts('2026-06-10', schedule({ patronDay: '06-10' }), 30)).toEqual([]);
    expect(starts('2026-06-10', schedule(), 30)).toHaveLength(7);
  });
});

describe('slots across daylight-saving changes', () => {
  // Last Sunday of March (clocks go forward) and of October (back), in several years.
  const springs = ['2025-03-30', '2026-03-29', '2027-03-28', '2030-03-31'];
  const autumns = ['2025-10-26', '2026-10-25', '2027-10-31', '2030-10-27'];

  it('lays the same wall-clock slots on the change days as on the days around them, with the right offset', () => {
    for (const date of [...springs, ...autumns]) {
      const before = DateTime.fromISO(date).minus({ days: 1 }).toISODate()!;
      const after = DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;
      // Easter Sunday 2027 is the spring change day itself.
      const s = schedule({ weekly: [], exceptions: evenOnHolidays([before, date, after], '09:00', '12:30') });
      s.weekly = everyDay('09:00', '12:30', 1);
      const expected = ['09:00-09:30', '09:30-10:00', '10:00-10:30', '10:30-11:00', '11:00-11:30', '11:30-12:00', '12:00-12:30'];
      for (const d of [before, date, after]) expect(wall(d, s, 30), d).toEqual(expected);
      const spring = springs.includes(date);
      expect(starts(before, s, 30)[0]).toBe(`${before}T09:00:00${spring ? '+01:00' : '+02:00'}`);
      expect(starts(date, s, 30)[0]).toBe(`${date}T09:00:00${spring ? '+02:00' : '+01:00'}`);
      // Every slot lasts exactly its duration in real time.
      for (const slot of slotsOfDay(planDay(date, s), 30)) expect(slot.end - slot.start).toBe(30 * 60_000);
    }
  });

  it('loses no slot and doubles none when a period spans the change itself', () => {
    // 01:00–04:00 wall clock: 2 real hours on the spring day, 4 on the autumn day.
    const night = schedule({
      weekly: everyDay('01:00', '04:00', 1),
      exceptions: evenOnHolidays([...springs, ...autumns], '01:00', '04:00'),
    });
    for (const date of springs) {
      expect(wall(date, night, 30), date).toEqual(['01:00-01:30', '01:30-03:00', '03:00-03:30', '03:30-04:00']);
      const s = slotsOfDay(planDay(date, night), 30);
      expect(new Set(s.map((x) => x.start)).size).toBe(4);
      for (let i = 1; i < s.length; i++) expect(s[i].start).toBe(s[i - 1].end);
    }
    for (const date of autumns) {
      const s = slotsOfDay(planDay(date, night), 30);
      expect(s).toHaveLength(8);
      expect(new Set(s.map((x) => x.start)).size).toBe(8);
      for (let i = 1; i < s.length; i++) expect(s[i].start).toBe(s[i - 1].end);
      const isos = s.map((x) => romeIso(x.start));
      expect(isos).toContain(`${date}T02:00:00+02:00`);
      expect(isos).toContain(`${date}T02:00:00+01:00`);
    }
  });

  it('reads slot labels in Italian with the full date', () => {
    expect(slotLabel(Date.parse('2026-12-01T08:30:00Z'), Date.parse('2026-12-01T09:00:00Z'))).toBe('martedì 1 dicembre, 9:30–10:00');
    expect(slotLabel(Date.parse('2026-03-29T07:00:00Z'), Date.parse('2026-03-29T07:30:00Z'))).toBe('domenica 29 marzo, 9:00–9:30');
  });

  it('property: on any date of 2024–2031, slots tile each period exactly, in order, each of its duration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 * 366 }),
        fc.constantFrom(5, 10, 15, 20, 30, 45, 60),
        fc.integer({ min: 0, max: 22 }),
        fc.integer({ min: 1, max: 12 }),
        (dayOffset, duration, startHour, hours) => {
          const date = DateTime.fromISO('2024-01-01').plus({ days: dayOffset }).toISODate()!;
          const end = Math.min(23, startHour + hours);
          if (end <= startHour) return;
          const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
          const s = schedule({ weekly: everyDay(hh(startHour), hh(end), 2) });
          const plan = planDay(date, s);
          const slots = slotsOfDay(plan, duration);
          if (plan.holiday) {
            expect(slots).toEqual([]);
            return;
          }
          const [p] = plan.periods;
          expect(slots.length).toBe(Math.floor((p.end - p.start) / (duration * 60_000)));
          slots.forEach((x, i) => {
            expect(x.end - x.start).toBe(duration * 60_000);
            expect(x.start).toBe(p.start + i * duration * 60_000);
            expect(x.capacity).toBe(2);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('exceptions', () => {
  it('closes whole days, opens extra periods (even on holidays) and blocks hours', () => {
    const s = schedule({
      exceptions: [
        { kind: 'closed', from: '2026-12-14', to: '2026-12-16', start: null, end: null, operators: null },
        { kind: 'open', from: '2026-12-08', to: '2026-12-08', start: '15:00', end: '16:00', operators: 2 },
        { kind: 'blocked', from: '2026-12-17', to: '2026-12-17', start: '10:00', end: '11:00', operators: null },
      ],
    });
    for (const d of ['2026-12-14', '2026-12-15', '2026-12-16']) expect(starts(d, s, 30), d).toEqual([]);
    expect(checkSlot(localInstant('2026-12-15', '09:00'), 30, s, 0)).toEqual({ ok: false, reason: 'closed' });
    // 8 December is a holiday: the weekly hours do not apply, the extra opening does.
    expect(wall('2026-12-08', s, 30)).toEqual(['15:00-15:30', '15:30-16:00']);
    expect(slotsOfDay(planDay('2026-12-08', s), 30).every((x) => x.capacity === 2)).toBe(true);
    // The blocked hour: slots overlapping it have no capacity and are refused.
    const blockedDay = slotsOfDay(planDay('2026-12-17', s), 30);
    expect(blockedDay.filter((x) => x.capacity > 0).map((x) => romeIso(x.start).slice(11, 16))).toEqual([
      '09:00',
      '09:30',
      '11:00',
      '11:30',
      '12:00',
    ]);
    expect(checkSlot(localInstant('2026-12-17', '10:30'), 30, s, 0)).toEqual({ ok: false, reason: 'blocked' });
    expect(starts('2026-12-18', s, 30)).toHaveLength(7);
  });

  it('refuses instants outside hours, not aligned, or in the past, and accepts a real slot', () => {
    const s = schedule();
    const now = localInstant('2026-12-01', '10:00');
    expect(checkSlot(localInstant('2026-12-02', '08:30'), 30, s, now)).toEqual({ ok: false, reason: 'outside-hours' });
    expect(checkSlot(localInstant('2026-12-02', '12:15'), 30, s, now)).toEqual({ ok: false, reason: 'not-aligned' });
    expect(checkSlot(localInstant('2026-12-02', '12:30'), 30, s, now)).toEqual({ ok: false, reason: 'outside-hours' });
    expect(checkSlot(localInstant('2026-12-02', '09:10'), 30, s, now)).toEqual({ ok: false, reason: 'not-aligned' });
    expect(checkSlot(localInstant('2026-12-01', '09:30'), 30, s, now)).toEqual({ ok: false, reason: 'past' });
    const ok = checkSlot(localInstant('2026-12-02', '12:00'), 30, s, now);
    expect(ok.ok).toBe(true);
  });
});

describe('operators', () => {
  it('counts the operators on duty: one leaving mid-day reduces capacity from that time, across a slot', () => {
    const s = schedule({
      weekly: everyDay('09:00', '12:30', 1),
      shifts: [
        { key: 'anna', weekday: 2, date: null, start: '09:00', end: '12:30', absent: false },
        { key: 'bruno', weekday: 2, date: null, start: '09:00', end: '11:00', absent: false },
        { key: 'carla', weekday: 2, date: null, start: '10:00', end: '12:30', absent: false },
      ],
    });
    // Tuesday 1 December 2026.
    const caps = (duration: number) =>
      slotsOfDay(planDay('2026-12-01', s), duration).map((x) => `${romeIso(x.start).slice(11, 16)}:${x.capacity}`);
    expect(caps(30)).toEqual(['09:00:2', '09:30:2', '10:00:3', '10:30:3', '11:00:2', '11:30:2', '12:00:2']);
    // A 45-minute slot 10:30–11:15 spans Bruno's leaving: the fewest on duty over the span count.
    expect(caps(45)).toEqual(['09:00:2', '09:45:2', '10:30:2', '11:15:2']);
    // Unit by unit, as the database counts them.
    const plan = planDay('2026-12-01', s);
    const slot = slotsOfDay(plan, 45).find((x) => romeIso(x.start).endsWith('10:30:00+01:00'))!;
    expect(unitCapacities(plan, slot).map((u) => u.capacity)).toEqual([3, 3, 3, 3, 3, 3, 2, 2, 2]);
    // Wednesday has no shifts: the period's own number applies.
    expect(slotsOfDay(planDay('2026-12-02', s), 30).every((x) => x.capacity === 1)).toBe(true);
  });

  it('lets a one-day shift replace the weekly one, and an absence take the operator away', () => {
    const base = {
      weekly: everyDay('09:00', '12:30', 1),
      shifts: [
        { key: 'anna', weekday: 2, date: null, start: '09:00', end: '12:30', absent: false },
        { key: 'bruno', weekday: 2, date: null, start: '09:00', end: '12:30', absent: false },
      ],
    };
    const leaves = schedule({
      ...base,
      shifts: [...base.shifts, { key: 'bruno', weekday: null, date: '2026-12-01', start: '09:00', end: '10:30', absent: false }],
    });
    expect(slotsOfDay(planDay('2026-12-01', leaves), 30).map((x) => x.capacity)).toEqual([2, 2, 2, 1, 1, 1, 1]);
    // On the following Tuesdays (8 December is a holiday) Bruno stays all morning again.
    expect(slotsOfDay(planDay('2026-12-15', leaves), 30).map((x) => x.capacity)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    const absent = schedule({
      ...base,
      shifts: [...base.shifts, { key: 'anna', weekday: null, date: '2026-12-01', start: '00:00', end: '00:00', absent: true }],
    });
    expect(slotsOfDay(planDay('2026-12-01', absent), 30).map((x) => x.capacity)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    const nobody = schedule({
      ...base,
      shifts: [
        ...base.shifts,
        { key: 'anna', weekday: null, date: '2026-12-01', start: '00:00', end: '00:00', absent: true },
        { key: 'bruno', weekday: null, date: '2026-12-01', start: '00:00', end: '00:00', absent: true },
      ],
    });
    expect(slotsOfDay(planDay('2026-12-01', nobody), 30).map((x) => x.capacity)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(checkSlot(localInstant('2026-12-01', '09:00'), 30, nobody, 0)).toEqual({ ok: false, reason: 'no-operators' });
  });

  it('splits a slot into the 5-minute units the database counts', () => {
    const start = Date.parse('2026-12-01T08:00:00Z');
    expect(unitsOf(start, start + 30 * 60_000)).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-01T08:05:00.000Z',
      '2026-12-01T08:10:00.000Z',
      '2026-12-01T08:15:00.000Z',
      '2026-12-01T08:20:00.000Z',
      '2026-12-01T08:25:00.000Z',
    ]);
  });
});
