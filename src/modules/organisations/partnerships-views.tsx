import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { ErrorSummary, type Errors, Form, Notice, SelectField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { Organisation, Partnership } from './service.js';

const day = (iso: string | null, l: PageContext['lang']) => (iso ? formatDate(iso.slice(0, 10), l) : '');

/** The other side of a partnership, seen from `orgId`. */
const other = (p: Partnership, orgId: string) => (p.organisation.id === orgId ? p.partner : p.organisation);

/** One button in its own small form: each action works without JavaScript and carries the CSRF token. */
function ActionButton(props: { action: string; csrf?: string; label: string; danger?: boolean; describedBy: string }): VNode {
  return (
    <Form action={props.action} csrf={props.csrf} class="d-inline-block me-2 mt-2">
      <button
        type="submit"
        class={`btn btn-sm ${props.danger ? 'btn-outline-danger' : 'btn-primary'}`}
        aria-describedby={props.describedBy}
      >
        {props.label}
      </button>
    </Form>
  );
}

export function PartnershipsPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  partnerships: Partnership[];
  /** Organisations that can be asked: every other one without a live partnership. */
  choices: { id: string; name: string }[];
  canEdit: boolean;
  done?: string;
  errors?: Errors;
  values?: { partner?: string };
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const errors = props.errors ?? {};
  const base = `/admin/organisations/${o.id}/partnerships`;
  const incoming = props.partnerships.filter((p) => p.status === 'pending' && p.partner.id === o.id);
  const outgoing = props.partnerships.filter((p) => p.status === 'pending' && p.organisation.id === o.id);
  const active = props.partnerships.filter((p) => p.status === 'accepted');
  const past = props.partnerships.filter((p) => p.status === 'declined' || p.status === 'ended');
  const name = (p: Partnership) => (
    <span class="fw-bold" id={`partnership-${p.id}`}>
      {other(p, o.id).name}
    </span>
  );
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'partnerships.title')} · ${o.name}`}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/organisations/${o.id}`, label: o.name },
        { label: t(l, 'partnerships.title') },
      ]}
    >
      <h1>{t(l, 'partnerships.title')}</h1>
      <p>{t(l, 'partnerships.intro')}</p>
      {props.done ? <Notice kind="success">{t(l, `partnerships.done.${props.done}`)}</Notice> : null}
      {errors._ ? <Notice kind="danger">{errors._}</Notice> : null}

      <h2 class="h4 mt-4">{t(l, 'partnerships.incoming')}</h2>
      {incoming.length === 0 ? <p>{t(l, 'partnerships.incoming.none')}</p> : null}
      <ul class="list-unstyled">
        {incoming.map((p) => (
          <li class="ponte-card">
            {name(p)} {t(l, 'partnerships.incoming.asks')}
            <span class="d-block">
              {t(l, 'partnerships.requestedOn')} {day(p.requestedAt, l)}
            </span>
            {props.canEdit ? (
              <>
                <ActionButton
                  action={`${base}/${p.id}/accept`}
                  csrf={props.ctx.csrf}
                  label={t(l, 'partnerships.accept')}
                  describedBy={`partnership-${p.id}`}
                />
                <ActionButton
                  action={`${base}/${p.id}/decline`}
                  csrf={props.ctx.csrf}
                  label={t(l, 'partnerships.decline')}
                  danger
                  describedBy={`partnership-${p.id}`}
                />
              </>
            ) : null}
          </li>
        ))}
      </ul>

      <h2 class="h4 mt-4">{t(l, 'partnerships.active')}</h2>
      {active.length === 0 ? <p>{t(l, 'partnerships.active.none')}</p> : null}
      <ul class="list-unstyled">
        {active.map((p) => (
          <li class="ponte-card">
            {name(p)}
            <span class="d-block">
              {t(l, 'partnerships.acceptedOn')} {day(p.decidedAt, l)}
            </span>
            {props.canEdit ? (
              <ActionButton
                action={`${base}/${p.id}/end`}
                csrf={props.ctx.csrf}
                label={t(l, 'partnerships.end')}
                danger
                describedBy={`partnership-${p.id}`}
              />
            ) : null}
          </li>
        ))}
      </ul>

      <h2 class="h4 mt-4">{t(l, 'partnerships.outgoing')}</h2>
      {outgoing.length === 0 ? <p>{t(l, 'partnerships.outgoing.none')}</p> : null}
      <ul class="list-unstyled">
        {outgoing.map((p) => (
          <li class="ponte-card">
            {name(p)}
            <span class="d-block">
              {t(l, 'partnerships.requestedOn')} {day(p.requestedAt, l)}
            </span>
            {props.canEdit ? (
              <ActionButton
                action={`${base}/${p.id}/end`}
                csrf={props.ctx.csrf}
                label={t(l, 'partnerships.withdraw')}
                danger
                describedBy={`partnership-${p.id}`}
              />
            ) : null}
          </li>
        ))}
      </ul>

      {past.length > 0 ? (
        <>
          <h2 class="h4 mt-4">{t(l, 'partnerships.past')}</h2>
          <ul class="list-unstyled">
            {past.map((p) => (
              <li class="ponte-card">
                {name(p)} · {t(l, `partnerships.status.${p.status}`)} {day(p.status === 'ended' ? p.endedAt : p.decidedAt, l)}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {props.canEdit ? (
        <>
          <h2 class="h4 mt-4">{t(l, 'partnerships.request')}</h2>
          <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={{ partner: t(l, 'partnerships.request.partner') }} />
          <div class="col-12 col-md-8 col-lg-6 px-0">
            <Form action={base} csrf={props.ctx.csrf}>
              <SelectField
                name="partner"
                label={t(l, 'partnerships.request.partner')}
                required
                placeholder={t(l, 'partnerships.request.choose')}
                options={props.choices.map((c) => ({ value: c.id, label: c.name }))}
                value={props.values?.partner ?? ''}
                error={errors.partner}
                hint={t(l, 'partnerships.request.hint')}
              />
              <button type="submit" class="btn btn-primary">
                {t(l, 'partnerships.request')}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </Layout>
  );
}
