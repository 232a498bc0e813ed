import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatRome } from '../../core/time.js';
import { ButtonLink } from '../../web/components/action-links.js';
import { ChoiceInputs } from '../../web/components/choice-inputs.js';
import { DetailList } from '../../web/components/detail-list.js';
import { FieldList } from '../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../web/components/form-section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { URL_INPUT } from '../../web/components/url-input.js';
import { type Errors, type FormBody, Notice } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import {
  DELIVERY_KEEP_DAYS,
  DESCRIPTION_MAX,
  type DeliveryView,
  type SubscriptionView,
  URL_MAX,
  WEBHOOK_EVENTS,
  WEBHOOK_MAX_ATTEMPTS,
} from './service.js';
import { DEFAULT_TOLERANCE_S, SIGNATURE_HEADER } from './signing.js';

interface Org {
  id: string;
  name: string;
}

const FIELD_LABELS = { url: 'webhooks.url', events: 'webhooks.events', description: 'webhooks.description' };
const labels = (l: Lang) => Object.fromEntries(Object.entries(FIELD_LABELS).map(([f, k]) => [f, t(l, k)]));

const crumbs = (ctx: PageContext, org: Org, last?: string) =>
  last
    ? staffCrumbs(ctx.lang, org, { href: `/admin/organisations/${org.id}/webhooks`, label: t(ctx.lang, 'webhooks.title') }, { label: last })
    : staffCrumbs(ctx.lang, org, { label: t(ctx.lang, 'webhooks.title') });

const eventLabel = (l: Lang, type: string) => t(l, `webhooks.event.${type}`);
const when = (l: Lang, iso: string | null) => (iso ? formatRome(iso, l, 'd/M/yyyy HH:mm:ss') : '—');

export type FormValues = {
  url?: string;
  events?: string[];
  description?: string;
};

function EventChoices(props: { l: Lang; chosen: string[]; error?: string }): VNode {
  const { l } = props;
  const describedBy = ['h-events', props.error ? 'e-events' : ''].filter(Boolean).join(' ');
  return (
    <fieldset class="mb-3" id="f-events" aria-describedby={describedBy} tabIndex={-1}>
      <legend class="form-label h6">
        {t(l, 'webhooks.events')}
        <span aria-hidden="true"> *</span>
      </legend>
      <small id="h-events" class="form-text d-block mb-2">
        {t(l, 'webhooks.events.hint')}
      </small>
      <ChoiceInputs
        type="checkbox"
        name="events"
        idPrefix="f-events-"
        checked={(e) => props.chosen.includes(e)}
        invalid={!!props.error}
        choices={WEBHOOK_EVENTS.map((e) => ({
          value: e,
          label: (
            <>
              {eventLabel(l, e)} <code>{e}</code>
            </>
          ),
        }))}
      />
      {props.error ? (
        <div id="e-events" class="ponte-field-error">
          {props.error}
        </div>
      ) : null}
    </fieldset>
  );
}

function SubscriptionFields(props: { l: Lang; values: FormBody; errors: Errors }): VNode {
  const { l, values, errors } = props;
  const form = { values, errors, label: (name: string) => t(l, `webhooks.${name}`) };
  return (
    <>
      <FieldList {...form} fields={[{ name: 'url', ...URL_INPUT, maxLength: URL_MAX, hint: t(l, 'webhooks.url.hint') }]} />
      <EventChoices l={l} chosen={[values.events ?? []].flat()} error={errors.events} />
      <FieldList {...form} fields={[{ name: 'description', maxLength: DESCRIPTION_MAX, hint: t(l, 'webhooks.description.hint') }]} />
    </>
  );
}

function SignatureHelp(props: { l: Lang }): VNode {
  return (
    <details class="mt-4">
      <summary>{t(props.l, 'webhooks.help.title')}</summary>
      <p class="mt-2">{t(props.l, 'webhooks.help', { header: SIGNATURE_HEADER, minutes: DEFAULT_TOLERANCE_S / 60 })}</p>
    </details>
  );
}

export function WebhooksPage(props: { ctx: PageContext; organisation: Org; subscriptions: SubscriptionView[] }): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  return (
    <Layout ctx={props.ctx} title={`${t(l, 'webhooks.title')} · ${o.name}`} crumbs={crumbs(props.ctx, o)}>
      <h1>{t(l, 'webhooks.title')}</h1>
      <p>{t(l, 'webhooks.lead')}</p>
      <ButtonLink href={`/admin/organisations/${o.id}/webhooks/new`} label={t(l, 'webhooks.new')} />
      {props.subscriptions.length === 0 ? (
        <p>{t(l, 'webhooks.none')}</p>
      ) : (
        <ul class="list-unstyled">
          {props.subscriptions.map((s) => (
            <li class="ponte-card">
              <p class="mb-1 text-break">
                <a href={`/admin/webhooks/${s.id}`} aria-label={t(l, 'webhooks.open', { url: s.url })}>
                  {s.description ?? s.url}
                </a>
              </p>
              {s.description ? <p class="mb-1 text-break small">{s.url}</p> : null}
              <p class="mb-1">
                {t(l, 'webhooks.state')}: <strong>{t(l, s.active ? 'webhooks.active' : 'webhooks.paused')}</strong>
              </p>
              <p class="mb-0 small">{s.events.map((e) => eventLabel(l, e)).join(' · ')}</p>
            </li>
          ))}
        </ul>
      )}
      <SignatureHelp l={l} />
    </Layout>
  );
}

export function NewWebhookPage(props: FormPageProps & { organisation: Org }): VNode {
  const { l, v, e: errors } = formPage(props, { events: [...WEBHOOK_EVENTS] });
  const o = props.organisation;
  return (
    <Layout ctx={props.ctx} title={`${t(l, 'webhooks.new')} · ${o.name}`} crumbs={crumbs(props.ctx, o, t(l, 'webhooks.new'))}>
      <h1>{t(l, 'webhooks.new')}</h1>
      <FormBlock
        ctx={props.ctx}
        errors={errors}
        labels={labels(l)}
        action={`/admin/organisations/${o.id}/webhooks`}
        submit={t(l, 'webhooks.create')}
      >
        <SubscriptionFields l={l} values={v} errors={errors} />
      </FormBlock>
      <SignatureHelp l={l} />
    </Layout>
  );
}

export type WebhookNotice = 'created' | 'rotated' | 'saved' | 'pinged' | 'paused' | 'resumed';
const NOTICES: Record<WebhookNotice, string> = {
  created: 'webhooks.created',
  rotated: 'webhooks.rotated',
  saved: 'webhooks.saved',
  pinged: 'webhooks.pinged',
  paused: 'webhooks.pausedNotice',
  resumed: 'webhooks.resumedNotice',
};

function DeliveryLog(props: { l: Lang; deliveries: DeliveryView[] }): VNode {
  const { l } = props;
  if (props.deliveries.length === 0) return <p>{t(l, 'webhooks.log.none')}</p>;
  return (
    <ol class="list-unstyled">
      {props.deliveries.map((d) => (
        <li class="ponte-card">
          <p class="mb-1">
            <strong>{eventLabel(l, d.type)}</strong> <code>{d.type}</code>
          </p>
          <DetailList
            class="row mb-0 small"
            termClass="col-5 col-md-3"
            valueClass="col-7 col-md-9"
            details={[
              { term: t(l, 'webhooks.state'), value: t(l, `webhooks.log.status.${d.status}`) },
              { term: t(l, 'webhooks.log.created'), value: when(l, d.createdAt) },
              { term: t(l, 'webhooks.log.attempts'), value: d.attempts },
              { term: t(l, 'webhooks.log.last'), value: when(l, d.lastAttemptAt) },
              { term: t(l, 'webhooks.log.response'), value: d.responseStatus ?? '—' },
              d.lastError && { term: t(l, 'webhooks.log.error'), value: d.lastError, class: 'text-break' },
              { term: t(l, 'webhooks.log.id'), value: <code>{d.id}</code>, class: 'text-break' },
            ]}
          />
        </li>
      ))}
    </ol>
  );
}

function ActionButton(props: { action: string; csrf?: string; label: string; hint?: string; danger?: boolean; field?: [string, string] }) {
  return (
    <li class="mb-2">
      <ButtonForm
        action={props.action}
        csrf={props.csrf}
        hidden={props.field ? { [props.field[0]]: props.field[1] } : undefined}
        label={props.label}
        class={`btn ${props.danger ? 'btn-danger' : 'btn-outline-primary'}`}
      />
      {props.hint ? <small class="form-text d-block">{props.hint}</small> : null}
    </li>
  );
}

export function WebhookPage(
  props: FormPageProps & {
    organisation: Org;
    subscription: SubscriptionView;
    deliveries: DeliveryView[];
    /** The signing secret, right after creation or rotation: the only time it is shown. */
    secret?: string;
    notice?: WebhookNotice;
  },
): VNode {
  const s = props.subscription;
  const { l, v, e: errors } = formPage(props, { url: s.url, events: s.events, description: s.description ?? '' });
  const o = props.organisation;
  const title = s.description ?? s.url;
  const base = `/admin/webhooks/${s.id}`;
  return (
    <Layout ctx={props.ctx} title={`${t(l, 'webhooks.title')} · ${o.name}`} crumbs={crumbs(props.ctx, o, t(l, 'webhooks.title'))}>
      <h1 class="text-break">{title}</h1>
      {props.notice ? <Notice kind="success">{t(l, NOTICES[props.notice])}</Notice> : null}
      {props.secret ? (
        <section class="alert alert-warning" aria-labelledby="secret-title">
          <h2 class="h5" id="secret-title">
            {t(l, 'webhooks.secret.title')}
          </h2>
          <p>{t(l, 'webhooks.secret.once')}</p>
          <label class="form-label" for="secret">
            {t(l, 'webhooks.secret.label')}
          </label>
          <input class="form-control" id="secret" type="text" readOnly value={props.secret} />
        </section>
      ) : null}
      <DetailList
        class="row"
        termClass="col-sm-3"
        valueClass="col-sm-9"
        details={[
          { term: t(l, 'webhooks.url'), value: s.url, class: 'text-break' },
          { term: t(l, 'webhooks.state'), value: t(l, s.active ? 'webhooks.active' : 'webhooks.paused') },
          { term: t(l, 'webhooks.events'), value: s.events.map((e) => eventLabel(l, e)).join(' · ') },
        ]}
      />

      <h2 class="h4">{t(l, 'webhooks.actions')}</h2>
      <ul class="list-unstyled">
        <ActionButton
          action={`${base}/active`}
          csrf={props.ctx.csrf}
          label={t(l, s.active ? 'webhooks.pause' : 'webhooks.resume')}
          field={['active', s.active ? '0' : '1']}
        />
        <ActionButton action={`${base}/ping`} csrf={props.ctx.csrf} label={t(l, 'webhooks.ping')} />
        <ActionButton action={`${base}/secret`} csrf={props.ctx.csrf} label={t(l, 'webhooks.rotate')} hint={t(l, 'webhooks.rotate.hint')} />
      </ul>

      <h2 class="h4 mt-4">{t(l, 'webhooks.log')}</h2>
      <p>{t(l, 'webhooks.log.hint', { max: WEBHOOK_MAX_ATTEMPTS, days: DELIVERY_KEEP_DAYS })}</p>
      <DeliveryLog l={l} deliveries={props.deliveries} />

      <h2 class="h4 mt-4" id="edit">
        {t(l, 'webhooks.edit')}
      </h2>
      <FormBlock ctx={props.ctx} errors={errors} labels={labels(l)} action={base} submit={t(l, 'form.save')}>
        <SubscriptionFields l={l} values={v} errors={errors} />
      </FormBlock>

      <h2 class="h4 mt-4">{t(l, 'webhooks.delete')}</h2>
      <ul class="list-unstyled">
        <ActionButton
          action={`${base}/delete`}
          csrf={props.ctx.csrf}
          label={t(l, 'webhooks.delete')}
          hint={t(l, 'webhooks.delete.hint')}
          danger
        />
      </ul>
      <SignatureHelp l={l} />
    </Layout>
  );
}
