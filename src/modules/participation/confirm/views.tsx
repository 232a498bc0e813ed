import type { VNode } from 'preact';
import { t } from '../../../core/i18n.js';
import { FieldList } from '../../../web/components/field-list.js';
import { Honeypot } from '../../../web/components/form-page.js';
import { FormBlock } from '../../../web/components/form-section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { type Errors, type FormBody, Notice } from '../../../web/forms.js';
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
  const label = (name: string) => t(l, `participation.code.${name}`);
  const title = label('title');
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={crumbs(props.ctx, title)}>
      <p>{label('lead')}</p>
      <FormBlock
        lang={l}
        errors={e}
        title={t(l, 'participation.form.errors')}
        labels={{ phone: label('phone'), code: label('code') }}
        action="/partecipa/conferma"
        csrf={props.ctx.csrf}
        submit={label('send')}
        width={false}
      >
        <FieldList
          values={props.values}
          errors={e}
          label={label}
          fields={[
            { name: 'phone', type: 'tel', required: true, autocomplete: 'tel', maxLength: 30 },
            { name: 'code', required: true, inputMode: 'numeric', autocomplete: 'one-time-code', maxLength: 6 },
          ]}
        />
        <Honeypot label={t(l, 'participation.form.honeypot')} />
      </FormBlock>
    </TitledPage>
  );
}
