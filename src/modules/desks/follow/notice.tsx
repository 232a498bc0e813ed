import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';

/** On an event's page: the desks open during its sessions, each with the link to book a slot. */
export function FollowingDesksNotice(props: { lang: Lang; desks: { id: string; name: string; page: string }[] }): VNode | null {
  if (props.desks.length === 0) return null;
  const l = props.lang;
  return (
    <>
      {props.desks.map((d) => (
        <section class="ponte-card mb-3" aria-labelledby={`desk-${d.id}`}>
          <h2 id={`desk-${d.id}`} class="h5">
            {t(l, 'desks.follow.event.title', { name: d.name })}
          </h2>
          <p class="mb-2">{t(l, 'desks.follow.event.text')}</p>
          <a href={d.page} class="btn btn-outline-primary">
            {t(l, 'desks.follow.event.book')}
          </a>
        </section>
      ))}
    </>
  );
}
