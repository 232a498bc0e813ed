import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatDate } from '../../../core/time.js';
import type { UsersTarget } from './users.js';

// Always grouped ("18.000", not "18000"), as the programme's documents write its targets.
const formats = {
  it: new Intl.NumberFormat('it-IT', { useGrouping: 'always' } as unknown as Intl.NumberFormatOptions),
  en: new Intl.NumberFormat('en-GB', { useGrouping: 'always' } as unknown as Intl.NumberFormatOptions),
};
const number = (l: Lang, n: number) => formats[l].format(n);

function UsersTargetEntry(props: { l: Lang; target: UsersTarget; index: number }): VNode {
  const { l, target: x } = props;
  const id = `users-target-${props.index}`;
  const percent = Math.floor(x.progress * 100);
  return (
    <li class="mb-3" aria-labelledby={id}>
      <h3 class="h6 mb-1" id={id}>
        {x.label ?? t(l, `programme.metric.${x.metric}`)}
      </h3>
      <p class="mb-1">
        {t(l, 'programme.users.progress', {
          current: number(l, x.current),
          value: number(l, x.value),
          deadline: formatDate(x.deadline, l),
          percent,
        })}
      </p>
      <progress class="d-block w-100 mb-1" max={100} value={percent} aria-hidden="true" />
      <p class="mb-1">{t(l, 'programme.users.definition')}</p>
      <ul class="mb-1">
        {x.sources.map((s) => (
          <li>{t(l, `programme.users.source.${s.source}`, { n: number(l, s.count) })}</li>
        ))}
      </ul>
      <p class="form-text mb-0">
        {t(l, x.acrossSources ? 'programme.users.dedup.across' : 'programme.users.dedup.within', {
          day: formatDate(x.upTo, l),
        })}
      </p>
    </li>
  );
}

/** A programme's "users" targets with what each counts, on its public page and its plan's page. */
export function UsersTargets(props: { l: Lang; targets: UsersTarget[] }): VNode | null {
  const { l } = props;
  if (props.targets.length === 0) return null;
  return (
    <section class="mt-4" aria-labelledby="users-targets">
      <h2 class="h4" id="users-targets">
        {t(l, 'programme.users.title')}
      </h2>
      <ul class="list-unstyled">
        {props.targets.map((x, i) => (
          <UsersTargetEntry l={l} target={x} index={i} />
        ))}
      </ul>
    </section>
  );
}
