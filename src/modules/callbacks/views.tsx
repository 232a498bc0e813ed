import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { ButtonForm } from '../../web/components/form-section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { Notice } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';

/** One person to call, with what the owning module says of their booking. */
export interface CallbackRow {
  id: string;
  reason: string;
  createdAt: string;
  name: string | null;
  phone: string;
  /** The event or the desk and when, linking to its bookings. */
  where: { label: string; href: string };
  code: string | null;
}

const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

const when = (iso: string, l: Lang) =>
  new Date(iso).toLocaleString(l === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' });

/** The "Avvisata" button: ticks the entry off and comes back to `back`. */
export function DoneButton(props: { id: string; csrf?: string; back: string; label: string; whose: string }): VNode {
  return (
    <ButtonForm
      action={`/admin/phone-callbacks/${props.id}/fatto`}
      csrf={props.csrf}
      hidden={{ back: props.back }}
      label={props.label}
      class="btn btn-primary btn-sm"
    >
      <span class="visually-hidden"> – {props.whose}</span>
    </ButtonForm>
  );
}

export function CallbacksPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  rows: CallbackRow[];
  ticked: boolean;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const back = `/admin/organisations/${o.id}/da-avvisare`;
  return (
    <Layout ctx={props.ctx} title={`${t(l, 'callbacks.title')} · ${o.name}`} crumbs={staffCrumbs(l, o, { label: t(l, 'callbacks.title') })}>
      <h1>{t(l, 'callbacks.title')}</h1>
      <p class="lead">{t(l, 'callbacks.lead')}</p>
      {props.ticked ? <Notice kind="success">{t(l, 'callbacks.done.notice')}</Notice> : null}
      {props.rows.length === 0 ? <p>{t(l, 'callbacks.none')}</p> : null}
      <ul class="list-unstyled ponte-callbacks">
        {props.rows.map((r) => (
          <li class="ponte-card mb-3">
            <h2 class="h5 mb-1">{r.name ?? '—'}</h2>
            <p class="mb-1">
              <a href={telHref(r.phone)}>{r.phone}</a>
            </p>
            <p class="mb-1 fw-semibold">{t(l, `callbacks.reason.${r.reason}`)}</p>
            <p class="mb-1">
              <a href={r.where.href}>{r.where.label}</a>
              {r.code ? ` · ${t(l, 'callbacks.col.code')}: ${r.code}` : ''}
            </p>
            <p class="mb-2 text-muted">
              {t(l, 'callbacks.col.when')} {when(r.createdAt, l)}
            </p>
            <DoneButton id={r.id} csrf={props.ctx.csrf} back={back} label={t(l, 'callbacks.done')} whose={r.name ?? r.phone} />
          </li>
        ))}
      </ul>
    </Layout>
  );
}
