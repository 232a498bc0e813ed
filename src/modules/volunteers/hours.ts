import type { Db } from '../../db/index.js';
import { getMember } from '../accounts/service.js';
import * as repo from './repo.js';

/**
 * Hours per volunteer: the shifts staff marked them present at, and their length. The CSV is
 * semicolon-separated with a BOM (as Excel in Italian opens it), cells quoted and defused against
 * formulas.
 */

export interface VolunteerHours {
  name: string;
  shifts: number;
  hours: number;
}

export async function hoursOfOrganisation(db: Db, organisationId: string): Promise<VolunteerHours[]> {
  const rows = await repo.attendedShifts(db, organisationId);
  const byUser = new Map<string, { shifts: number; ms: number }>();
  for (const r of rows) {
    const h = byUser.get(r.user_id) ?? { shifts: 0, ms: 0 };
    h.shifts += 1;
    h.ms += Date.parse(r.ends_at) - Date.parse(r.starts_at);
    byUser.set(r.user_id, h);
  }
  const out = await Promise.all(
    [...byUser].map(async ([userId, h]) => ({
      name: (await getMember(db, organisationId, userId).catch(() => null))?.name ?? '',
      shifts: h.shifts,
      hours: Math.round((h.ms / 3_600_000) * 100) / 100,
    })),
  );
  return out.sort((a, b) => a.name.localeCompare(b.name, 'it'));
}

const cell = (value: string | number) => {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
};

export function hoursCsv(rows: VolunteerHours[]): string {
  const lines = [['Volontario', 'Turni svolti', 'Ore'], ...rows.map((r) => [r.name, r.shifts, String(r.hours).replace('.', ',')])];
  return `\uFEFF${lines.map((l) => l.map(cell).join(';')).join('\r\n')}\r\n`;
}
