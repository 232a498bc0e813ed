import { type Lang, t } from '../../../core/i18n.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import type { Crumb } from '../../../web/layout.js';
import type { DeskView } from '../service.js';

export const STYLES = <link rel="stylesheet" href="/sportelli/stile.css" />;

export const time = (iso: string) => iso.slice(11, 16).replace(/^0/, '');

export function municipalityText(d: DeskView): string {
  const m = d.venue.municipality;
  return m ? `${m.name} (${m.provinceCode})` : '';
}

/** The crumbs of a desk's back-office page: the back office, the organisation, its desks, then `rest`. */
export const adminCrumbs = (l: Lang, org: { id: string; name: string }, rest: Crumb[]): Crumb[] =>
  staffCrumbs(l, org, { href: `/admin/organisations/${org.id}/desks`, label: t(l, 'desks.admin.desks') }, ...rest);

export type FormValues = Record<string, string | string[] | undefined>;
export const val = (v: FormValues | undefined, k: string): string => {
  const x = v?.[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};
export const vals = (v: FormValues | undefined, k: string): string[] => {
  const x = v?.[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

export const weekdayOptions = (l: Lang) => [1, 2, 3, 4, 5, 6, 7].map((w) => ({ value: String(w), label: t(l, `desks.weekday${w}`) }));
