import type { VNode } from 'preact';
import { t } from '../../../core/i18n.js';
import { Honeypot, SubmitButton } from '../../../web/components/form-page.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, type FormBody, Notice, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';

/** The pages of a confirmation: what the link or the code did, and the form for the SMS code. */

const crumbs = (ctx: PageContext, label: string) => [
  { href: '/', label: t(ctx.lang, 'nav.home') },
  { href: '/partecipa', label: t(ctx.lang, 'participation.list.title') },
  { label },
];

export function ConfirmedPage(props: {
  ctx: PageContext;
  status: 'confirmed' | 'already' | 'refused';
  message: string;
  link?: string;
}): VNode {
  const l = props.ctx.lang;
  const title = t(l, props.status === 'confirmed' ? 'participation.confirm.title' : 'participation.confirm.titleNot');
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={crumbs(props.ctx, title)}>
      <Notice kind={props.status === 'confirmed' ? 'success' : props.status === 'already' ? 'info' : 'danger'}>{props.message}</Notice>
      {props.link ? (
        <p>
          <a href={props.link}>{t(l, 'participation.confirm.open')}</a>
        </p>
      ) : null}
    </TitledPage>
  );
}

export function CodePage(props: { ctx: PageContext; values?: FormBody; errors?: Errors }): VNode {
  const l = props.ctx.lang;
  const e = props.errors ?? {};
  const one = (k: string) => {
    const v = props.values?.[k];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const title = t(l, 'participation.code.title');
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={crumbs(props.ctx, title)}>
      <p>{t(l, 'participation.code.lead')}</p>
      <ErrorSummary
        errors={e}
        title={t(l, 'participation.form.errors')}
        labels={{ phone: t(l, 'participation.code.phone'), code: t(l, 'participation.code.code') }}
      />
      <Form action="/partecipa/conferma" csrf={props.ctx.csrf}>
        <TextField
          name="phone"
          type="tel"
          label={t(l, 'participation.code.phone')}
          value={one('phone')}
          error={e.phone}
          required
          autocomplete="tel"
          maxLength={30}
        />
        <TextField
          name="code"
          label={t(l, 'participation.code.code')}
          value={one('code')}
          error={e.code}
          required
          inputMode="numeric"
          autocomplete="one-time-code"
          maxLength={6}
        />
        <Honeypot label={t(l, 'participation.form.honeypot')} />
        <SubmitButton label={t(l, 'participation.code.send')} />
      </Form>
    </TitledPage>
  );
}
