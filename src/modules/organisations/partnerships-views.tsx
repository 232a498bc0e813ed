import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { FormSection } from '../../web/components/form-section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { type Errors, Form, FormProblem, Notice, SelectField } from '../../web/forms.js';
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

type ListKind = 'incoming' | 'active' | 'outgoing';
type ListAction = { path: string; label: string; danger?: boolean };

/**
 * The lists of live partnerships, in the page's order: which partnerships each holds (seen from
 * the organisation `self`), the date each shows and what an editor can do with them.
 */
const LIVE_LISTS: {
  kind: ListKind;
  holds: (p: Partnership, self: string) => boolean;
  when: (p: Partnership) => [string, string | null];
  actions: ListAction[];
}[] = [
  {
    kind: 'incoming',
    holds: (p, self) => p.status === 'pending' && p.partner.id === self,
    when: (p) => ['requestedOn', p.requestedAt],
    actions: [
      { path: 'accept', label: 'partnerships.accept' },
      { path: 'decline', label: 'partnerships.decline', danger: true },
    ],
  },
  {
    kind: 'active',
    holds: (p) => p.status === 'accepted',
    when: (p) => ['acceptedOn', p.decidedAt],
    actions: [{ path: 'end', label: 'partnerships.end', danger: true }],
  },
  {
    kind: 'outgoing',
    holds: (p, self) => p.status === 'pending' && p.organisation.id === self,
    when: (p) => ['requestedOn', p.requestedAt],
    actions: [{ path: 'end', label: 'partnerships.withdraw', danger: true }],
  },
];

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
  const past = props.partnerships.filter((p) => p.status === 'declined' || p.status === 'ended');
  const name = (p: Partnership) => <PartnerName p={p} self={o.id} />;
  const list = { l, csrf: props.ctx.csrf, base, self: o.id, canEdit: props.canEdit };
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'partnerships.title')} · ${o.name}`}
      crumbs={staffCrumbs(l, o, { label: t(l, 'partnerships.title') })}
    >
      <h1>{t(l, 'partnerships.title')}</h1>
      <p>{t(l, 'partnerships.intro')}</p>
      {props.done ? <Notice kind="success">{t(l, `partnerships.done.${props.done}`)}</Notice> : null}
      <FormProblem errors={errors} />

      {LIVE_LISTS.map((x) => (
        <PartnershipList
          {...list}
          kind={x.kind}
          items={props.partnerships.filter((p) => x.holds(p, o.id))}
          when={x.when}
          actions={x.actions}
        />
      ))}

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
        <RequestForm
          l={l}
          csrf={props.ctx.csrf}
          action={base}
          choices={props.choices}
          errors={errors}
          value={props.values?.partner ?? ''}
        />
      ) : null}
    </Layout>
  );
}

function PartnerName(props: { p: Partnership; self: string }): VNode {
  return (
    <span class="fw-bold" id={`partnership-${props.p.id}`}>
      {other(props.p, props.self).name}
    </span>
  );
}

/**
 * One list of partnerships (asked of us, active, asked by us): each with the other organisation,
 * the date that matters and, for editors, the buttons that answer, end or withdraw it.
 */
function PartnershipList(props: {
  l: PageContext['lang'];
  csrf?: string;
  base: string;
  self: string;
  canEdit: boolean;
  kind: ListKind;
  items: Partnership[];
  when: (p: Partnership) => [string, string | null];
  actions: ListAction[];
}): VNode {
  const { l } = props;
  return (
    <>
      <h2 class="h4 mt-4">{t(l, `partnerships.${props.kind}`)}</h2>
      {props.items.length === 0 ? <p>{t(l, `partnerships.${props.kind}.none`)}</p> : null}
      <ul class="list-unstyled">
        {props.items.map((p) => {
          const [label, at] = props.when(p);
          return (
            <li class="ponte-card">
              <PartnerName p={p} self={props.self} />
              {props.kind === 'incoming' ? ` ${t(l, 'partnerships.incoming.asks')}` : null}
              <span class="d-block">
                {t(l, `partnerships.${label}`)} {day(at, l)}
              </span>
              {props.canEdit
                ? props.actions.map((a) => (
                    <ActionButton
                      action={`${props.base}/${p.id}/${a.path}`}
                      csrf={props.csrf}
                      label={t(l, a.label)}
                      danger={a.danger}
                      describedBy={`partnership-${p.id}`}
                    />
                  ))
                : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Asks another organisation to be a partner: it becomes one when that organisation accepts. */
function RequestForm(props: {
  l: PageContext['lang'];
  csrf?: string;
  action: string;
  choices: { id: string; name: string }[];
  errors: Errors;
  value: string;
}): VNode {
  const { l } = props;
  return (
    <FormSection
      heading={t(l, 'partnerships.request')}
      lang={l}
      errors={props.errors}
      labels={{ partner: t(l, 'partnerships.request.partner') }}
      action={props.action}
      csrf={props.csrf}
      submit={t(l, 'partnerships.request')}
    >
      <SelectField
        name="partner"
        label={t(l, 'partnerships.request.partner')}
        required
        placeholder={t(l, 'partnerships.request.choose')}
        options={props.choices.map((c) => ({ value: c.id, label: c.name }))}
        value={props.value}
        error={props.errors.partner}
        hint={t(l, 'partnerships.request.hint')}
      />
    </FormSection>
  );
}
