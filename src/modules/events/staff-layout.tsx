import type { ComponentChildren, VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { TitledPage } from '../../web/components/titled-page.js';
import type { PageContext } from '../../web/layout.js';

/**
 * A back-office page about one event (its door, attendance, messages, survey results): the title
 * and heading "<page>: <event>", and the crumbs from the back office through the organisation and
 * its events to the event.
 */
export function EventStaffLayout(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  event: { id: string; title: string };
  /** The page's own name, last in the crumbs and first in the heading. */
  here: string;
  head: VNode;
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const ev = props.event;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={`${props.here}: ${ev.title}`}
      crumbs={staffCrumbs(
        l,
        o,
        { href: `/admin/organisations/${o.id}/events`, label: t(l, 'msg.events') },
        { href: `/admin/events/${ev.id}`, label: ev.title },
        { label: props.here },
      )}
      head={props.head}
    >
      {props.children}
    </TitledPage>
  );
}
