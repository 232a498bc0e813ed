import { type Lang, t } from '../../core/i18n.js';
import type { Crumb } from '../layout.js';

/**
 * The back office's breadcrumbs: "Back office", the organisation's page when there is one, then
 * the crumbs given, the last of them the page itself (no link).
 *
 *   crumbs={staffCrumbs(l, o, { href: `/admin/organisations/${o.id}/turni`, label: shifts }, { label: title })}
 */
export function staffCrumbs(l: Lang, organisation: { id: string; name: string } | null, ...more: Crumb[]): Crumb[] {
  const home: Crumb = { href: '/admin', label: t(l, 'nav.backoffice') };
  if (!organisation) return [home, ...more];
  return [home, { href: `/admin/organisations/${organisation.id}`, label: organisation.name }, ...more];
}
