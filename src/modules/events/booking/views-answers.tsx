import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { Section } from '../../../web/components/section.js';
import type { BookingDetails } from './questions-repo.js';

/** What the person answered when booking, and the child's and guardian's names: shown back to them only on their own page. */
export function OwnAnswers(props: { l: Lang; details: BookingDetails }): VNode {
  const { l, details } = props;
  const value = (a: BookingDetails['answers'][number]) =>
    a.kind === 'yes-no' ? t(l, a.value === 'yes' ? 'book.answer.yes' : 'book.answer.no') : a.value;
  return (
    <Section id="own-answers-title" heading={t(l, 'manage.answers')} class="mt-4">
      <dl class="ponte-details">
        {details.child ? (
          <>
            <dt>{t(l, 'manage.answers.child')}</dt>
            <dd>
              {details.child.name}
              {details.child.age !== null ? t(l, 'reg.child.age', { age: details.child.age }) : ''}
            </dd>
            {details.child.guardianName ? (
              <>
                <dt>{t(l, 'manage.answers.guardian')}</dt>
                <dd>{details.child.guardianName}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {details.answers.map((a) => (
          <>
            <dt>{a.label}</dt>
            <dd>{value(a)}</dd>
          </>
        ))}
      </dl>
    </Section>
  );
}
