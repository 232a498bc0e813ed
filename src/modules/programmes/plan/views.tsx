import { DateTime } from 'luxon';
import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatDate, formatRome, ZONE } from '../../../core/time.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { AUDIENCES } from '../../events/service.js';
import type { Programme } from '../service.js';
import type { PlanItem } from './service.js';
import type { UsersTarget } from './users.js';
import { UsersTargets } from './users-views.js';

/** "febbraio 2027" from "2027-02". */
export function monthWords(month: string, l: Lang): string {
  return DateTime.fromISO(`${month}-01`, { zone: ZONE }).setLocale(l).toFormat('LLLL yyyy');
}

/** When a course is expected, while it has no date: the staff's words, the month, or "to be set". */
export function expectedWords(item: PlanItem, l: Lang): string {
  if (item.expected) return item.expected;
  if (item.expectedMonth) return t(l, 'programme.plan.from', { month: monthWords(item.expectedMonth, l) });
  return t(l, 'programme.plan.undated');
}

/** The items grouped by audience, in the events' order of audiences, each group in plan order. */
export function byAudience(items: PlanItem[]): { audience: PlanItem['audience']; items: PlanItem[] }[] {
  return AUDIENCES.map((audience) => ({ audience, items: items.filter((i) => i.audience === audience) })).filter((g) => g.items.length > 0);
}

function PlanEntry(props: { l: Lang; item: PlanItem }): VNode {
  const { l, item } = props;
  return (
    <li class="ponte-plan-item">
      <h4 class="h6 mb-1">{item.title}</h4>
      {item.description ? <p class="mb-1">{item.description}</p> : null}
      {item.events.length === 0 ? (
        <p class="mb-0">{expectedWords(item, l)}</p>
      ) : (
        <ul class="mb-0" aria-label={t(l, 'programme.plan.dates')}>
          {item.events.map((e) => (
            <li>
              <a href={e.page}>{formatRome(e.start, l)}</a>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The programme's public page: what it is, who runs it, and its plan of courses by audience. */
export function ProgrammePublicPage(props: { ctx: PageContext; programme: Programme; plan: PlanItem[]; users?: UsersTarget[] }): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const groups = byAudience(props.plan);
  return (
    <Layout ctx={props.ctx} title={p.name}>
      <h1>{p.name}</h1>
      <p>{t(l, 'programme.plan.organiser', { name: p.organisation.name })}</p>
      <p>{t(l, 'programme.plan.period', { start: formatDate(p.start, l), end: formatDate(p.end, l) })}</p>
      {p.description ? <p class="lead">{p.description}</p> : null}
      <UsersTargets l={l} targets={props.users ?? []} />
      <h2 class="h4 mt-4">{t(l, 'programme.plan.title')}</h2>
      {groups.length === 0 ? (
        <p>{t(l, 'programme.plan.none')}</p>
      ) : (
        <>
          <p>{t(l, 'programme.plan.lead')}</p>
          {groups.map((g) => (
            <section class="mb-4" aria-labelledby={`plan-${g.audience}`}>
              <h3 class="h5" id={`plan-${g.audience}`}>
                {t(l, `audience.${g.audience}`)}
              </h3>
              <ul class="list-unstyled ponte-plan">
                {g.items.map((item) => (
                  <PlanEntry l={l} item={item} />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </Layout>
  );
}
