/**
 * Italian public holidays, on which desks are closed without anyone having to say so: the fixed
 * national holidays, Easter Sunday and Easter Monday (computed for each year), and the local
 * patron saint's day configured on the desk.
 */

/** Fixed national holidays by 'MM-DD', with the first year they apply. */
const FIXED: { day: string; name: string; since?: number }[] = [
  { day: '01-01', name: 'Capodanno' },
  { day: '01-06', name: 'Epifania' },
  { day: '04-25', name: 'Festa della Liberazione' },
  { day: '05-01', name: 'Festa del lavoro' },
  { day: '06-02', name: 'Festa della Repubblica' },
  { day: '08-15', name: 'Ferragosto' },
  // San Francesco d'Assisi, patron of Italy: a national holiday again from 2026.
  { day: '10-04', name: "San Francesco d'Assisi", since: 2026 },
  { day: '11-01', name: 'Ognissanti' },
  { day: '12-08', name: 'Immacolata Concezione' },
  { day: '12-25', name: 'Natale' },
  { day: '12-26', name: 'Santo Stefano' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** Easter Sunday of a Gregorian year ('YYYY-MM-DD'), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Easter Monday ('YYYY-MM-DD'): the day after Easter Sunday. */
export function easterMonday(year: number): string {
  const sunday = new Date(`${easterSunday(year)}T00:00:00Z`);
  sunday.setUTCDate(sunday.getUTCDate() + 1);
  return sunday.toISOString().slice(0, 10);
}

export interface Holiday {
  date: string;
  name: string;
}

/** Every holiday of a year, in date order; the patron's day ('MM-DD') is added when given. */
export function holidaysOf(year: number, patronDay?: string | null): Holiday[] {
  const list: Holiday[] = FIXED.filter((f) => !f.since || year >= f.since).map((f) => ({ date: `${year}-${f.day}`, name: f.name }));
  list.push({ date: easterSunday(year), name: 'Pasqua' }, { date: easterMonday(year), name: "Lunedì dell'Angelo (Pasquetta)" });
  if (patronDay && /^\d{2}-\d{2}$/.test(patronDay) && !list.some((h) => h.date.endsWith(patronDay))) {
    list.push({ date: `${year}-${patronDay}`, name: 'Santo patrono' });
  }
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

const cache = new Map<string, Map<string, string>>();

/** The holiday's name when the date ('YYYY-MM-DD') is a holiday for a desk with that patron's day, else null. */
export function holidayName(date: string, patronDay?: string | null): string | null {
  const year = Number(date.slice(0, 4));
  const key = `${year}|${patronDay ?? ''}`;
  let byDate = cache.get(key);
  if (!byDate) {
    byDate = new Map(holidaysOf(year, patronDay).map((h) => [h.date, h.name]));
    if (cache.size > 200) cache.clear();
    cache.set(key, byDate);
  }
  return byDate.get(date) ?? null;
}

export function isHoliday(date: string, patronDay?: string | null): boolean {
  return holidayName(date, patronDay) !== null;
}
