import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { ButtonForm } from './form-section.js';
import { Section } from './section.js';

/** One phone-only person to call: the callback's id and reason, their name and number, and what follows the reason. */
export interface ToCallRow {
  id: string;
  reason: string;
  name: string | null;
  phone: string | null;
  /** Drawn after the reason (e.g. " · 10:30 · the booking's code"). */
  more?: ComponentChildren;
}

/**
 * The phone-only people of one event or desk to call (promoted, moved, cancelled), each ticked off
 * once called (coming back to `back`), and the link to all of the organisation's; nothing when
 * there is no one to call.
 *
 *   <ToCallSection l={l} csrf={ctx.csrf} back={here} orgId={o.id} rows={rows.map((c) => ({ ... }))} />
 */
export function ToCallSection(props: {
  l: Lang;
  csrf?: string;
  back: string;
  orgId: string;
  class?: string;
  rows: ToCallRow[];
}): VNode | null {
  const { l } = props;
  if (props.rows.length === 0) return null;
  return (
    <Section id="to-call" heading={t(l, 'callbacks.open', { n: props.rows.length })} class={props.class ?? 'ponte-card mb-3'}>
      <ul class="list-unstyled">
        {props.rows.map((r) => (
          <li class="mb-2">
            <span class="fw-semibold">{r.name ?? '—'}</span> <a href={`tel:${(r.phone ?? '').replace(/[^\d+]/g, '')}`}>{r.phone}</a> ·{' '}
            {t(l, `callbacks.reason.${r.reason}`)}
            {r.more}
            <ButtonForm
              action={`/admin/phone-callbacks/${r.id}/fatto`}
              csrf={props.csrf}
              hidden={{ back: props.back }}
              label={t(l, 'callbacks.done')}
              class="btn btn-primary btn-sm mt-1"
            >
              <span class="visually-hidden"> – {r.name ?? r.phone}</span>
            </ButtonForm>
          </li>
        ))}
      </ul>
      <p class="mb-0">
        <a href={`/admin/organisations/${props.orgId}/da-avvisare`}>{t(l, 'callbacks.all')}</a>
      </p>
    </Section>
  );
}
